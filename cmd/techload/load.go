package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one run of the mix against one server.
type Config struct {
	// Target is the server's base URL, e.g. http://127.0.0.1:8080.
	Target string
	// Clients is the number of concurrent clients, each with its own
	// keep-alive connection and organization.
	Clients int
	// Requests bounds the run's measured requests (0: no bound).
	Requests int
	// Duration bounds the run's time (0: no bound). A run stops at the
	// first bound reached; requests in flight then finish and count.
	Duration time.Duration
	// Warmup requests run first, unmeasured, with other texts.
	Warmup int
	// Timeout bounds each request.
	Timeout time.Duration
	// Seed picks the requests: the same seed asks the same questions of
	// every target.
	Seed uint64
	// WriteToken, when set, is used for every write instead of registering
	// an organization per client.
	WriteToken string
	// Mix is the share of each kind; zero is DefaultMix.
	Mix Mix
}

// Stop reasons of a run.
const (
	StoppedByRequests    = "requests"
	StoppedByDuration    = "duration"
	StoppedByInterrupted = "interrupted"
)

// Report is what a run measured.
type Report struct {
	Target  string        `json:"target"`
	Clients int           `json:"clients"`
	Elapsed time.Duration `json:"elapsed_ns"`
	// Setup is the unmeasured time before: registering the clients,
	// finding needs, the warm-up.
	Setup     time.Duration `json:"setup_ns"`
	StoppedBy string        `json:"stopped_by"`
	// Needs is how many needs the matches requests were spread over.
	Needs   int          `json:"needs"`
	Kinds   []KindReport `json:"kinds"`
	Overall KindReport   `json:"overall"`

	samples []sample // every measured request, for merging rounds
}

// KindReport is the figures of one kind of request (or all of them).
type KindReport struct {
	Kind     string `json:"kind"`
	Requests int    `json:"requests"`
	OK       int    `json:"ok"`
	// Errors are the requests that did not get a 2xx answer: Status
	// counts them by status code, Transport are those with no answer at all
	// (refused, reset, timed out).
	Errors    int            `json:"errors"`
	Status    map[string]int `json:"status,omitempty"`
	Transport int            `json:"transport_errors"`
	// FirstError describes the first error of this kind.
	FirstError string `json:"first_error,omitempty"`
	// PerSecond is Requests per second of the run; OKPerSecond the 2xx ones.
	PerSecond   float64       `json:"per_second"`
	OKPerSecond float64       `json:"ok_per_second"`
	P50         time.Duration `json:"p50_ns"`
	P99         time.Duration `json:"p99_ns"`
	Max         time.Duration `json:"max_ns"`
}

// sample is one finished request.
type sample struct {
	kind    Kind
	latency time.Duration
	status  int   // 0 with a transport error
	err     error // transport error, or the start of a non-2xx answer
}

