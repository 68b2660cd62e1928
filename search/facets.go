package search

// Facet counts and the relevance tie-break without per-hit work in Bleve.
//
// Bleve counts a facet by reading every hit's doc values, field by field
// (chunks decompressed, the terms of numeric fields at every precision
// visited), and sorting on "_id" loads every hit's stored id: at 100,000
// offers that was more than half of a search. Segments never change once
// written, so for each segment we read, once, which facet values each of
// its documents has and which record it is (from the postings of the facet
// fields and of _id: one pass over the terms, not over the documents), and
// a search only looks a hit up in those tables. This is what Lucene-based
// engines do with per-segment ordinals.

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// facetSpec is one facet of a search result: its name in Result.Facets,
// the indexed field it counts and how many values it returns.
type facetSpec struct {
	name, field string
	size        int
	// values names a term of field; "" skips the term. Nil keeps it.
	values func(term []byte) string
}

// facetSpecs are the counts by sector, country, cooperation, language and
// TRL (one value per level and "unknown" for none) that a first page
// carries.
var facetSpecs = []facetSpec{
	{name: "sector", field: "sectors", size: 60},
	{name: "country", field: "country", size: 30},
	{name: "cooperation", field: "cooperation", size: 10},
	{name: "language", field: "language", size: 10},
	{name: "trl", field: "trl", size: 10, values: trlValue},
}

// trlValue names a term of the numeric trl field: its level, "unknown"
// for 0, and "" for the lower-precision terms Bleve indexes beside each
// number.
func trlValue(term []byte) string {
	p := numeric.PrefixCoded(term)
	if shift, err := p.Shift(); err != nil || shift != 0 {
		return ""
	}
	i, err := p.Int64()
	if err != nil {
		return ""
	}
	switch v := numeric.Int64ToFloat64(i); {
	case v >= 0 && v < 1:
		return "unknown"
	case v >= 1 && v < 10:
		return fmt.Sprint(int(v))
	}
	return ""
}

// segFacets is what one segment's documents hold: each document's
// tie-break key (its record id) and facet values in one 32-byte entry, a
// cache line's half, so that counting a hit reads one place in memory (a
// table per facet made it touch eleven, most of them a cache miss at
// 100,000 records), and its newestKey. A value is numbered across the
// facets: names[v] is its name and col[v] its facet.
type segFacets struct {
	docs   []facetDoc
	newest []uint64 // newestKey of each document
	spill  map[uint32][]uint16
	names  []string
	col    []uint8
}

// facetInline is how many facet values a document's entry holds; those of
// a document with more are in spill.
const facetInline = 11

type facetDoc struct {
	key  uint64
	n    uint16 // values in vals, or facetInline+1: in spill
	vals [facetInline]uint16
}

// values are the facet values of document d (local to the segment).
func (t *segFacets) values(e *facetDoc, d uint64) []uint16 {
	if e.n <= facetInline {
		return e.vals[:e.n]
	}
	return t.spill[uint32(d)]
}

// facetColumn is one facet's values while a segment's tables are built.
type facetColumn struct {
	names []string
	start []uint32
	vals  []uint32
}

// buildSegFacets reads the tables of seg from its term dictionaries.
func buildSegFacets(seg segment.Segment) (*segFacets, error) {
	n := seg.Count()
	t := &segFacets{docs: make([]facetDoc, n), newest: make([]uint64, n)}
	if err := readCreated(seg, t); err != nil {
		return nil, err
	}
	for d := range n {
		// Reading each stored id is quicker than walking the _id terms
		// (one dictionary lookup each).
		b, err := seg.DocID(d)
		if err != nil {
			return nil, err
		}
		if _, id, ok := parseDocID(string(b)); ok {
			t.docs[d].key = id
			t.newest[d] |= id & newestIDMask
		}
	}
	cols := make([]facetColumn, len(facetSpecs))
	base := make([]int, len(facetSpecs))
	for i, spec := range facetSpecs {
		col, err := buildColumn(seg, n, spec)
		if err != nil {
			return nil, err
		}
		cols[i], base[i] = col, len(t.names)
		t.names = append(t.names, col.names...)
		for range col.names {
			t.col = append(t.col, uint8(i))
		}
	}
	if len(t.names) > 1<<16 {
		return nil, fmt.Errorf("%d facet values in one segment, at most %d", len(t.names), 1<<16)
	}
	var vals []uint16
	for d := range n {
		vals = vals[:0]
		for i := range cols {
			col := &cols[i]
			for _, v := range col.vals[col.start[d]:col.start[d+1]] {
				vals = append(vals, uint16(base[i]+int(v)))
			}
		}
		e := &t.docs[d]
		if len(vals) <= facetInline {
			e.n = uint16(copy(e.vals[:], vals))
			continue
		}
		if t.spill == nil {
			t.spill = map[uint32][]uint16{}
		}
		e.n, t.spill[uint32(d)] = facetInline+1, append([]uint16(nil), vals...)
	}
	return t, nil
}

