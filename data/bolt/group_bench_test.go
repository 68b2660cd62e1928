package bolt_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkStoreCreateOffer8Writers is the store side of the registration
// desk alone: 8 goroutines create offers at once, so their writes share
// group commits (no HTTP, no index). It bounds what the HTTP benchmark can
// reach on the same disk.
func BenchmarkStoreCreateOffer8Writers(b *testing.B) {
	s := MustOpenStore(b)
	org, _ := s.CreateOrganization(testOrg("Bench"), nil)
	tx0, w0 := s.CommitStats()
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				if _, err := s.CreateOffer(org.ID, testOffer(fmt.Sprintf("Desk offer %d about shore power", n))); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	tx1, w1 := s.CommitStats()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(w1-w0)/float64(max(tx1-tx0, 1)), "writes/tx")
	b.ReportMetric(elapsed.Seconds()*1000/float64(max(tx1-tx0, 1)), "ms/tx")
}
