package search

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
)

// BenchmarkSyncSmallBatches applies writes in the small batches a busy
// registration desk makes (8 records a commit, one Sync each, as the API
// does after a group commit) and reports the CPU the whole process spends
// a record (store commit, analysis, segments, and the background persisting
// and merging, given a second to finish) and the bytes the merger wrote a
// record.
func BenchmarkSyncSmallBatches(b *testing.B) {
	s, err := bolt.Open(filepath.Join(b.TempDir(), "techmatch.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ix, err := Open(context.Background(), filepath.Join(b.TempDir(), "index"), s)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	const per = 8
	items := ingest.Synthetic(b.N*per/4+1, 4, 1)
	b.ResetTimer()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for i := 0; i < b.N; i++ {
		if _, err := s.Import(context.Background(), items[i*per:(i+1)*per]); err != nil {
			b.Fatal(err)
		}
		if err := ix.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	time.Sleep(time.Second) // the persister's and merger's share
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.StopTimer()
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	records := float64(b.N * per)
	b.ReportMetric(float64(cpu.Microseconds())/1000/records, "cpu-ms/record")
	if st, ok := ix.idx.StatsMap()["index"].(map[string]interface{}); ok {
		if v, ok := st["TotFileMergeWrittenBytes"].(uint64); ok {
			b.ReportMetric(float64(v)/records, "merged-B/record")
		}
	}
}
