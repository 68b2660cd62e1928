package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// benchWrites posts b.N offers over HTTP on 127.0.0.1 from the given number
// of concurrent clients, each with its own organization's token, and reports
// acknowledged writes per second, the latency of one acknowledged write, the
// CPU the whole process (server and clients) spends a write, and how many
// writes a bbolt transaction held. Every acknowledged write is committed
// (fsync) and searchable when answered; after the run the benchmark checks
// that each one is in the store and found by a search.
func benchWrites(b *testing.B, clients int) {
	ts := mustStartWith(b, b.TempDir(), api.Config{AdminToken: adminToken, NoSemantic: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	orgs := make([]registered, clients)
	for i := range orgs {
		orgs[i] = ts.register(b, fmt.Sprintf("Desk Bench Org %d", i), "VN", "enterprise")
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	title := func(n int) string { return fmt.Sprintf("Membrane water filtration unit %d", n) }
	post := func(token string, n int) (uint64, time.Duration, error) {
		body, _ := json.Marshal(map[string]any{
			"title":       title(n),
			"description": "Low-pressure ceramic membrane for rural drinking water, 2 m3 per hour.",
			"sectors":     []string{"electronics.sensors"},
		})
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/offers", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return 0, 0, err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(start)
		if resp.StatusCode != 201 {
			return 0, d, fmt.Errorf("%d %s", resp.StatusCode, raw)
		}
		var o data.Offer
		if err := json.Unmarshal(raw, &o); err != nil || o.ID == 0 {
			return 0, d, fmt.Errorf("201 without an offer: %s", raw)
		}
		return o.ID, d, nil
	}
	type ack struct {
		id uint64
		n  int
	}
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	acks := make([][]ack, clients)
	errs := make([]error, clients)
	tx0, w0 := ts.Store.CommitStats()
	b.ResetTimer()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
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
				id, d, err := post(orgs[c].Token, int(n))
				if err != nil {
					errs[c] = err
					return
				}
				lat[c] = append(lat[c], d)
				acks[c] = append(acks[c], ack{id, int(n)})
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
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
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	tx1, w1 := ts.Store.CommitStats()
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "writes/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(all)), "cpu-ms/write")
	b.ReportMetric(float64(w1-w0)/float64(max(tx1-tx0, 1)), "writes/tx")
	b.ReportMetric(0, "ns/op")

	// Every acknowledged write is in the store and found by a search of
	// its organization's offers.
	for c, list := range acks {
		found := map[uint64]bool{}
		q := search.Query{Kind: data.KindOffer, OrgID: orgs[c].Organization.ID, Sort: "newest", Limit: search.MaxLimit}
		for {
			res, err := ts.Index.Search(context.Background(), q)
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range res.Hits {
				found[h.ID] = true
			}
			if res.NextCursor == "" {
				break
			}
			q.Cursor = res.NextCursor
		}
		for _, a := range list {
			o, err := ts.Store.Offer(a.id)
			if err != nil || o.Title != title(a.n) {
				b.Fatalf("acknowledged offer %d (%q): %v, stored title %q", a.id, title(a.n), err, o.Title)
			}
			if !found[a.id] {
				b.Fatalf("acknowledged offer %d is not found by search", a.id)
			}
		}
	}
}

// BenchmarkHTTPWrites8Clients: the registration desk, 8 clients at once.
func BenchmarkHTTPWrites8Clients(b *testing.B) { benchWrites(b, 8) }

// BenchmarkHTTPWrites1Client: one client, the latency of one write.
func BenchmarkHTTPWrites1Client(b *testing.B) { benchWrites(b, 1) }
