package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
)

// benchWrites posts b.N offers over HTTP on 127.0.0.1 from the given number
// of concurrent clients, each with its own organization's token, and reports
// acknowledged writes per second and the latency of one acknowledged write.
// Every acknowledged write is committed (fsync) and searchable.
func benchWrites(b *testing.B, clients int) {
	ts := mustStartWith(b, b.TempDir(), api.Config{AdminToken: adminToken, NoSemantic: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	tokens := make([]string, clients)
	for i := range tokens {
		tokens[i] = ts.register(b, fmt.Sprintf("Desk Bench Org %d", i), "VN", "enterprise").Token
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	post := func(token string, n int) (time.Duration, error) {
		body, _ := json.Marshal(map[string]any{
			"title":       fmt.Sprintf("Membrane water filtration unit %d", n),
			"description": "Low-pressure ceramic membrane for rural drinking water, 2 m3 per hour.",
			"sectors":     []string{"electronics.sensors"},
		})
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/offers", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(start)
		if resp.StatusCode != 201 {
			return d, fmt.Errorf("%d %s", resp.StatusCode, raw)
		}
		return d, nil
	}
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make([]error, clients)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				d, err := post(tokens[c], int(n))
				if err != nil {
					errs[c] = err
					return
				}
				lat[c] = append(lat[c], d)
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "writes/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
	// Each acknowledged write is searchable now.
	if got, _ := ts.Index.DocCount(); got < uint64(len(all)) {
		b.Fatalf("index holds %d documents after %d acknowledged writes", got, len(all))
	}
}

// BenchmarkHTTPWrites8Clients: the registration desk, 8 clients at once.
func BenchmarkHTTPWrites8Clients(b *testing.B) { benchWrites(b, 8) }

// BenchmarkHTTPWrites1Client: one client, the latency of one write.
func BenchmarkHTTPWrites1Client(b *testing.B) { benchWrites(b, 1) }
