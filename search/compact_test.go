package search_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// TestCompact_SameAnswersInOneSegment: after Compact the index is one
// segment and answers every query with the same records, totals and
// facets as before (scores may move a little: the merge drops deleted
// documents from the term statistics); later writes are found as before.
func TestCompact_SameAnswersInOneSegment(t *testing.T) {
	f := mustOpen(t)
	manySegments(t, f)
	before, err := search.SegmentCount(f.index)
	if err != nil {
		t.Fatal(err)
	}
	if before < 2 {
		t.Fatalf("the fixture has %d segment(s); the test needs several", before)
	}
	queries := []search.Query{
		{Text: "welding robot"},
		{Text: "robot hàn", Sector: []string{"energy"}},
		{Text: "용접 로봇"},
		{Text: "battery storage", TRLMin: 3},
		{Sort: "newest", Sector: []string{"ict.ai"}},
		{Kind: data.KindNeed, Text: "robot"},
	}
	type answer struct {
		ids    []uint64
		total  uint64
		facets map[string]search.Facets
	}
	all := func() []answer {
		var out []answer
		for _, q := range queries {
			q.Limit = search.MaxLimit
			res := f.search(t, q)
			got := ids(res)
			slices.Sort(got)
			out = append(out, answer{got, res.Total, res.Facets})
		}
		return out
	}
	want := all()
	if err := f.index.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := search.SegmentCount(f.index); err != nil || n != 1 {
		t.Fatalf("after Compact: %d segments (%v), want 1 (before: %d)", n, err, before)
	}
	for i, got := range all() {
		w := want[i]
		if !slices.Equal(got.ids, w.ids) || got.total != w.total {
			t.Errorf("%+v: after Compact %d hits %v, before %d %v", queries[i], got.total, got.ids, w.total, w.ids)
		}
		if !maps.EqualFunc(got.facets, w.facets, func(a, b search.Facets) bool { return slices.Equal(a, b) }) {
			t.Errorf("%+v: facets after Compact %v, before %v", queries[i], got.facets, w.facets)
		}
	}
	org := f.org(t, "Hai Phong Port", "VN", data.OrgEnterprise)
	id := f.offer(t, org, listing("Autonomous mooring winch", "A winch that moors ships alone.", "en"))
	if res := f.search(t, search.Query{Text: "mooring winch"}); !has(res, id) {
		t.Errorf("a write after Compact is not found: %v", ids(res))
	}
}
