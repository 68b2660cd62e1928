package bolt_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data/ingest"
)

// BenchmarkStoreCreateOffer is one durable transaction (two fsyncs) per
// record, as the API writes.
func BenchmarkStoreCreateOffer(b *testing.B) {
	s := MustOpenStore(b)
	org, _ := s.CreateOrganization(testOrg("Bench"), nil)
	f := testOffer("Benchmark offer with a realistic title about shore power")
	f.Description = string(make([]byte, 0)) + "A description of about one kilobyte. " + fmt.Sprintf("%0900d", 0)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.CreateOffer(org.ID, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
}

func BenchmarkStoreReadOffer(b *testing.B) {
	s := MustOpenStore(b)
	items := ingest.Synthetic(100, 10, 1)
	if _, err := s.Import(context.Background(), items); err != nil {
		b.Fatal(err)
	}
	st, _ := s.Stats()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.Offer(uint64(i%st.Offers) + 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkImportSynthetic is a bulk load in transactions of a few thousand.
func BenchmarkImportSynthetic(b *testing.B) {
	items := ingest.Synthetic(1000, 10, 1)
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := MustOpenStore(b)
		b.StartTimer()
		start := time.Now()
		if _, err := s.Import(context.Background(), items); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(len(items)*b.N)/total.Seconds(), "records/s")
}

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

// BenchmarkImportCorpus parses and loads the whole shared corpus.
func BenchmarkImportCorpus(b *testing.B) {
	files := corpusFiles(b)
	var total time.Duration
	rows := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := MustOpenStore(b)
		b.StartTimer()
		start := time.Now()
		for _, name := range files {
			f, _ := os.Open(name)
			items, _, err := ingest.ReadJSONL(f)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Import(context.Background(), items); err != nil {
				b.Fatal(err)
			}
			rows += len(items)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(rows)/total.Seconds(), "records/s")
}