// Run drives the mix against cfg.Target until a bound is reached or ctx
// ends. Setup (registering the clients' organizations, finding needs for
// the matches requests, the warm-up) is not measured; an error there is
// returned, while errors of measured requests are counted in the report.
func Run(ctx context.Context, cfg Config, w *Workload) (Report, error) {
	if cfg.Clients < 1 {
		return Report{}, usageError{"--clients must be at least 1"}
	}
	if cfg.Requests <= 0 && cfg.Duration <= 0 {
		return Report{}, usageError{"bound the run: --requests or --duration"}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Mix == (Mix{}) {
		cfg.Mix = DefaultMix
	}
	pattern := cfg.Mix.pattern()
	if _, err := url.Parse(cfg.Target); err != nil {
		return Report{}, usageError{"--target: " + err.Error()}
	}
	hc := &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.Clients,
			MaxIdleConnsPerHost: cfg.Clients,
			IdleConnTimeout:     30 * time.Second,
		},
	}
	defer hc.CloseIdleConnections()

	setup := time.Now()
	needs, err := findNeeds(ctx, hc, cfg.Target, w)
	if err != nil {
		return Report{}, err
	}
	clients := make([]*client, cfg.Clients)
	for i := range clients {
		c := &client{hc: hc, base: cfg.Target, token: cfg.WriteToken, w: w, needs: needs, pattern: pattern}
		if c.token == "" {
			if c.token, err = register(ctx, hc, cfg.Target, cfg.Seed, i); err != nil {
				return Report{}, err
			}
		}
		clients[i] = c
	}
	if cfg.Warmup > 0 {
		var next atomic.Uint64
		next.Store(1 << 40) // other tickets than the measured ones: other texts
		limit := next.Load() + uint64(cfg.Warmup)
		drive(ctx, clients, cfg.Seed, &next, func(n uint64) bool { return n < limit }, nil)
		for _, c := range clients {
			c.cursor = ""
		}
	}

	var next atomic.Uint64
	var stoppedBy atomic.Value
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	more := func(n uint64) bool {
		switch {
		case ctx.Err() != nil:
			stoppedBy.CompareAndSwap(nil, StoppedByInterrupted)
			return false
		case cfg.Requests > 0 && n >= uint64(cfg.Requests):
			stoppedBy.CompareAndSwap(nil, StoppedByRequests)
			return false
		case cfg.Duration > 0 && !time.Now().Before(deadline):
			stoppedBy.CompareAndSwap(nil, StoppedByDuration)
			return false
		}
		return true
	}
	samples := make([][]sample, len(clients))
	drive(ctx, clients, cfg.Seed, &next, more, samples)
	elapsed := time.Since(start)
	all := slices.Concat(samples...)
	rep := summarize(all, elapsed)
	rep.samples = all
	rep.Target, rep.Clients, rep.Needs = cfg.Target, cfg.Clients, len(needs)
	rep.StoppedBy, _ = stoppedBy.Load().(string)
	rep.Setup = start.Sub(setup)
	return rep, nil
}

// drive runs the clients until more refuses a ticket; with samples non-nil
// each client records its requests in its own slice.
func drive(ctx context.Context, clients []*client, seed uint64, next *atomic.Uint64, more func(uint64) bool, samples [][]sample) {
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1) - 1
				if !more(n) {
					return
				}
				s := c.do(ctx, seed, n)
				if samples != nil {
					samples[i] = append(samples[i], s)
				}
			}
		}()
	}
	wg.Wait()
}

// client is one concurrent user: its organization's token, and the cursor
// of its last search when it means to read the next page.
type client struct {
	hc    *http.Client
	base  string
	token string
	w     *Workload
	needs []uint64
	// pattern is a block of the mix: ticket n's kind is pattern[n%len].
	pattern []Kind
	cursor  string // path of the next page to ask for, or ""
}

// do makes and sends the request of ticket n. The ticket alone picks the
// request (kind, text, filters), so every target is asked the same
// questions in the same order; only "next page" follows the answers.
func (c *client) do(ctx context.Context, seed, n uint64) sample {
	req := c.request(seed, n)
	if req.Kind == KindSearch {
		c.cursor = ""
	}
	s := sample{kind: req.Kind}
	start := time.Now()
	body, status, err := c.send(ctx, req)
	s.latency = time.Since(start)
	s.status = status
	switch {
	case err != nil:
		s.err = err
	case status < 200 || status > 299:
		s.err = fmt.Errorf("%s %s: %d %s", req.Method, req.Path, status, truncate(body, 200))
	case req.nextPage:
		var page struct {
			NextCursor string `json:"next_cursor"`
		}
		if json.Unmarshal(body, &page) == nil && page.NextCursor != "" {
			c.cursor = nextPagePath(req.Path, page.NextCursor)
		}
	}
	return s
}

// request is the request of ticket n.
func (c *client) request(seed, n uint64) Request {
	r := rand.New(rand.NewPCG(seed, n))
	switch c.pattern[n%uint64(len(c.pattern))] {
	case KindMatches:
		return matchesRequest(r, c.needs)
	case KindWrite:
		return c.w.writeRequest(n)
	}
	return c.w.searchRequest(r, c.cursor)
}

