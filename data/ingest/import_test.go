package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
)

// corpusDir is the shared corpus, beside the repository; absent on a
// user's clone.
const corpusDir = "../../../shared/corpus"

func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.jsonl"))
	if len(files) == 0 {
		tb.Skipf("no corpus at %s (it is beside the repository on the team's machines, not in it)", corpusDir)
	}
	return files
}

// mustOpenStore opens a store in a fresh temporary folder and checks the
// file's consistency when the test ends.
func mustOpenStore(tb testing.TB) *bolt.Store {
	tb.Helper()
	s, err := bolt.Open(filepath.Join(tb.TempDir(), "techmatch.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Check(); err != nil {
			tb.Errorf("store check: %v", err)
		}
		s.Close()
	})
	return s
}

func countLines(tb testing.TB, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Count(strings.TrimSpace(string(b)), "\n") + 1
}

func TestImport_CorpusLoadsEveryRow(t *testing.T) {
	files := corpusFiles(t)
	s := mustOpenStore(t)
	want := 0
	for _, name := range files {
		f, _ := os.Open(name)
		items, bad, err := ingest.ReadJSONL(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("%s: %v", name, b)
		}
		lines := countLines(t, name)
		if len(items) != lines {
			t.Errorf("%s: %d items from %d lines", name, len(items), lines)
		}
		want += lines
		if _, err := s.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := s.Stats()
	if st.Offers+st.Needs != want {
		t.Fatalf("store has %d offers + %d needs, want %d rows", st.Offers, st.Needs, want)
	}
	// Organizations are deduplicated by name and country.
	if st.Organizations < 100 || st.Organizations > 400 {
		t.Errorf("%d organizations from %d rows: deduplication looks wrong", st.Organizations, want)
	}
	// Importing again updates in place instead of duplicating.
	f, _ := os.Open(files[0])
	items, _, _ := ingest.ReadJSONL(f)
	f.Close()
	res, err := s.Import(context.Background(), items)
	if err != nil || res.Created != 0 || res.Updated != len(items) {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	if st2, _ := s.Stats(); st2.Offers+st2.Needs != want {
		t.Fatalf("re-import changed the count to %d", st2.Offers+st2.Needs)
	}
}

func TestImport_NormalizesMessyValues(t *testing.T) {
	in := `{"id":"x-1","kind":"offer","title":"Shore power converter","description":"50/60 Hz","org":"Volt GmbH","org_country":"Germany","language":"English","keywords":"shore power","trl":"TRL 7","partnership":["License (university technology licensing office listing)","Co-development"]}
{"id":"x-2","kind":"need","title":"Cấp điện bờ cho cảng","org":"Cảng Đông","org_country":"Việt Nam","language":"vi","trl":8,"partnership":["chuyển giao công nghệ"],"markets":["USA (offices in Poland and South Korea)"]}
`
	items, bad, err := ingest.ReadJSONL(strings.NewReader(in))
	if err != nil || len(bad) != 0 || len(items) != 2 {
		t.Fatalf("items %d, bad %v, err %v", len(items), bad, err)
	}
	o := items[0].Offer
	if o == nil || o.TRL != 7 || o.Language != "en" || items[0].Org.Country != "DE" || strings.Join(o.Keywords, ",") != "shore power" {
		t.Fatalf("offer normalized to %+v, org %+v", o, items[0].Org)
	}
	if !contains(o.Cooperation, data.CoopLicense) || len(o.Cooperation) < 2 {
		t.Errorf("cooperation %v", o.Cooperation)
	}
	n := items[1].Need
	if n == nil || n.MinTRL != 8 || items[1].Org.Country != "VN" || items[1].Org.Kind != data.OrgEnterprise || len(n.Cooperation) == 0 {
		t.Fatalf("need normalized to %+v, org %+v", n, items[1].Org)
	}
	if strings.Join(n.Markets, ",") != "US" {
		t.Errorf("markets %v", n.Markets)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestImport_BadRowsReportedByLineRestLoaded(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"ok-1","kind":"offer","title":"Good offer one","org":"Alpha Co","org_country":"VN"}`,
		`{"id":"bad-json","kind":"offer","title":`,
		`{"id":"bad-kind","kind":"banana","title":"Kind is wrong","org":"Alpha Co","org_country":"VN"}`,
		``,
		`{"id":"bad-trl","kind":"offer","title":"TRL out of range","org":"Alpha Co","org_country":"VN","trl":"TRL 12"}`,
		"{\"id\":\"bad-utf8\",\"kind\":\"offer\",\"title\":\"broken \xff\xfe bytes\",\"org\":\"A\"}",
		`{"id":"bad-type","kind":"offer","title":123,"org":"Alpha Co"}`,
		`{"id":"no-title","kind":"offer","title":"","org":"Alpha Co"}`,
		`{"id":"ok-2","kind":"need","title":"Good need two","org":null,"org_country":null}`,
	}, "\n")
	items, bad, err := ingest.ReadJSONL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Offer.ExternalID != "ok-1" || items[1].Need.ExternalID != "ok-2" {
		t.Fatalf("loaded %d items: %+v", len(items), items)
	}
	wantLines := map[int]string{2: "", 3: "kind", 5: "trl", 6: "", 7: "title", 8: "title"}
	if len(bad) != len(wantLines) {
		t.Fatalf("bad rows %v", bad)
	}
	for _, b := range bad {
		field, ok := wantLines[b.Line]
		if !ok {
			t.Errorf("unexpected bad line %d: %v", b.Line, b)
			continue
		}
		if b.Fields[0].Field != field {
			t.Errorf("line %d names field %q, want %q (%v)", b.Line, b.Fields[0].Field, field, b)
		}
	}
	if items[1].Org.Name == "" || items[1].Org.Country != "" {
		t.Errorf("row without org imported as %+v", items[1].Org)
	}
	s := mustOpenStore(t)
	if _, err := s.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}
