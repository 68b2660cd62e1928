package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/techmatch/techmatch/data"
)

// candidateQuery is the query that finds counterparts for matching: each
// weighted text part analysed against every language's fields, among live
// records of kind that do not belong to excludeOrg, walking at most about
// postings postings (budgeted).
func candidateQuery(kind string, parts []data.WeightedText, excludeOrg string, now time.Time, postings int) query.Query {
	return candidateQueryAmong(parts, excludeOrg, postings, filterQuery(&Query{Kind: kind}, now))
}

// candidateQueryAmong is candidateQuery among the records filter matches
// (nil: every record of the index).
func candidateQueryAmong(parts []data.WeightedText, excludeOrg string, postings int, filter query.Query) query.Query {
	var text []*query.DisjunctionQuery
	for _, p := range parts {
		if !hasWords(p.Text) {
			continue
		}
		tq := textQueryIn(p.Text, p.Lang)
		// Bleve leaves a disjunction's boost out of its scores, and so does
		// budgeted: only the fields' boosts weigh. Multiplying the parts'
		// boosts into their terms measured no better (real needs fold A
		// nDCG@10 0.297 -> 0.295, fold B the same), so they stay as they
		// scored before; the engine scores the candidates anyway.
		tq.SetBoost(p.Boost)
		text = append(text, tq)
	}
	if len(text) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	// The filter does not score (it added the same to every candidate):
	// see filtered.
	bq := filtered(budgeted{parts: text, postings: postings}, filter)
	if excludeOrg != "" {
		t := bleve.NewTermQuery(excludeOrg)
		t.SetField("org_id")
		bq.AddMustNot(t)
	}
	return bq
}

func runCandidates(ctx context.Context, idx bleve.Index, q query.Query, limit int) ([]data.ScoredRef, error) {
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.SortBy([]string{"-_score"})
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	out := make([]data.ScoredRef, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, data.ScoredRef{Ref: h.ID, Score: h.Score})
	}
	return out, nil
}

// Candidates returns up to limit live records of kind, best text relevance
// first, that do not belong to organization excludeOrg. Refs are
// data.RecordRef values ("offer/12"). It stops with ctx's error when ctx
// ends.
func (ix *Index) Candidates(ctx context.Context, kind string, parts []data.WeightedText, excludeOrg string, limit int) ([]data.ScoredRef, error) {
	q := candidateQuery(kind, parts, excludeOrg, ix.Now(), candidatePostings)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errors.New("search index is closed")
	}
	return runCandidates(ctx, ix.idx, q, limit)
}

// Memory is an in-memory index of profiles with the same fields and
// analysis as the on-disk index (only what candidate queries read is kept:
// candidateMapping), for offline ranking (`techmatch rank`,
// `techmatch eval`) without a store or a server.
type Memory struct {
	idx bleve.Index
	Now func() time.Time
	// liveKind is the kind of every record when each is published and
	// never expires (as `rank` and `eval` read offers): its candidate
	// queries need no filter, which would otherwise be checked on every
	// text hit (a fifth of a query's walk at 100,000 offers). "" otherwise.
	liveKind string
}

