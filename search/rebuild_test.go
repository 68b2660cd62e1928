package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// gatedSource is the store as the index reads it, except that once armed
// the next walk of every profile signals started and waits for release.
type gatedSource struct {
	*bolt.Store
	armed   chan struct{}
	started chan struct{}
	release chan struct{}
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

func generations(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var gens []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "gen-") {
			gens = append(gens, e.Name())
		}
	}
	return gens
}

// Two rebuilds at once: the second is refused with ECONFLICT while the
// first runs; the first succeeds; one generation folder is left.
func TestSearch_ConcurrentRebuildsConflict(t *testing.T) {
	dir := t.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	src := &gatedSource{Store: store, armed: make(chan struct{}), started: make(chan struct{}), release: make(chan struct{})}
	ixDir := filepath.Join(dir, "index")
	idx, err := search.Open(context.Background(), ixDir, src)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	f := &fixture{store: store, index: idx, dir: dir, orgs: map[string]uint64{}}
	org := f.org(t, "Rebuild Partner", "KR", data.OrgPartner)
	shore := f.offer(t, org, listing("Shore power for container terminals", "Cables and converters for ships at berth.", "en"))

	close(src.armed)
	first := make(chan error, 1)
	go func() { first <- idx.Rebuild(context.Background()) }()
	<-src.started // the first rebuild is walking the store
	err = idx.Rebuild(context.Background())
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("second rebuild: %v, want ECONFLICT", err)
	}
	close(src.release)
	if err := <-first; err != nil {
		t.Fatalf("first rebuild: %v", err)
	}
	if gens := generations(t, ixDir); len(gens) != 1 {
		t.Fatalf("generation folders %v, want one", gens)
	}
	if res := f.search(t, search.Query{Text: "shore power"}); !has(res, shore) {
		t.Fatalf("after the rebuild the offer is not found: %+v", res)
	}
}

// A rebuild cancelled while it walks the store leaves the live generation
// answering and no other folder behind.
func TestSearch_CancelledRebuildLeavesNothing(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Rebuild Partner", "KR", data.OrgPartner)
	shore := f.offer(t, org, listing("Shore power for container terminals", "Cables and converters for ships at berth.", "en"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.index.Rebuild(ctx); err == nil {
		t.Fatal("a cancelled rebuild succeeded")
	}
	if gens := generations(t, filepath.Join(f.dir, "index")); len(gens) != 1 {
		t.Fatalf("generation folders %v, want the live one only", gens)
	}
	if res := f.search(t, search.Query{Text: "shore power"}); !has(res, shore) {
		t.Fatalf("the live generation stopped answering: %+v", res)
	}
	if err := f.index.Rebuild(context.Background()); err != nil {
		t.Fatalf("a later rebuild: %v", err)
	}
}
