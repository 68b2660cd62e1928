package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A JSON Lines file saved with a byte-order mark (as Windows editors do)
// imports every row and ranks with its first record too.
func TestByteOrderMarkedFileImportsAndRanks(t *testing.T) {
	dir := t.TempDir()
	offers := filepath.Join(dir, "offers.jsonl")
	needs := filepath.Join(dir, "needs.jsonl")
	bom := "\xef\xbb\xbf"
	os.WriteFile(offers, []byte(bom+strings.Join([]string{
		`{"id":"o-shore","kind":"offer","title":"High-voltage shore power for container berths","description":"Frequency converters and cable reels so ships switch off diesel generators at berth.","org":"Quai Énergie","org_country":"France","language":"en"}`,
		`{"id":"o-weld","kind":"offer","title":"Welding robot for ship hull blocks","description":"Seam tracking and offline programming for hull panels.","org":"Rhein Weld","org_country":"Germany","language":"en"}`,
	}, "\n")), 0o644)
	os.WriteFile(needs, []byte(bom+`{"id":"n-1","kind":"need","title":"Shore power supply for our container berths","org":"Cảng Đông","org_country":"VN","language":"en"}`+"\n"), 0o644)

	var out, errs bytes.Buffer
	data := filepath.Join(dir, "data")
	if err := run(t.Context(), []string{"import", "--data", data, offers, needs}, &out, &errs); err != nil {
		t.Fatalf("import: %v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "imported 3 new") || !strings.Contains(out.String(), "0 bad rows") {
		t.Fatalf("import: %s%s", out.String(), errs.String())
	}

	out.Reset()
	errs.Reset()
	if err := run(t.Context(), []string{"rank", "--offers", offers, "--needs", needs, "--top", "1"}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if errs.Len() > 0 || !strings.Contains(out.String(), `"need_id":"n-1"`) || !strings.Contains(out.String(), `"offer_id":"o-shore"`) {
		t.Fatalf("rank: %s\nstderr: %s", out.String(), errs.String())
	}
}