// NewMemory indexes profiles in memory, in one batch (one segment). Their
// Refs are their ids.
//
// An in-memory scorch index never merges: each batch stays a segment of
// its own, and every term of a query is looked up and walked in each (at
// 100,000 profiles in batches of 1,000, building a candidate query's term
// searchers in 100 segments was half its CPU). Bleve's BM25 also takes its
// field-length statistic from the segments (the sum of their term
// dictionaries' sizes over the documents), so with batches the scores
// depended on where the batch boundaries fell.
func NewMemory(profiles []data.Profile) (*Memory, error) {
	m, err := candidateMapping()
	if err != nil {
		return nil, err
	}
	// bleve.NewMemOnly would build the deprecated upsidedown engine; an
	// empty path gives an in-memory scorch index.
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	md := newMemoryDocs(m)
	b := idx.NewBatch()
	liveKind := ""
	if len(profiles) > 0 {
		liveKind = profiles[0].Kind
	}
	for _, p := range profiles {
		if p.Kind != liveKind || p.Status != data.StatusPublished || p.ExpiresAt != nil {
			liveKind = ""
		}
		if p.Ref == "" {
			idx.Close()
			return nil, errors.New("a profile without a ref cannot be indexed")
		}
		if err := b.IndexAdvanced(md.document(p)); err != nil {
			idx.Close()
			return nil, err
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, err
	}
	return &Memory{idx: idx, Now: time.Now, liveKind: liveKind}, nil
}

// Candidates is as (*Index).Candidates; refs are the profiles' Refs.
func (m *Memory) Candidates(ctx context.Context, kind string, parts []data.WeightedText, excludeOrg string, limit int) ([]data.ScoredRef, error) {
	if kind != "" && kind == m.liveKind {
		// Every record is live and of kind: the filter would pass each.
		return runCandidates(ctx, m.idx, candidateQueryAmong(parts, excludeOrg, candidatePostings, nil), limit)
	}
	return runCandidates(ctx, m.idx, candidateQuery(kind, parts, excludeOrg, m.Now(), candidatePostings), limit)
}

// Close releases the index.
func (m *Memory) Close() error { return m.idx.Close() }

// candidatePostings bounds what a candidate query walks: the postings of
// its term clauses (a word in a field), summed, whatever the size of the
// index. A need's words asked of six fields a part, with the glossary's
// translations, made queries of 200,000 to 600,000 postings at 100,000
// offers (0.2-0.4 s of CPU each); the index's own counts say what each
// clause costs. A collection of a few thousand records stays well inside
// it (the corpus's 4,531 offers: the same candidates as without a bound).
const candidatePostings = 30_000

// budgeted is a candidate query's text: each part a disjunction of match
// queries, one a field (textQueryIn), searched as Bleve searches them (the
// same term, field, disjunction and scoring structure) but with the term
// clauses that can add least to a score left out once their postings would
// pass the budget: a clause can add at most its boost times its idf, so the
// rare words of title and keywords come first and a word in a third of
// the records last. Within the budget the query is the one Bleve would
// build, scores to the last bit.
type budgeted struct {
	parts    []*query.DisjunctionQuery
	postings int
}

// budgetClause is one term of one match query of a budgeted query: its
// searcher, postings and the most it can add to a score.
type budgetClause struct {
	s      search.Searcher
	cost   uint64
	impact float64
	keep   bool
}

func (q budgeted) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	// fields[part][field] are the clauses of a part's match queries.
	fields := make([][][]*budgetClause, len(q.parts))
	var clauses []*budgetClause
	fail := func(built []search.Searcher, err error) (search.Searcher, error) {
		for _, s := range built {
			s.Close() // and the clauses under it
		}
		for _, c := range clauses {
			if c.keep {
				c.s.Close()
			}
		}
		return nil, err
	}
	for pi, dq := range q.parts {
		fields[pi] = make([][]*budgetClause, len(dq.Disjuncts))
		for fi, d := range dq.Disjuncts {
			mq, ok := d.(*query.MatchQuery)
			if !ok {
				return fail(nil, fmt.Errorf("candidate query: unexpected %T", d))
			}
			// As MatchQuery asks: one term query a token, the match
			// query's boost on each.
			boost := mq.BoostVal.Value()
			for _, t := range m.AnalyzerNamed(m.AnalyzerNameForPath(mq.FieldVal)).Analyze([]byte(mq.Match)) {
				s, err := searcher.NewTermSearcher(ctx, r, string(t.Term), mq.FieldVal, boost, options)
				if err != nil {
					return fail(nil, err)
				}
				c := &budgetClause{s: s, cost: s.Count(), impact: math.Sqrt(s.Weight()), keep: true}
				fields[pi][fi] = append(fields[pi][fi], c)
				clauses = append(clauses, c)
			}
		}
	}
	keepWithin(clauses, q.postings)
	for _, c := range clauses {
		if !c.keep {
			c.s.Close()
		}
	}
	// As MatchQuery and DisjunctionQuery build their searchers: a match
	// query is a disjunction of its terms (at least one), a part one of its
	// match queries, the text one of its parts.
	nctx := context.WithValue(ctx, search.IncludeScoreBreakdownKey, false)
	var built []search.Searcher // searchers that now own their clauses
	partSS := make([]search.Searcher, 0, len(q.parts))
	for pi := range q.parts {
		fieldSS := make([]search.Searcher, 0, len(fields[pi]))
		for _, cs := range fields[pi] {
			var terms []search.Searcher
			for _, c := range cs {
				if c.keep {
					terms = append(terms, c.s)
					c.keep = false // owned by the disjunction from here on
				}
			}
			var s search.Searcher
			var err error
			if len(terms) == 0 {
				s, err = searcher.NewMatchNoneSearcher(r)
			} else {
				s, err = searcher.NewDisjunctionSearcher(nctx, r, terms, 1, options)
			}
			if err != nil {
				return fail(append(built, terms...), err)
			}
			built = append(built, s)
			fieldSS = append(fieldSS, s)
		}
		s, err := searcher.NewDisjunctionSearcher(nctx, r, fieldSS, 0, options)
		if err != nil {
			return fail(built, err)
		}
		built = append(built[:len(built)-len(fieldSS)], s)
		partSS = append(partSS, s)
	}
	s, err := searcher.NewDisjunctionSearcher(nctx, r, partSS, 0, options)
	if err != nil {
		return fail(built, err)
	}
	return s, nil
}

// keepWithin leaves keep set on the clauses to search: all when their
// postings fit in budget, otherwise those that can add most to a score
// (impact) first, each while it fits (a dearer one is passed over for
// cheaper ones after it), and at least the first. It returns the postings
// kept.
func keepWithin(clauses []*budgetClause, budget int) uint64 {
	var total uint64
	for _, c := range clauses {
		total += c.cost
	}
	if total <= uint64(budget) {
		return total
	}
	order := slices.Clone(clauses)
	sort.SliceStable(order, func(i, j int) bool { return order[i].impact > order[j].impact })
	left, kept := uint64(budget), uint64(0)
	for i, c := range order {
		c.keep = c.cost <= left || i == 0
		if c.keep {
			left -= min(left, c.cost)
			kept += c.cost
		}
	}
	return kept
}
