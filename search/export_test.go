package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Reference answers for tests: q run the way Search ran before its
// per-segment facet tables, non-scoring conjunction and page-only
// snippets (Bleve's doc-value facets, the filter as a boolean filter
// clause, snippets asked of the search itself), to check that Search
// still gives the same counts, scores and snippets.

// addHighlight asks req for Bleve's own snippets of the fields highlight
// marks (snippetFields), as Search asked for them before.
func addHighlight(req *bleve.SearchRequest) {
	req.Highlight = bleve.NewHighlightWithStyle(highlightStyle)
	for f := range snippetFields {
		req.Highlight.AddField(f)
	}
}

// AddBleveFacets asks req for Search's five facets as Bleve counts them:
// term facets of facetSpecs' fields and sizes, and TRL as a numeric range a
// level and "unknown" for none.
func AddBleveFacets(req *bleve.SearchRequest) {
	for _, f := range facetSpecs {
		if f.name == "trl" {
			continue
		}
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
	trl := bleve.NewFacetRequest("trl", 10)
	for lvl := 1; lvl <= 9; lvl++ {
		lo, hi := float64(lvl), float64(lvl+1)
		trl.AddNumericRange(fmt.Sprint(lvl), &lo, &hi)
	}
	zero, one := 0.0, 1.0
	trl.AddNumericRange("unknown", &zero, &one)
	req.AddFacet("trl", trl)
}

// ReferenceFacets is Bleve's own count of q's facets (of both tiers when
// q has translations).
func ReferenceFacets(ix *Index, q Query) (map[string]Facets, uint64, error) {
	res, err := referenceSearch(ix, q, 0, AddBleveFacets, true)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]Facets{}
	for name, fr := range res.Facets {
		fs := Facets{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				fs = append(fs, FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		for _, r := range fr.NumericRanges {
			fs = append(fs, FacetCount{Value: r.Name, Count: r.Count})
		}
		out[name] = fs
	}
	return out, res.Total, nil
}

// ReferenceHits is the first n hits of q's text with the filter as a
// boolean filter clause, by score then id (a Vietnamese text with syllable
// pairs in its two tiers), with snippets (q without translations).
func ReferenceHits(ix *Index, q Query, n int) ([]Hit, error) {
	res, err := referenceSearch(ix, q, n, func(req *bleve.SearchRequest) {
		req.SortBy([]string{"-_score", "_id"})
	}, false)
	if err != nil {
		return nil, err
	}
	if led, ok := referenceLed(ix, q); ok {
		// A Vietnamese query with syllable pairs (viled.go): the records
		// its Vietnamese fields find, scored by them, then the others,
		// scored by the folded fields.
		ix.mu.RLock()
		filter := filterQuery(&q, ix.Now())
		tier := func(text query.Query) (*bleve.SearchResult, error) {
			req := bleve.NewSearchRequestOptions(text, n, 0, false)
			req.SortBy([]string{"-_score", "_id"})
			return ix.idx.SearchInContext(context.Background(), req)
		}
		first, err := tier(filtered(led.lead, filter))
		if err != nil {
			ix.mu.RUnlock()
			return nil, err
		}
		only := bleve.NewBooleanQuery()
		only.AddMust(filtered(led.rest, filter))
		only.AddMustNot(led.lead)
		second, err := tier(only)
		ix.mu.RUnlock()
		if err != nil {
			return nil, err
		}
		res.Hits = append(first.Hits, second.Hits...)
		if len(res.Hits) > n {
			res.Hits = res.Hits[:n]
		}
	}
	// Snippets as Bleve highlights the whole text query (textQueryIn),
	// whose single syllables Search's scoring leaves out of the
	// Vietnamese fields (searchTextQuery): the same records.
	snip, err := referenceSearch(ix, q, 10_000, func(req *bleve.SearchRequest) {
		addHighlight(req)
	}, true)
	if err != nil {
		return nil, err
	}
	frags := map[string]search.FieldFragmentMap{}
	for _, h := range snip.Hits {
		frags[h.ID] = h.Fragments
	}
	for _, h := range res.Hits {
		h.Fragments = frags[h.ID]
	}
	return hitsOf(res), nil
}

// referenceSearch runs q's text query as Search asks it or, with whole,
// as textQueryIn asks it.
func referenceSearch(ix *Index, q Query, n int, set func(*bleve.SearchRequest), whole bool) (*bleve.SearchResult, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var full query.Query = filterQuery(&q, ix.Now())
	if hasWords(q.Text) {
		lang := queryLang(q.Text)
		var text query.Query = searchTextQuery(ix.idx.Mapping(), q.Text, lang, nil)
		if whole {
			text = textQueryIn(q.Text, lang)
		}
		if trans := translationsQuery(q.Translations); trans != nil {
			text = bleve.NewDisjunctionQuery(text, trans)
		}
		full = filtered(text, full)
	}
	req := bleve.NewSearchRequestOptions(full, n, 0, false)
	set(req)
	return ix.idx.SearchInContext(context.Background(), req)
}

// referenceLed is viLedQuery of q's text, when Search splits it.
func referenceLed(ix *Index, q Query) (viLed, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if !hasWords(q.Text) || len(q.Translations) > 0 || q.Sort == "newest" || queryLang(q.Text) != "vi" {
		return viLed{}, false
	}
	drop, err := commonSyllables(context.Background(), ix.idx, q.Text)
	if err != nil {
		return viLed{}, false
	}
	return viLedQuery(ix.idx.Mapping(), q.Text, drop)
}

// CommonSyllables is commonSyllables on ix's index.
func CommonSyllables(ix *Index, text string) (map[string]bool, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return commonSyllables(context.Background(), ix.idx, text)
}

// SegmentCount is how many segments (files and in memory) the live
// generation has.
func SegmentCount(ix *Index) (uint64, error) { return ix.Segments() }

// ReferenceSnippets are the snippets Bleve highlights for the records ids
// in a search of those records alone with the text of q (the words' tier)
// or, with translated, its translations (the translated tier) as Bleve
// queries of the stored fields: what Search showed before it marked the
// terms in the stored text itself (snippets.go).
func ReferenceSnippets(ix *Index, q Query, ids []string, translated bool) (map[string]map[string][]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var parts []query.Query
	add := func(text, lang string, op query.MatchQueryOperator, drop map[string]bool) {
		for _, l := range textLangs {
			if lang != "" && l != textLang(lang) {
				continue
			}
			for _, f := range []string{"title_", "body_"} {
				mq := bleve.NewMatchQuery(text)
				mq.SetField("Fields." + f + l)
				mq.SetOperator(op)
				if len(drop) > 0 && op == query.MatchQueryOperatorOr {
					parts = append(parts, matchWithout{mq, drop})
					continue
				}
				parts = append(parts, mq)
			}
		}
	}
	if !translated && hasWords(q.Text) {
		lang := queryLang(q.Text)
		var drop map[string]bool
		if lang == "vi" {
			var err error
			if drop, err = commonSyllables(context.Background(), ix.idx, q.Text); err != nil {
				return nil, err
			}
		}
		add(q.Text, lang, query.MatchQueryOperatorOr, drop)
	}
	for _, t := range q.Translations {
		if translated && hasWords(t.Text) {
			add(t.Text, t.Lang, query.MatchQueryOperatorAnd, nil)
		}
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDocIDQuery(ids))
	if len(parts) > 0 {
		bq.AddShould(bleve.NewDisjunctionQuery(parts...))
	}
	req := bleve.NewSearchRequestOptions(bq, len(ids), 0, false)
	addHighlight(req)
	res, err := ix.idx.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string][]string{}
	for _, h := range hitsOf(res) {
		out[h.Kind+"/"+idString(h.ID)] = h.Snippets
	}
	return out, nil
}
