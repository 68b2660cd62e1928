package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/search"
)

// mustServe serves store and index on 127.0.0.1:0 with cfg.
func mustServe(tb testing.TB, store *bolt.Store, idx *search.Index, cfg api.Config) *testServer {
	tb.Helper()
	srv := api.New(store, idx, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	ts := &testServer{URL: "http://" + ln.Addr().String(), Store: store, Index: idx, srv: srv}
	tb.Cleanup(ts.Close)
	return ts
}

// learnerState is the learner's state as /readyz reports it.
func (ts *testServer) learnerState(tb testing.TB) string {
	tb.Helper()
	var ready struct {
		Semantic string `json:"semantic_space"`
	}
	ts.do(tb, "GET", "/readyz", "", nil).JSON(tb, &ready)
	return ready.Semantic
}

func (ts *testServer) waitLearned(tb testing.TB) {
	tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for ts.learnerState(tb) == "learning" {
		if time.Now().After(deadline) {
			tb.Fatal("the learner never finished")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Shutting down while the learner walks the store or builds the semantic
// space stops it: Shutdown returns once it has, no goroutine is left, and
// nothing is logged as an error (it used to go on after the store was
// closed: "stopped early err=database not open").
func TestAPI_ShutdownStopsTheLearner(t *testing.T) {
	before := goleak.IgnoreCurrent()
	dir := t.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(context.Background(), ingest.Synthetic(300, 10, 1)); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), store)
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	ts := mustServe(t, store, idx, api.Config{AdminToken: adminToken, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if state := ts.learnerState(t); state != "learning" {
		t.Fatalf("learner state %q right after start; the test needs it still learning over 3,000 records", state)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// Shutdown has waited for the learner: closing the store now is safe.
	ts.srv = nil
	idx.Close()
	store.Close()
	time.Sleep(50 * time.Millisecond) // a learner that went on would log now
	if got := logs.String(); strings.Contains(got, "level=ERROR") || strings.Contains(got, "semantic space ready") {
		t.Errorf("the learner went on after Shutdown:\n%s", got)
	}
	goleak.VerifyNone(t, before,
		// fasthttp's own: the process-wide Date header clock, and its worker
		// pool's cleaner, which notices the stop after its idle sleep (10 s).
		goleak.IgnoreAnyFunction("github.com/valyala/fasthttp.updateServerDate.func1"),
		goleak.IgnoreAnyFunction("github.com/valyala/fasthttp.(*workerPool).Start.func2"))
}

// The vocabulary's counts follow the change log: a created record is
// counted, an updated one with its new words only, a deleted one not at all.
func TestAPI_VocabularyFollowsWrites(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true})
	ts.waitLearned(t)
	v := ts.srv.Vocabulary()
	idf := func(df, docs int) float64 { return math.Log(float64(docs+1)/float64(df+1)) + 1 }
	check := func(step string, docs int, words map[string]int) {
		t.Helper()
		if got := v.Docs(); got != docs {
			t.Errorf("%s: %d records counted, want %d", step, got, docs)
		}
		for w, df := range words {
			if got, want := v.IDF(w), idf(df, docs); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: IDF(%s) = %.4f, want %.4f (in %d of %d records)", step, w, got, want, df, docs)
			}
		}
	}
	reg := ts.register(t, "Vocabulary Partner", "KR", "partner")
	o := ts.postOffer(t, reg.Token, map[string]any{"title": "Zanzibar membrane filters"})
	check("created", 1, map[string]int{"zanzibar": 1, "quokka": 0})

	path := fmt.Sprintf("/api/v1/offers/%d", o.ID)
	if r := ts.do(t, "PATCH", path, reg.Token, map[string]any{"title": "Quokka membrane filters"}); r.Status != 200 {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	check("updated", 1, map[string]int{"zanzibar": 0, "quokka": 1})

	if r := ts.do(t, "DELETE", path, reg.Token, nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	check("deleted", 0, map[string]int{"quokka": 0})
}
