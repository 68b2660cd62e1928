package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A Vietnamese word is mostly two syllables, and one syllable alone is
// many words: "lý" of "xử lý" (treat) is also in "quản lý" (manage) and
// "vật lý" (physics), "chế" of "tái chế" (recycle) in "chế biến"
// (process). The Vietnamese fields hold each pair of neighbouring
// syllables, so a record holding one of the query's words holds its pair;
// one holding only scattered syllables is about something else. A
// Vietnamese query with syllable pairs therefore ranks the records its
// pairs find (scored by the Vietnamese fields alone: pairs and the
// syllables the folded fields do not hold) above every record only its
// syllables find, and ranks those by the syllables (the folded fields)
// when a page reaches them. It finds the records searchTextQuery finds:
// the total and the facets count them all, in one pass where no syllable
// is scored (at 100,000 records the syllables' postings in the three
// folded fields were four fifths of those a query walked and scored).

// viLed is Search's Vietnamese text query in its two parts: lead, the
// Vietnamese fields' clauses, and rest, the folded fields'; recall is any
// term of either, as one disjunction of term queries that does not score.
type viLed struct {
	lead, rest, recall query.Query
}

// viLedQuery splits searchTextQuery(m, text, "vi", drop) so; ok is false
// when text has no syllable pair (one syllable, or each alone between
// punctuation), whose query stays whole.
func viLedQuery(m mapping.IndexMapping, text string, drop map[string]bool) (viLed, bool) {
	viDrop := viFoldedSyllables(m, text, drop)
	var lead, rest, recall []query.Query
	pairs := false
	add := func(parts *[]query.Query, analyzer, field string, boost float64, drop map[string]bool) {
		mq := bleve.NewMatchQuery(text)
		mq.SetField("Fields." + field)
		mq.SetBoost(boost)
		seen := map[string]bool{}
		for _, t := range m.AnalyzerNamed(analyzer).Analyze([]byte(text)) {
			w := string(t.Term)
			if (t.Type != analysis.Shingle && drop[w]) || seen[w] {
				continue
			}
			seen[w] = true
			pairs = pairs || t.Type == analysis.Shingle
			tq := bleve.NewTermQuery(w)
			tq.SetField(mq.FieldVal)
			recall = append(recall, tq)
		}
		if len(drop) > 0 {
			*parts = append(*parts, matchWithout{mq, drop})
		} else {
			*parts = append(*parts, mq)
		}
	}
	add(&lead, AnalyzerVI, "title_vi", 3, viDrop)
	add(&lead, AnalyzerVI, "kw_vi", 2, viDrop)
	add(&lead, AnalyzerVI, "body_vi", 1, viDrop)
	add(&rest, AnalyzerFold, "title_fold", 1.5, drop)
	add(&rest, AnalyzerFold, "kw_fold", 1, drop)
	add(&rest, AnalyzerFold, "body_fold", 0.5, drop)
	if !pairs || len(recall) == 0 {
		return viLed{}, false
	}
	return viLed{
		lead:   bleve.NewDisjunctionQuery(lead...),
		rest:   bleve.NewDisjunctionQuery(rest...),
		recall: bleve.NewDisjunctionQuery(recall...),
	}, true
}

// searchLed answers a relevance-ordered Vietnamese query split by
// viLedQuery (ledPage), without translations. The caller holds ix.mu.
func (ix *Index) searchLed(ctx context.Context, q *Query, filter query.Query, led viLed, cur cursor, drop map[string]bool) (Result, error) {
	facets := q.Cursor == ""
	cctx, counter := ix.counting(ctx, facets)
	hits, total, err := ix.ledPage(ctx, cctx, counter, filter, led, q.Limit, cur.From)
	if err != nil {
		return Result{}, err
	}
	if err := ix.highlight(ctx, snippetQuery(ix.idx.Mapping(), q, "vi", drop), hits); err != nil {
		return Result{}, err
	}
	out := Result{Hits: hitsOf(&bleve.SearchResult{Hits: hits}), Total: total, Facets: map[string]Facets{}}
	if facets {
		out.Facets = counter.result()
	}
	out.NextCursor = offsetCursor(cur.From, q.Limit, len(out.Hits), out.Total)
	return out, nil
}

// ledPage returns the hits from position from (at most limit) of led's
// two tiers, first the records its pairs find, best first, then those only
// its syllables find, best first by the syllables, and how many records
// both hold. One search (through cctx, whose counter counts the facets)
// scores the first and counts both: every record found matches recall, and
// the second tier scores 0 there, behind the first; a second search ranks
// the second tier, only when the page reaches it.
func (ix *Index) ledPage(ctx, cctx context.Context, counter *hitCounter, filter query.Query, led viLed, limit, from int) (search.DocumentMatchCollection, uint64, error) {
	counter.scored = 0
	both := bleve.NewDisjunctionQuery(led.lead, nonScoring{led.recall})
	req := bleve.NewSearchRequestOptions(searchFiltered(both, filter), limit, from, false)
	req.SortBy([]string{"-_score"})
	first, err := ix.idx.SearchInContext(cctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	hits := first.Hits
	for len(hits) > 0 && hits[len(hits)-1].Score == 0 {
		hits = hits[:len(hits)-1]
	}
	if rest := limit - len(hits); rest > 0 && uint64(from+len(hits)) < first.Total {
		only := bleve.NewBooleanQuery()
		only.AddMust(searchFiltered(led.rest, filter))
		only.AddMustNot(nonScoring{led.lead})
		req := bleve.NewSearchRequestOptions(only, rest, max(0, from-counter.scored), false)
		req.SortBy([]string{"-_score"})
		sctx, _ := ix.counting(ctx, false)
		second, err := ix.idx.SearchInContext(sctx, req)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, second.Hits...)
	}
	return hits, first.Total, nil
}
