package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// testSpec is a small data set: 20 organizations of 10 records.
var testSpec = DataSpec{Orgs: 20, Records: 10, Seed: 7, Words: "glossary"}

// Servers shared by the tests (started on first use, closed by TestMain):
// starting techmatch costs more than most tests.
var shared struct {
	once             sync.Once
	techmatch, plain string
	err              error
	cleanup          []func()
}

// sharedServers returns the base URLs of a techmatch and an anchor holding
// testSpec's records.
func sharedServers(t *testing.T) (techmatch, plain string) {
	t.Helper()
	shared.once.Do(func() {
		var err1, err2 error
		var c1, c2 func()
		shared.techmatch, c1, err1 = serveTechmatch(testSpec)
		shared.plain, c2, err2 = servePlain(testSpec, nil)
		shared.cleanup = []func(){c1, c2}
		shared.err = errors.Join(err1, err2)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.techmatch, shared.plain
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range shared.cleanup {
		if c != nil {
			c()
		}
	}
	os.Exit(code)
}

// serveTechmatch serves a real techmatch (store and index in a temp dir,
// seeded with spec's records as "techmatch seed" does) on 127.0.0.1:0 and
// returns its base URL and what stops it.
func serveTechmatch(spec DataSpec) (string, func(), error) {
	dir, err := os.MkdirTemp("", "techload-test-")
	if err != nil {
		return "", nil, err
	}
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		return "", nil, err
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), store)
	if err != nil {
		store.Close()
		return "", nil, err
	}
	stop := func() {
		idx.Close()
		store.Close()
		os.RemoveAll(dir)
	}
	items, err := spec.Items(0)
	if err == nil {
		_, err = store.Import(context.Background(), items)
	}
	if err == nil {
		err = idx.Sync()
	}
	var ln net.Listener
	if err == nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		stop()
		return "", nil, err
	}
	srv := api.New(store, idx, api.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoSemantic: true})
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		stop()
	}, nil
}

// servePlain serves the anchor of spec on 127.0.0.1:0, wrapped by wrap
// when given, and returns its base URL and what stops it.
func servePlain(spec DataSpec, wrap func(http.Handler) http.Handler) (string, func(), error) {
	dir, err := os.MkdirTemp("", "techload-test-")
	if err != nil {
		return "", nil, err
	}
	p, err := OpenPlain(context.Background(), dir, spec, io.Discard)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	h := p.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := &http.Server{Handler: h}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		p.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		srv.Close()
		p.Close()
		os.RemoveAll(dir)
	}, nil
}

