package ingest

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkReadJSONLCorpus parses the shared corpus's offers (JSON,
// normalization, sector inference), as `techmatch rank` reads them.
func BenchmarkReadJSONLCorpus(b *testing.B) {
	var all []byte
	for _, name := range []string{"offers.jsonl", "offers_extra.jsonl"} {
		raw, err := os.ReadFile("../../../shared/corpus/" + name)
		if err != nil {
			b.Skipf("no shared corpus beside the repository (%v); it is not shipped in the repo", err)
		}
		all = append(append(all, raw...), '\n')
	}
	b.SetBytes(int64(len(all)))
	for b.Loop() {
		items, bad, err := ReadJSONL(bytes.NewReader(all))
		if err != nil || len(items) == 0 {
			b.Fatal(err, len(items), len(bad))
		}
	}
}
