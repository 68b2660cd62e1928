package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// lockedBuffer collects a server's log lines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// mustStartWith starts a real server on 127.0.0.1:0 in dir with cfg (the
// admin token is filled in when empty); wrap, if given, wraps the store as
// the index reads it.
func mustStartWith(tb testing.TB, dir string, cfg api.Config, wrap ...func(*bolt.Store) search.Source) *testServer {
	tb.Helper()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		tb.Fatal(err)
	}
	var src search.Source = store
	for _, w := range wrap {
		src = w(store)
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), src)
	if err != nil {
		tb.Fatal(err)
	}
	if cfg.AdminToken == "" {
		cfg.AdminToken = adminToken
	}
	srv := api.New(store, idx, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	ts := &testServer{URL: "http://" + ln.Addr().String(), Store: store, Index: idx, srv: srv, dir: dir}
	tb.Cleanup(ts.Close)
	return ts
}

// send makes a request with extra headers.
func (ts *testServer) send(tb testing.TB, method, path string, header map[string]string, body string) response {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// logLines decodes a JSON log.
func logLines(tb testing.TB, log string) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			tb.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func TestObserve_RequestLogs(t *testing.T) {
	var logs lockedBuffer
	ts := mustStartWith(t, t.TempDir(), api.Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil)), NoSemantic: true})
	const email = "director.kim@haiphong-port.example"
	r := ts.do(t, "POST", "/api/v1/organizations", "", map[string]any{
		"name": "Cảng Nhật Ký", "kind": "enterprise", "country": "VN", "email": email})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var reg registered
	r.JSON(t, &reg)
	offer := ts.postOffer(t, reg.Token, map[string]any{"title": "Container crane remote control"})
	ts.do(t, "PATCH", fmt.Sprintf("/api/v1/organizations/%d", reg.Organization.ID), adminToken, map[string]any{"email": email})
	ts.do(t, "GET", "/api/v1/offers?q="+email, reg.Token, nil)
	ts.do(t, "GET", "/api/v1/offers/999999", "", nil)
	ts.do(t, "GET", "/no/such/page", "", nil)
	ts.do(t, "POST", "/api/v1/offers", "tm_wrong-token-value", map[string]any{"title": "x"})
	got := ts.send(t, "GET", fmt.Sprintf("/api/v1/offers/%d", offer.ID), map[string]string{"X-Request-ID": "desk-7.42", "Authorization": "Bearer " + reg.Token}, "")
	if got.Status != 200 || got.Header.Get("X-Request-ID") != "desk-7.42" {
		t.Fatalf("request id not echoed: %d %v", got.Status, got.Header)
	}
	forged := ts.send(t, "GET", "/api/v1/health", map[string]string{"X-Request-ID": "evil\" status=200 {}"}, "")
	if id := forged.Header.Get("X-Request-ID"); id == "" || strings.ContainsAny(id, "\" {}") {
		t.Fatalf("a malformed request id was kept: %q", id)
	}

	text := logs.String()
	for _, secret := range []string{reg.Token, adminToken, email, "tm_wrong-token-value", "director.kim"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds %q:\n%s", secret, text)
		}
	}
	var found, unmatched bool
	ids := map[string]bool{}
	for _, m := range logLines(t, text) {
		if m["msg"] != "request" {
			continue
		}
		for _, k := range []string{"request_id", "method", "route", "status", "ms"} {
			if _, ok := m[k]; !ok {
				t.Errorf("request line without %s: %v", k, m)
			}
		}
		ids[m["request_id"].(string)] = true
		if m["request_id"] == "desk-7.42" {
			found = m["route"] == "/api/v1/offers/:id" && m["status"] == float64(200) && m["method"] == "GET"
		}
		if m["route"] == "unmatched" && m["status"] == float64(404) {
			unmatched = true
		}
		if r, _ := m["route"].(string); strings.Contains(r, "999999") || strings.Contains(r, "?") {
			t.Errorf("a raw path was logged as the route: %v", m)
		}
	}
	if !found || !unmatched {
		t.Errorf("missing request lines (id desk-7.42 on the route pattern: %v; unmatched 404: %v):\n%s", found, unmatched, text)
	}
	if len(ids) < 9 {
		t.Errorf("request ids are not distinct: %d ids", len(ids))
	}
}