// Newest first is creation time, latest first, then record id: one
// uint64, ascending, so that Bleve's tie-break on equal (zero) scores
// sorts by it. The time takes the high 40 bits (milliseconds since 2020,
// latest smallest: until 2054), the id the low 24 (ids up to 16.7
// million; beyond, two records created in the same millisecond could
// share a key).
const (
	newestIDBits = 24
	newestIDMask = 1<<newestIDBits - 1
	newestEpoch  = 1577836800000 // 2020-01-01 in Unix milliseconds
	newestSpan   = 1<<(64-newestIDBits) - 1
)

func newestTime(createdMillis int64) uint64 {
	e := min(max(createdMillis-newestEpoch, 0), newestSpan)
	return uint64(newestSpan-e) << newestIDBits
}

// newestKey is the key of a record created at createdMillis with id id.
func newestKey(createdMillis int64, id uint64) uint64 {
	return newestTime(createdMillis) | id&newestIDMask
}

// readCreated sets the time part of t.newest from the created doc values.
func readCreated(seg segment.Segment, t *segFacets) error {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return fmt.Errorf("segment %T has no doc values", seg)
	}
	fields := []string{"created"}
	var state segment.DocVisitState
	var err error
	for d := range uint64(len(t.newest)) {
		state, err = dv.VisitDocValues(d, fields, func(_ string, term []byte) {
			p := numeric.PrefixCoded(term)
			if shift, err := p.Shift(); err == nil && shift == 0 {
				if i, err := p.Int64(); err == nil {
					t.newest[d] = newestTime(int64(numeric.Int64ToFloat64(i)))
				}
			}
		}, state)
		if err != nil {
			return err
		}
	}
	return nil
}

func buildColumn(seg segment.Segment, n uint64, spec facetSpec) (facetColumn, error) {
	type pair struct{ doc, val uint32 }
	pairs := make([]pair, 0, n) // most fields have about one value a document
	var col facetColumn
	index := map[string]uint32{}
	var v uint32
	err := eachPosting(seg, spec.field, func(term []byte) bool {
		name := string(term)
		if spec.values != nil {
			if name = spec.values(term); name == "" {
				return false
			}
		}
		var ok bool
		if v, ok = index[name]; !ok {
			v = uint32(len(col.names))
			index[name] = v
			col.names = append(col.names, name)
		}
		return true
	}, func(doc uint64) {
		if doc < n {
			pairs = append(pairs, pair{uint32(doc), v})
		}
	})
	if err != nil {
		return col, err
	}
	// Counting sort by document: start[d] is where d's values begin.
	col.start = make([]uint32, n+1)
	for _, p := range pairs {
		col.start[p.doc+1]++
	}
	for d := uint64(1); d <= n; d++ {
		col.start[d] += col.start[d-1]
	}
	col.vals = make([]uint32, len(pairs))
	next := append([]uint32(nil), col.start[:n]...)
	for _, p := range pairs {
		col.vals[next[p.doc]] = p.val
		next[p.doc]++
	}
	return col, nil
}

// eachPosting calls term with every term of field in seg and, when it
// returns true, doc with each document that has the term.
func eachPosting(seg segment.Segment, field string, term func([]byte) bool, doc func(uint64)) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	it := dict.AutomatonIterator(nil, nil, nil)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		t := []byte(e.Term)
		if !term(t) {
			continue
		}
		if pl, err = dict.PostingsList(t, nil, pl); err != nil {
			return err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			doc(p.Number())
		}
	}
}

// facetCache holds the tables of the segments searches have seen. Its zero
// value is ready to use.
type facetCache struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segEntry
}

type segEntry struct {
	once sync.Once
	t    *segFacets
	err  error
}

// tables returns the tables of every segment of snap, in order, with the
// global number of each segment's first document, building those not seen
// before.
func (c *facetCache) tables(snap *scorch.IndexSnapshot) ([]*segFacets, []uint64, error) {
	ss := snap.Segments()
	entries := make([]*segEntry, len(ss))
	offsets := make([]uint64, len(ss))
	c.mu.Lock()
	if c.segs == nil {
		c.segs = map[segment.Segment]*segEntry{}
	}
	var running uint64
	for i, s := range ss {
		seg := s.Segment()
		e := c.segs[seg]
		if e == nil {
			e = &segEntry{}
			c.segs[seg] = e
		}
		entries[i], offsets[i] = e, running
		running += seg.Count()
	}
	if len(c.segs) > 2*len(ss)+16 {
		// Merges replace segments: forget those this snapshot no longer
		// has (a search still using an older snapshot keeps its tables).
		keep := make(map[segment.Segment]*segEntry, len(ss))
		for i, s := range ss {
			keep[s.Segment()] = entries[i]
		}
		c.segs = keep
	}
	c.mu.Unlock()
	out := make([]*segFacets, len(ss))
	for i, e := range entries {
		seg := ss[i].Segment()
		e.once.Do(func() { e.t, e.err = buildSegFacets(seg) })
		if e.err != nil {
			return nil, nil, fmt.Errorf("search: read segment facets: %w", e.err)
		}
		out[i] = e.t
	}
	return out, offsets, nil
}

