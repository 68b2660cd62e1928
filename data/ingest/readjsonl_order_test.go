package ingest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data/ingest"
)

// ReadJSONL parses lines on every core; items and bad rows still come in
// the file's order with the file's line numbers, across chunk boundaries.
func TestReadJSONL_OrderAcrossChunks(t *testing.T) {
	var b strings.Builder
	var wantIDs []string
	var wantBad []int
	for line := 1; line <= 1300; line++ {
		switch {
		case line%97 == 0:
			b.WriteString("{not json\n")
			wantBad = append(wantBad, line)
		case line%89 == 0:
			b.WriteString("   \n") // blank: neither item nor bad row
		default:
			id := fmt.Sprintf("o-%d", line)
			wantIDs = append(wantIDs, id)
			fmt.Fprintf(&b, `{"id":%q,"kind":"offer","title":"Offer %d on solar drying","description":"Line %d.","org":"Org %d","org_country":"France"}`+"\n", id, line, line, line%17)
		}
	}
	items, bad, err := ingest.ReadJSONL(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(wantIDs) || len(bad) != len(wantBad) {
		t.Fatalf("%d items, %d bad rows; want %d and %d", len(items), len(bad), len(wantIDs), len(wantBad))
	}
	for i, it := range items {
		if it.Offer == nil || it.Offer.ExternalID != wantIDs[i] {
			t.Fatalf("item %d is %+v, want %s", i, it.Offer, wantIDs[i])
		}
	}
	for i, r := range bad {
		if r.Line != wantBad[i] {
			t.Errorf("bad row %d on line %d, want %d", i, r.Line, wantBad[i])
		}
	}
}
