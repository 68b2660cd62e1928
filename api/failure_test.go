package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// A store that cannot be read is the server's fault: the match route
// answers 500 and logs why, and never claims the record does not exist.
func TestAPI_MatchRouteStoreFailureIs500(t *testing.T) {
	var logs lockedBuffer
	ts := mustStartWith(t, t.TempDir(), api.Config{AdminToken: adminToken, NoSemantic: true,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	reg := ts.register(t, "Busan Shore Power Co", "KR", "partner")
	o := ts.postOffer(t, reg.Token, map[string]any{"title": "Shore power converters for container berths"})
	path := fmt.Sprintf("/api/v1/offers/%d/matches", o.ID)
	if r := ts.do(t, "GET", path, "", nil); r.Status != 200 {
		t.Fatalf("before: %d %s", r.Status, r.Body)
	}

	ts.storeClosed = true
	if err := ts.Store.Close(); err != nil {
		t.Fatal(err)
	}
	r := ts.do(t, "GET", path, "", nil)
	if r.Status != 500 {
		t.Fatalf("with the store closed: %d %s, want 500", r.Status, r.Body)
	}
	if p := r.problem(t); strings.Contains(p.Detail, "does not exist") {
		t.Errorf("detail %q blames the record", p.Detail)
	}
	if got := logs.String(); !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "database not open") {
		t.Errorf("the failure was not logged with its cause:\n%s", got)
	}
}

// gatedSource is the store as the index reads it, except that once armed
// its next walk of every profile signals started and waits for release.
type gatedSource struct {
	*bolt.Store
	armed, started, release chan struct{}
}

func (g *gatedSource) EachProfile(ctx context.Context, n int, fn func([]data.Profile) error) error {
	select {
	case <-g.armed:
		g.started <- struct{}{}
		<-g.release
	default:
	}
	return g.Store.EachProfile(ctx, n, fn)
}

// POST /admin/reindex while a rebuild runs is 409, and the running one
// finishes.
func TestAPI_ConcurrentReindexConflict(t *testing.T) {
	src := &gatedSource{armed: make(chan struct{}), started: make(chan struct{}), release: make(chan struct{})}
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true}, func(s *bolt.Store) search.Source {
		src.Store = s
		return src
	})
	close(src.armed)
	first := make(chan response, 1)
	go func() { first <- ts.do(t, "POST", "/api/v1/admin/reindex", adminToken, nil) }()
	<-src.started
	r := ts.do(t, "POST", "/api/v1/admin/reindex", adminToken, nil)
	if r.Status != 409 {
		t.Fatalf("second reindex: %d %s, want 409", r.Status, r.Body)
	}
	if p := r.problem(t); !strings.Contains(p.Detail, "already running") {
		t.Errorf("detail %q", p.Detail)
	}
	close(src.release)
	if r := <-first; r.Status != 200 {
		t.Fatalf("first reindex: %d %s", r.Status, r.Body)
	}
}
