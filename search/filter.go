package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// searchFiltered is scoring query q restricted to the records filter
// matches, for Search: the two go in step as a conjunction, the one with
// fewer documents leading, and the filter adds nothing to the score (its
// searcher does not score, and it takes no part in the query norm). So a
// selective filter (a sector and a TRL range) skips the text query past
// the records it excludes instead of scoring each of them first, and an
// unselective one (kind and liveness alone) costs a bitmap step per hit.
// Scores are those of q alone, as with filtered.
func searchFiltered(q, filter query.Query) query.Query {
	return bleve.NewConjunctionQuery(q, nonScoring{filter})
}

// nonScoring matches what its query matches with score 0 and weight 0.
type nonScoring struct{ q query.Query }

func (n nonScoring) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	s, err := n.q.Searcher(ctx, i, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return zeroWeight{s}, nil
}

// zeroWeight is a searcher that leaves the query norm of a conjunction it
// is part of to the other clauses.
type zeroWeight struct{ search.Searcher }

func (zeroWeight) Weight() float64      { return 0 }
func (zeroWeight) SetQueryNorm(float64) {}
