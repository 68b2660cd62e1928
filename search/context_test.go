package search_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/search"
)

// cancelAfter is a context that reports itself cancelled from its n-th
// look onwards: a request whose client goes away while the search runs.
type cancelAfter struct {
	context.Context
	looks atomic.Int64
	n     int64
	done  chan struct{}
}

func newCancelAfter(n int64) *cancelAfter {
	c := &cancelAfter{Context: context.Background(), n: n, done: make(chan struct{})}
	close(c.done)
	return c
}

func (c *cancelAfter) Done() <-chan struct{} {
	if c.looks.Add(1) >= c.n {
		return c.done
	}
	return nil
}

func (c *cancelAfter) Err() error {
	if c.looks.Load() >= c.n {
		return context.Canceled
	}
	return nil
}

func (c *cancelAfter) Deadline() (time.Time, bool) { return time.Time{}, false }

func TestSearch_CancelledContextStopsIt(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Cancel Test Partner", "KR", data.OrgPartner)
	f.offer(t, org, listing("Shore power for container terminals", "Cables and converters for ships at berth.", "en"))
	q := search.Query{Kind: data.KindOffer, Text: "shore power"}

	t.Run("Before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.index.Search(ctx, q); !errors.Is(err, context.Canceled) {
			t.Fatalf("search with a cancelled context: err %v, want context.Canceled", err)
		}
		parts := []data.WeightedText{{Text: "shore power", Boost: 1}}
		if _, err := f.index.Candidates(ctx, data.KindOffer, parts, "", 10); !errors.Is(err, context.Canceled) {
			t.Fatalf("candidates with a cancelled context: err %v, want context.Canceled", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if res, err := f.index.Search(context.Background(), q); err != nil || len(res.Hits) != 1 {
			t.Fatalf("search: %+v, %v", res, err)
		}
	})
}

// A search over many records that is cancelled while it walks the hits
// stops with the context's error instead of finishing.
func TestSearch_CancelledWhileRunning(t *testing.T) {
	f := mustOpen(t)
	if _, err := f.store.Import(context.Background(), ingest.Synthetic(300, 10, 7)); err != nil {
		t.Fatal(err)
	}
	if err := f.index.Sync(); err != nil {
		t.Fatal(err)
	}
	q := search.Query{Kind: data.KindOffer} // every offer, newest first, with facets
	if res, err := f.index.Search(context.Background(), q); err != nil || res.Total < 2000 {
		t.Fatalf("uncancelled search: total %d, %v; want over 2,000 offers", res.Total, err)
	}
	// The collector looks at the context before it starts and then every
	// 1,024 hits: the third look, past the first thousand hits, sees it
	// cancelled.
	ctx := newCancelAfter(3)
	_, err := f.index.Search(ctx, q)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if n := ctx.looks.Load(); n < 3 {
		t.Fatalf("the search looked at its context %d times", n)
	}
}