// startPlain is servePlain for one test.
func startPlain(t *testing.T, spec DataSpec, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	base, stop, err := servePlain(spec, wrap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return base
}

func testWorkload(t *testing.T) *Workload {
	t.Helper()
	w, err := NewWorkload(testSpec)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func kindReport(t *testing.T, r Report, k Kind) KindReport {
	t.Helper()
	for _, kr := range r.Kinds {
		if kr.Kind == k.String() {
			return kr
		}
	}
	t.Fatalf("no %s figures in %+v", k, r.Kinds)
	return KindReport{}
}

// checkSums checks that the kinds add up to the overall figures.
func checkSums(t *testing.T, r Report) {
	t.Helper()
	var req, ok, errs, transport int
	for _, k := range r.Kinds {
		req, ok, errs, transport = req+k.Requests, ok+k.OK, errs+k.Errors, transport+k.Transport
		n := k.Transport
		for _, c := range k.Status {
			n += c
		}
		if n != k.Errors || k.OK+k.Errors != k.Requests {
			t.Errorf("%s: %d requests = %d ok + %d errors (%v non-2xx, %d transport)?", k.Kind, k.Requests, k.OK, k.Errors, k.Status, k.Transport)
		}
	}
	o := r.Overall
	if req != o.Requests || ok != o.OK || errs != o.Errors || transport != o.Transport {
		t.Errorf("kinds add up to %d requests, %d ok, %d errors, %d transport; overall says %d, %d, %d, %d",
			req, ok, errs, transport, o.Requests, o.OK, o.Errors, o.Transport)
	}
}

func TestRun_MixAddsUp(t *testing.T) {
	w := testWorkload(t)
	tm, plain := sharedServers(t)
	servers := map[string]string{"techmatch": tm, "plain": plain}
	for name, base := range servers {
		t.Run(name, func(t *testing.T) {
			rep, err := Run(context.Background(), Config{Target: base, Clients: 4, Requests: 20, Warmup: 5, Seed: 3}, w)
			if err != nil {
				t.Fatal(err)
			}
			if rep.StoppedBy != StoppedByRequests || rep.Overall.Requests != 20 {
				t.Errorf("stopped by %q after %d requests, want the count bound at 20", rep.StoppedBy, rep.Overall.Requests)
			}
			want := map[Kind]int{KindSearch: 14, KindMatches: 4, KindWrite: 2}
			for k, n := range want {
				kr := kindReport(t, rep, k)
				if kr.Requests != n {
					t.Errorf("%s: %d requests, want %d (70/20/10 of 20)", k, kr.Requests, n)
				}
				if kr.Errors != 0 {
					t.Errorf("%s: %d errors: %s", k, kr.Errors, kr.FirstError)
				}
				if kr.P50 <= 0 || kr.P99 < kr.P50 || kr.Max < kr.P99 {
					t.Errorf("%s: p50 %s, p99 %s, max %s", k, kr.P50, kr.P99, kr.Max)
				}
			}
			checkSums(t, rep)
			t.Logf("setup %s, run %s", rep.Setup, rep.Elapsed)
			if rep.Needs == 0 {
				t.Error("no needs found for the matches requests")
			}
		})
	}
}

// The same ticket is the same request, on every server and every run.
func TestRequests_Deterministic(t *testing.T) {
	w := testWorkload(t)
	c := &client{w: w, needs: []uint64{1, 2, 3}, pattern: DefaultMix.pattern()}
	for n := uint64(0); n < 30; n++ {
		a, b := c.request(5, n), c.request(5, n)
		if a.Path != b.Path || !bytes.Equal(a.Body, b.Body) {
			t.Fatalf("ticket %d: %s %s, then %s %s", n, a.Path, a.Body, b.Path, b.Body)
		}
	}
	var vi, en bool
	for n := uint64(0); n < 400; n++ {
		req := c.request(5, n)
		if req.Kind != KindSearch {
			continue
		}
		u, err := url.Parse(req.Path)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query().Get("q")
		vi = vi || strings.ContainsAny(q, "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
		en = en || (q != "" && strings.Trim(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -0123456789") == "")
	}
	if !vi || !en {
		t.Errorf("searches in Vietnamese %v, in English %v: want both", vi, en)
	}
}

func TestMix(t *testing.T) {
	if got := fmt.Sprint(DefaultMix.pattern()); got != "[search search matches search search write search search matches search]" {
		t.Errorf("the default mix's block: %s", got)
	}
	for _, tc := range []struct {
		in   string
		want Mix
		ok   bool
	}{
		{"70,20,10", Mix{7, 2, 1}, true},
		{"1, 0, 1", Mix{1, 0, 1}, true},
		{"0,0,5", Mix{0, 0, 1}, true},
		{"0,0,0", Mix{}, false},
		{"70,30", Mix{}, false},
		{"70,-20,10", Mix{}, false},
		{"a,b,c", Mix{}, false},
	} {
		got, err := ParseMix(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseMix(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
	_, base := sharedServers(t)
	rep, err := Run(context.Background(), Config{Target: base, Clients: 3, Requests: 20, Seed: 8, Mix: Mix{1, 0, 1}}, testWorkload(t))
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range map[Kind]int{KindSearch: 10, KindMatches: 0, KindWrite: 10} {
		if kr := kindReport(t, rep, k); kr.Requests != n || kr.Errors != 0 {
			t.Errorf("mix 1,0,1: %d %s requests, %d errors; want %d, none", kr.Requests, k, kr.Errors, n)
		}
	}
}

func TestRun_BadTokenCountsWriteErrors(t *testing.T) {
	w := testWorkload(t)
	tm, plain := sharedServers(t)
	servers := map[string]string{"techmatch": tm, "plain": plain}
	for name, base := range servers {
		t.Run(name, func(t *testing.T) {
			rep, err := Run(context.Background(), Config{Target: base, Clients: 2, Requests: 20, Seed: 4, WriteToken: "tm_not-a-token"}, w)
			if err != nil {
				t.Fatal(err)
			}
			wr := kindReport(t, rep, KindWrite)
			if wr.Requests != 2 || wr.Errors != 2 || wr.Status["401"] != 2 || wr.OK != 0 {
				t.Errorf("writes with a bad token: %d requests, %d ok, %d errors %v; want 2 answered 401", wr.Requests, wr.OK, wr.Errors, wr.Status)
			}
			if !strings.Contains(wr.FirstError, "401") {
				t.Errorf("first write error %q does not say 401", wr.FirstError)
			}
			if rep.Overall.Errors != 2 {
				t.Errorf("%d errors in all, want only the 2 writes: %+v", rep.Overall.Errors, rep.Kinds)
			}
			checkSums(t, rep)
		})
	}
}

// Answers that never come (the connection is dropped) are transport errors.
func TestRun_TransportErrors(t *testing.T) {
	w := testWorkload(t)
	drop := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if r.Method == "POST" && r.URL.Path != "/api/v1/organizations" {
				conn, _, err := http.NewResponseController(rw).Hijack()
				if err == nil {
					conn.Close()
					return
				}
			}
			h.ServeHTTP(rw, r)
		})
	}
	base := startPlain(t, testSpec, drop)
	rep, err := Run(context.Background(), Config{Target: base, Clients: 2, Requests: 20, Seed: 5}, w)
	if err != nil {
		t.Fatal(err)
	}
	wr := kindReport(t, rep, KindWrite)
	if wr.Transport != 2 || wr.Errors != 2 || len(wr.Status) != 0 {
		t.Errorf("writes on dropped connections: %d transport errors, %d errors, %v; want 2 transport errors", wr.Transport, wr.Errors, wr.Status)
	}
	if kindReport(t, rep, KindSearch).Errors != 0 {
		t.Errorf("searches failed: %s", kindReport(t, rep, KindSearch).FirstError)
	}
	checkSums(t, rep)
}

func TestRun_DurationBound(t *testing.T) {
	w := testWorkload(t)
	_, base := sharedServers(t)
	rep, err := Run(context.Background(), Config{Target: base, Clients: 2, Requests: 1 << 30, Duration: 200 * time.Millisecond, Seed: 6}, w)
	if err != nil {
		t.Fatal(err)
	}
	if rep.StoppedBy != StoppedByDuration || rep.Overall.Requests == 0 || rep.Overall.Requests >= 1<<30 {
		t.Errorf("stopped by %q after %d requests; want the time bound first", rep.StoppedBy, rep.Overall.Requests)
	}
	checkSums(t, rep)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := Run(ctx, Config{Target: base, Clients: 2, Requests: 10, Seed: 6}, w); err == nil {
		t.Errorf("a run with its context ended: %+v, want an error from setup", rep.Overall)
	}
	if _, err := Run(context.Background(), Config{Target: base, Clients: 2}, w); err == nil {
		t.Error("a run with neither bound started")
	}
}

// The command's plumbing (flags, rounds, reports), against two anchors:
// Run's tests drive techmatch.
func TestCommand_RunBesideAnchor(t *testing.T) {
	_, tm := sharedServers(t)
	plain := startPlain(t, testSpec, nil)
	args := []string{"run", "--target", tm, "--anchor", plain, "--requests", "10", "--clients", "3", "--warmup", "0",
		"--rounds", "2", "--orgs", "20", "--records", "10", "--seed", "7"}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	for _, want := range []string{"target " + tm, "anchor " + plain, "search", "matches", "write", "throughput target/anchor"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), append(args, "--json", "--rounds", "1"), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var got struct {
		Target, Anchor Report
		Ratio          float64 `json:"ratio_ok_per_second"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if got.Target.Overall.Requests != 10 || got.Anchor.Overall.Requests != 10 || got.Ratio <= 0 {
		t.Errorf("JSON report: target %d requests, anchor %d, ratio %v", got.Target.Overall.Requests, got.Anchor.Overall.Requests, got.Ratio)
	}
	if err := run(context.Background(), []string{"run", "--rounds", "0"}, &out, &errOut); exitCode(err) != 2 {
		t.Errorf("--rounds 0: %v, want a usage error", err)
	}
}

func TestPlain_SearchFiltersAndWrites(t *testing.T) {
	_, base := sharedServers(t)
	hc := &http.Client{Timeout: 10 * time.Second}
	type page struct {
		Items []struct {
			Record plainRecord `json:"record"`
		} `json:"items"`
		Total      uint64 `json:"total"`
		NextCursor string `json:"next_cursor"`
	}
	get := func(path string) page {
		t.Helper()
		var p page
		if err := getJSON(context.Background(), hc, base+path, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := get("/api/v1/offers?limit=100")
	if all.Total == 0 || all.NextCursor == "" {
		t.Fatalf("offers: total %d, next %q", all.Total, all.NextCursor)
	}
	parent := ""
	for _, it := range all.Items {
		if s := it.Record.Sectors; len(s) > 0 && strings.Contains(s[0], ".") {
			parent, _, _ = strings.Cut(s[0], ".")
			break
		}
	}
	bySector := get("/api/v1/offers?limit=100&sector=" + parent)
	if bySector.Total == 0 || bySector.Total >= all.Total {
		t.Errorf("sector %s: %d of %d offers", parent, bySector.Total, all.Total)
	}
	for _, it := range bySector.Items {
		if !strings.HasPrefix(it.Record.Sectors[0], parent+".") {
			t.Errorf("sector %s found %v", parent, it.Record.Sectors)
		}
	}
	for _, it := range get("/api/v1/offers?limit=100&trl_min=7&country=KR").Items {
		if it.Record.TRL < 7 || it.Record.Country != "KR" {
			t.Errorf("trl_min=7, country=KR found TRL %d, %s", it.Record.TRL, it.Record.Country)
		}
	}
	if p2 := get("/api/v1/offers?limit=100&cursor=" + all.NextCursor); len(p2.Items) == 0 || p2.Items[0].Record.ID == all.Items[0].Record.ID {
		t.Errorf("the next page repeats the first or is empty")
	}
	resp, err := hc.Get(base + "/api/v1/offers?limit=500")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("limit=500: %d, want 400", resp.StatusCode)
	}

	// A write is searchable when acknowledged.
	token, err := register(context.Background(), hc, base, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{hc: hc, base: base, token: token}
	body := []byte(`{"title":"Zyxwvut tidal turbine","description":"A tidal turbine.","sectors":["energy.renewable"],"trl":6}`)
	if _, status, err := c.send(context.Background(), Request{Method: "POST", Path: "/api/v1/offers", Body: body}); err != nil || status != http.StatusCreated {
		t.Fatalf("POST /offers: %d %v", status, err)
	}
	if p := get("/api/v1/offers?q=zyxwvut"); p.Total != 1 {
		t.Errorf("the written offer: found %d times", p.Total)
	}
	if _, status, _ := c.send(context.Background(), Request{Method: "POST", Path: "/api/v1/offers", Body: []byte(`{"title":"x","trl":12}`)}); status != http.StatusBadRequest {
		t.Errorf("a bad offer: %d, want 400", status)
	}
}

func TestOpenPlain_RefusesAnotherDataSet(t *testing.T) {
	dir := t.TempDir()
	p, err := OpenPlain(context.Background(), dir, testSpec, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	if p, err = OpenPlain(context.Background(), dir, testSpec, io.Discard); err != nil {
		t.Fatalf("reopening: %v", err)
	}
	p.Close()
	other := testSpec
	other.Seed++
	if p, err := OpenPlain(context.Background(), dir, other, io.Discard); err == nil {
		p.Close()
		t.Error("a directory made from another data set was opened")
	}
}