// hitCounter counts the facets of the hits of one search and gives each
// hit its tie-break key.
type hitCounter struct {
	tables  []*segFacets
	offsets []uint64
	counts  [][]int32 // by segment and value; made when first hit
	cur     int
	facets  bool
	sums    []map[string]int // by column, value name: the searches done
	// scored is how many hits scored above 0.
	scored int
	// newest orders by newestKey instead of record id; after, when not 0,
	// drops the hits whose key is not above it (the page after a cursor).
	newest bool
	after  uint64
}

// hit counts the document with global number doc and returns its key:
// the record id, which orders equal scores by id whatever the segment
// layout (ids are unique within a kind, and a search has one kind).
func (h *hitCounter) hit(doc uint64) uint64 {
	// Hits come in document order, so the segment moves forward.
	if doc < h.offsets[h.cur] {
		h.cur = sort.Search(len(h.offsets), func(i int) bool { return h.offsets[i] > doc }) - 1
	}
	for h.cur+1 < len(h.offsets) && doc >= h.offsets[h.cur+1] {
		h.cur++
	}
	t, local := h.tables[h.cur], doc-h.offsets[h.cur]
	if local >= uint64(len(t.docs)) {
		return doc
	}
	e := &t.docs[local]
	key := e.key
	if h.newest {
		key = t.newest[local]
	}
	if h.after != 0 && key <= h.after {
		return key
	}
	if h.facets {
		cs := h.counts[h.cur]
		if cs == nil {
			cs = make([]int32, len(t.names))
			h.counts[h.cur] = cs
		}
		for _, v := range t.values(e, local) {
			cs[v]++
		}
	}
	return key
}

// flush adds the counts of the search just collected to the sums, so that
// one counter can count the hits of several searches (of disjoint sets of
// records: the tiers of a translated search).
func (h *hitCounter) flush() {
	if !h.facets {
		return
	}
	if h.sums == nil {
		h.sums = make([]map[string]int, len(facetSpecs))
		for i := range h.sums {
			h.sums[i] = map[string]int{}
		}
	}
	for s, cs := range h.counts {
		t := h.tables[s]
		for v, n := range cs {
			if n > 0 {
				h.sums[t.col[v]][t.names[v]] += int(n)
			}
		}
	}
	h.counts = nil
}

// result is the counts of every facet, largest first (ties by value),
// each cut to its spec's size, as Bleve's facets come.
func (h *hitCounter) result() map[string]Facets {
	out := make(map[string]Facets, len(facetSpecs))
	for i, spec := range facetSpecs {
		fs := Facets{}
		if h.sums != nil {
			for v, n := range h.sums[i] {
				fs = append(fs, FacetCount{Value: v, Count: n})
			}
		}
		sort.Slice(fs, func(a, b int) bool {
			if fs[a].Count != fs[b].Count {
				return fs[a].Count > fs[b].Count
			}
			return fs[a].Value < fs[b].Value
		})
		if len(fs) > spec.size {
			fs = fs[:spec.size]
		}
		out[spec.name] = fs
	}
	return out
}

// counting returns ctx set up so that a search run with it through
// Bleve's top-N collector counts its hits' facets into the returned
// counter (when facets is true) and breaks ties between equal scores by
// record id: the request must sort by score alone ("-_score"), whose ties
// Bleve breaks by the hit number this sets. The counter is filled once
// the search returns; several searches run with ctx add up.
func (ix *Index) counting(ctx context.Context, facets bool) (context.Context, *hitCounter) {
	return ix.countingIn(ctx, &hitCounter{facets: facets})
}

// newestAfter is counting for a search whose every hit scores the same (a
// non-scoring query), ordered newest first (newestKey) instead of by id,
// and only the hits after key after (0 for the first page).
func (ix *Index) newestAfter(ctx context.Context, facets bool, after uint64) (context.Context, *hitCounter) {
	return ix.countingIn(ctx, &hitCounter{facets: facets, newest: true, after: after})
}

func (ix *Index) countingIn(ctx context.Context, h *hitCounter) (context.Context, *hitCounter) {
	maker := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		inner, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		snap, ok := sctx.IndexReader.(*scorch.IndexSnapshot)
		if !ok {
			return nil, false, fmt.Errorf("search: facets need a scorch index, not %T", sctx.IndexReader)
		}
		if h.tables, h.offsets, err = ix.facets.tables(snap); err != nil {
			return nil, false, err
		}
		h.counts, h.cur = make([][]int32, len(h.tables)), 0
		if len(h.tables) == 0 {
			return inner, loadID, nil
		}
		return func(d *search.DocumentMatch) error {
			if d != nil {
				if d.Score > 0 {
					h.scored++
				}
				d.HitNumber = h.hit(d.IndexInternalID.Value())
				if h.after != 0 && d.HitNumber <= h.after {
					sctx.DocumentMatchPool.Put(d) // on an earlier page
					return nil
				}
			} else {
				h.flush() // the end of the hits
			}
			return inner(d)
		}, loadID, nil
	}
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(maker)), h
}