// send sends req and reads the whole answer.
func (c *client) send(ctx context.Context, req Request) ([]byte, int, error) {
	var rd io.Reader
	if req.Body != nil {
		rd = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, c.base+req.Path, rd)
	if err != nil {
		return nil, 0, err
	}
	if req.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(hr)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, err
	}
	return body, resp.StatusCode, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// needPool caps how many needs the matches requests are spread over, and
// needSearches how many searches find them.
const (
	needPool     = 200
	needSearches = 40
)

// findNeeds searches the target for needs with the workload's need texts
// and returns their ids (the matches requests ask for theirs).
func findNeeds(ctx context.Context, hc *http.Client, base string, w *Workload) ([]uint64, error) {
	seen := map[uint64]bool{}
	var ids []uint64
	for i, q := range w.needQueries {
		if len(ids) >= needPool || i == needSearches {
			break
		}
		var page struct {
			Items []struct {
				Record struct {
					ID uint64 `json:"id"`
				} `json:"record"`
			} `json:"items"`
		}
		if err := getJSON(ctx, hc, base+"/api/v1/needs?limit=20&q="+url.QueryEscape(q), &page); err != nil {
			return nil, fmt.Errorf("finding needs for the matches requests: %w", err)
		}
		for _, it := range page.Items {
			if id := it.Record.ID; id != 0 && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no needs found for the matches requests (is the data set seeded with the same --orgs, --records, --seed?)", base)
	}
	return ids, nil
}

// register registers client i's organization and returns its token.
func register(ctx context.Context, hc *http.Client, base string, seed uint64, i int) (string, error) {
	countries := []string{"KR", "FR", "DE", "JP", "VN", "BE", "NL", "SG"}
	body, _ := json.Marshal(map[string]any{
		// A new name each run: the store may hold earlier runs' clients.
		"name":      fmt.Sprintf("Load client %d-%d-%d", seed, i+1, time.Now().UnixNano()),
		"kind":      "partner",
		"country":   countries[i%len(countries)],
		"languages": []string{"en"},
	})
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/organizations", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("registering a client's organization: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("registering a client's organization: %d %s", resp.StatusCode, truncate(b, 300))
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
		return "", fmt.Errorf("registering a client's organization: no token in %s", truncate(b, 300))
	}
	return out.Token, nil
}

func getJSON(ctx context.Context, hc *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, truncate(b, 300))
	}
	return json.Unmarshal(b, v)
}

// summarize turns samples into per-kind and overall figures.
func summarize(all []sample, elapsed time.Duration) Report {
	rep := Report{Elapsed: elapsed}
	for k := Kind(0); k < numKinds; k++ {
		rep.Kinds = append(rep.Kinds, figures(k.String(), all, func(s sample) bool { return s.kind == k }, elapsed))
	}
	rep.Overall = figures("all", all, func(sample) bool { return true }, elapsed)
	return rep
}

func figures(name string, all []sample, keep func(sample) bool, elapsed time.Duration) KindReport {
	kr := KindReport{Kind: name}
	var lat []time.Duration
	for _, s := range all {
		if !keep(s) {
			continue
		}
		kr.Requests++
		lat = append(lat, s.latency)
		switch {
		case s.status == 0:
			kr.Errors++
			kr.Transport++
		case s.status < 200 || s.status > 299:
			kr.Errors++
			if kr.Status == nil {
				kr.Status = map[string]int{}
			}
			kr.Status[strconv.Itoa(s.status)]++
		default:
			kr.OK++
		}
		if s.err != nil && kr.FirstError == "" {
			kr.FirstError = s.err.Error()
		}
	}
	if secs := elapsed.Seconds(); secs > 0 {
		kr.PerSecond = float64(kr.Requests) / secs
		kr.OKPerSecond = float64(kr.OK) / secs
	}
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		kr.P50, kr.P99, kr.Max = quantile(lat, 0.50), quantile(lat, 0.99), lat[len(lat)-1]
	}
	return kr
}

// quantile is the nearest-rank q-quantile of sorted.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
