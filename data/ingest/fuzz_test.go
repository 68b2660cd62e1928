package ingest_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data/ingest"
)

// FuzzReadJSONL: whatever a file holds, reading it never panics, and every
// item it returns is valid.
func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"id":"a","kind":"offer","title":"Shore power","org":"Quai SA","org_country":"France","trl":"TRL 7","partnership":["License"]}`)
	f.Add(`{"id":"b","kind":"need","title":"Cấp điện bờ","org":null,"org_country":"USA (offices in Poland and South Korea)","markets":"Korea"}`)
	f.Add("{\"kind\":\"offer\",\"title\":\"\xff\"}\n\n{}")
	f.Add(`{"kind":"need","title":"x","trl":[1,2],"keywords":{"a":1}}`)
	f.Fuzz(func(t *testing.T, in string) {
		items, bad, err := ingest.ReadJSONL(strings.NewReader(in))
		if err != nil {
			t.Fatalf("reading from a string failed: %v", err)
		}
		for _, it := range items {
			var verr error
			if it.Offer != nil {
				verr = it.Offer.Validate()
			} else if it.Need != nil {
				verr = it.Need.Validate()
			} else {
				t.Fatal("an item with neither offer nor need")
			}
			if verr != nil {
				t.Fatalf("invalid item returned: %v", verr)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || len(b.Fields) == 0 || !utf8.ValidString(b.Error()) {
				t.Fatalf("bad row report %+v", b)
			}
		}
	})
}