func TestObserve_MetricsAndHealth(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{})
	reg := ts.register(t, "Metrics Partner", "KR", "partner")
	offer := ts.postOffer(t, reg.Token, map[string]any{"title": "Port crane anti-sway control", "keywords": []string{"crane"}})
	ts.postNeed(t, reg.Token, map[string]any{"title": "Crane anti-sway retrofit"})
	for i := 0; i < 2; i++ {
		ts.do(t, "GET", fmt.Sprintf("/api/v1/offers/%d", offer.ID), "", nil)
	}
	ts.do(t, "GET", fmt.Sprintf("/api/v1/offers/%d/matches", offer.ID), "", nil)

	r := ts.do(t, "GET", "/metrics", "", nil)
	if r.Status != 200 {
		t.Fatalf("/metrics: %d %s", r.Status, r.Body)
	}
	m := string(r.Body)
	for _, want := range []string{
		`techmatch_http_requests_total{method="GET",route="/api/v1/offers/:id",status="200"} 2`,
		`techmatch_http_request_duration_seconds_count{method="GET",route="/api/v1/offers/:id"} 2`,
		`techmatch_http_requests_total{method="POST",route="/api/v1/organizations",status="201"} 1`,
		`techmatch_store_records{kind="offer"} 1`,
		`techmatch_store_records{kind="need"} 1`,
		`techmatch_index_lag_changes 0`,
		`techmatch_index_documents 2`,
		`techmatch_operation_seconds_count{op="match"} 1`,
		`techmatch_learner_state{state="learning"}`,
		`techmatch_store_file_bytes `,
		`techmatch_index_bytes `,
		`go_goroutines `,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(m, fmt.Sprintf("/api/v1/offers/%d", offer.ID)) {
		t.Error("a raw path is a metric label")
	}

	if r := ts.do(t, "GET", "/healthz", "", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"alive"`) {
		t.Fatalf("/healthz: %d %s", r.Status, r.Body)
	}
	var ready struct {
		Ready    bool   `json:"ready"`
		Store    string `json:"store"`
		Index    string `json:"index"`
		Lag      uint64 `json:"index_lag"`
		Semantic string `json:"semantic_space"`
	}
	r = ts.do(t, "GET", "/readyz", "", nil)
	r.JSON(t, &ready)
	if r.Status != 200 || !ready.Ready || ready.Store != "open" || ready.Index != "caught_up" || ready.Semantic == "" {
		t.Fatalf("/readyz: %d %s", r.Status, r.Body)
	}
	// The learner finishes (two records are too few for a semantic space).
	deadline := time.Now().Add(30 * time.Second)
	for ready.Semantic == "learning" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		ts.do(t, "GET", "/readyz", "", nil).JSON(t, &ready)
	}
	if ready.Semantic != "unavailable" && ready.Semantic != "ready" {
		t.Fatalf("semantic space state %q", ready.Semantic)
	}
	if m := string(ts.do(t, "GET", "/metrics", "", nil).Body); !strings.Contains(m, `techmatch_learner_state{state="`+ready.Semantic+`"} 1`) {
		t.Errorf("learner metric does not say %s", ready.Semantic)
	}
}

// An index that cannot catch up with the change log makes /readyz say 503
// while /healthz stays 200.
func TestObserve_NotReadyWhileIndexBehind(t *testing.T) {
	var hold atomic.Bool
	release := make(chan struct{})
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true}, func(s *bolt.Store) search.Source {
		return holdingSource{s, func() {
			if hold.Load() {
				<-release
			}
		}}
	})
	reg := ts.register(t, "Lagging Partner", "KR", "partner")
	hold.Store(true)
	before, err := ts.Store.LastChange()
	if err != nil {
		t.Fatal(err)
	}
	// The write commits, then waits for the index (its group commit syncs
	// the index before answering): /readyz is asked in between.
	created := make(chan error, 1)
	go func() {
		_, err := ts.Store.CreateOffer(reg.Organization.ID, data.OfferFields{Listing: data.Listing{Title: "Committed, not indexed", Status: data.StatusPublished}})
		created <- err
	}()
	for last := before; last == before; time.Sleep(time.Millisecond) {
		if last, err = ts.Store.LastChange(); err != nil {
			t.Fatal(err)
		}
	}
	r := ts.do(t, "GET", "/readyz", "", nil)
	close(release)
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	var ready struct {
		Ready bool   `json:"ready"`
		Index string `json:"index"`
		Lag   uint64 `json:"index_lag"`
	}
	r.JSON(t, &ready)
	if r.Status != 503 || ready.Ready || ready.Index != "behind" || ready.Lag != 1 {
		t.Fatalf("/readyz with the index held: %d %s", r.Status, r.Body)
	}
	if r := ts.do(t, "GET", "/healthz", "", nil); r.Status != 200 {
		t.Fatalf("/healthz: %d", r.Status)
	}
	if r := ts.do(t, "GET", "/readyz", "", nil); r.Status != 200 {
		t.Fatalf("/readyz once released: %d %s", r.Status, r.Body)
	}
}

// holdingSource is the store as the index reads it, except that before
// each batch of changes reaches the index it calls hold.
type holdingSource struct {
	*bolt.Store
	hold func()
}

func (h holdingSource) Changes(after uint64, limit int) ([]data.Change, error) {
	changes, err := h.Store.Changes(after, limit)
	if len(changes) > 0 {
		h.hold()
	}
	return changes, err
}
