package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A Vietnamese word is often two syllables, and the analyzer indexes each
// syllable (folded) and each pair of neighbours. Some syllables are in a
// large share of all texts once folded ("tại", at, and "tái", re-, are both
// "tai"; "nhà" is in every "nhà máy", factory): a query for "tái chế nhựa"
// (plastic recycling) that matches "tai" on its own finds every other
// Vietnamese record, and walks their postings to score and count them. A
// query therefore leaves out a syllable found in more than a tenth of a
// large index when a syllable pair of the query holds it: records with
// "tái chế" still match through the pair, which is also what ranks them.

// commonShare and commonMinDocs say when a syllable is too common: in more
// than 1/commonShare of the records of an index of at least commonMinDocs
// (a small index has no reliable counts), as for candidate queries (match's
// distinctive words).
const (
	commonShare   = 10
	commonMinDocs = 1000
)

// commonSyllables returns the syllables of Vietnamese text that are too
// common to search by alone and that one of its syllable pairs holds.
func commonSyllables(ctx context.Context, idx bleve.Index, text string) (map[string]bool, error) {
	n, err := idx.DocCount()
	if err != nil || n < commonMinDocs {
		return nil, err
	}
	tokens := idx.Mapping().AnalyzerNamed(AnalyzerVI).Analyze([]byte(text))
	paired := map[int]bool{} // positions of syllables a pair holds
	for _, t := range tokens {
		if t.Type == analysis.Shingle {
			paired[t.Position], paired[t.Position+1] = true, true
		}
	}
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out map[string]bool
	for _, t := range tokens {
		if t.Type == analysis.Shingle || !paired[t.Position] || out[string(t.Term)] {
			continue
		}
		// The folded body field has every record's text, whatever its
		// language.
		tfr, err := r.TermFieldReader(ctx, t.Term, "Fields.body_fold", false, false, false)
		if err != nil {
			return nil, err
		}
		df := tfr.Count()
		tfr.Close()
		if df > n/commonShare {
			if out == nil {
				out = map[string]bool{}
			}
			out[string(t.Term)] = true
		}
	}
	return out, nil
}

// matchWithout is a match query (operator "or") that leaves out the
// single terms in drop; syllable pairs stay. With nothing to drop it
// searches as its MatchQuery does.
type matchWithout struct {
	*query.MatchQuery
	drop map[string]bool
}

func (q matchWithout) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if len(q.drop) == 0 {
		return q.MatchQuery.Searcher(ctx, i, m, options)
	}
	// As MatchQuery.Searcher, without the dropped terms.
	return termsSearcher(ctx, i, m, options, q.MatchQuery, func(t *analysis.Token) bool {
		return t.Type == analysis.Shingle || !q.drop[string(t.Term)]
	})
}

// termsSearcher searches mq's analysed terms that keep accepts as
// MatchQuery.Searcher searches them all: a disjunction of term queries, at
// least one to match, each with mq's boost; none left matches nothing.
func termsSearcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions, mq *query.MatchQuery, keep func(*analysis.Token) bool) (search.Searcher, error) {
	analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(mq.FieldVal))
	var tqs []query.Query
	for _, t := range analyzer.Analyze([]byte(mq.Match)) {
		if !keep(t) {
			continue
		}
		tq := bleve.NewTermQuery(string(t.Term))
		tq.SetField(mq.FieldVal)
		tq.SetBoost(mq.BoostVal.Value())
		tqs = append(tqs, tq)
	}
	if len(tqs) == 0 {
		return bleve.NewMatchNoneQuery().Searcher(ctx, i, m, options)
	}
	dq := bleve.NewDisjunctionQuery(tqs...)
	dq.SetMin(1)
	dq.SetBoost(mq.BoostVal.Value())
	return dq.Searcher(ctx, i, m, options)
}
