package search

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/techmatch/techmatch/data"
)

// candidateQuery is the query that finds counterparts for matching: each
// weighted text part analysed against every language's fields, among live
// records of kind that do not belong to excludeOrg.
func candidateQuery(kind string, parts []data.WeightedText, excludeOrg string, now time.Time) query.Query {
	var text []query.Query
	for _, p := range parts {
		if !hasWords(p.Text) {
			continue
		}
		tq := textQueryIn(p.Text, p.Lang)
		tq.SetBoost(p.Boost)
		text = append(text, tq)
	}
	if len(text) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	filter := filterQuery(&Query{Kind: kind}, now)
	// The filter does not score (it added the same to every candidate):
	// see filtered.
	bq := filtered(bleve.NewDisjunctionQuery(text...), filter)
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
	q := candidateQuery(kind, parts, excludeOrg, ix.Now())
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
}

// NewMemory indexes profiles in memory. Their Refs are their ids.
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
	created := time.Unix(0, 0)
	for start := 0; start < len(profiles); start += applyChunk {
		b := idx.NewBatch()
		for _, p := range profiles[start:min(start+applyChunk, len(profiles))] {
			if p.Ref == "" {
				idx.Close()
				return nil, errors.New("a profile without a ref cannot be indexed")
			}
			if err := b.Index(p.Ref, newDoc(p, created)); err != nil {
				idx.Close()
				return nil, err
			}
		}
		if err := idx.Batch(b); err != nil {
			idx.Close()
			return nil, err
		}
	}
	return &Memory{idx: idx, Now: time.Now}, nil
}

// Candidates is as (*Index).Candidates; refs are the profiles' Refs.
func (m *Memory) Candidates(ctx context.Context, kind string, parts []data.WeightedText, excludeOrg string, limit int) ([]data.ScoredRef, error) {
	return runCandidates(ctx, m.idx, candidateQuery(kind, parts, excludeOrg, m.Now()), limit)
}

// Close releases the index.
func (m *Memory) Close() error { return m.idx.Close() }
