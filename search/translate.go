package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// This file is search across languages: a query's terms translated (by the
// caller, from the glossary) into the other languages find the records
// written in those languages, below the records the query's own words find.

// translationClause matches one translation as a whole term: every analysed
// word of it (for Vietnamese and Korean, every syllable bigram too, which
// makes it all but a phrase) in the fields of its language. The folded
// fields have no bigrams, so they are left out: there "điện bờ" would find
// điện and bờ anywhere.
func translationClause(t Translation) query.Query {
	return fieldsQuery(t.Text, t.Lang, query.MatchQueryOperatorAnd, false, nil)
}

// translationsQuery is any of the translations, or nil for none.
func translationsQuery(ts []Translation) query.Query {
	var parts []query.Query
	for _, t := range ts {
		if hasWords(t.Text) {
			parts = append(parts, translationClause(t))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// searchTranslated answers a relevance-ordered query with translations in
// two tiers: first the records the query's own words find (exact), best
// first, then those only a translation finds, best first, each saying which
// translations found it. Total and facets cover both tiers: the two tiers
// are disjoint, so they are the sums of the tiers' own (one search each,
// not a third over both). A Vietnamese query split by viLedQuery (led not
// nil) has its words' tier in its own two (ledPage). The caller holds
// ix.mu; drop is what the exact tier leaves out of the query text
// (commonSyllables).
func (ix *Index) searchTranslated(ctx context.Context, q *Query, filter, exact, trans query.Query, led *viLed, cur cursor, drop map[string]bool) (Result, error) {
	// Each tier by score, equal scores by record id (see counting).
	facets := q.Cursor == ""
	tierCtx, counter := ix.counting(ctx, facets)
	run := func(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
		req.SortBy([]string{"-_score"})
		res, err := ix.idx.SearchInContext(tierCtx, req)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return res, nil
	}
	// The first tier from the cursor's position: a Vietnamese query's in
	// its own two tiers (viled.go).
	var words search.DocumentMatchCollection
	var wordsTotal uint64
	if led != nil {
		var err error
		if words, wordsTotal, err = ix.ledPage(ctx, tierCtx, counter, filter, *led, q.Limit, cur.From); err != nil {
			return Result{}, err
		}
	} else {
		first, err := run(bleve.NewSearchRequestOptions(searchFiltered(exact, filter), q.Limit, cur.From, false))
		if err != nil {
			return Result{}, err
		}
		words, wordsTotal = first.Hits, first.Total
	}
	if err := ix.highlight(ctx, snippetQuery(ix.idx.Mapping(), &Query{Text: q.Text}, queryLang(q.Text), drop), words); err != nil {
		return Result{}, err
	}
	out := Result{Hits: hitsOf(&bleve.SearchResult{Hits: words})}
	// The second tier: found by a translation, not by the words; run for
	// its count alone when the first fills the page. Whether the words
	// find a record needs no score.
	only := bleve.NewBooleanQuery()
	only.AddMust(searchFiltered(trans, filter))
	if led != nil {
		exact = led.recall // the same records, no clause scored
	}
	only.AddMustNot(nonScoring{exact})
	rest := q.Limit - len(out.Hits)
	req := bleve.NewSearchRequestOptions(only, rest, max(0, cur.From-int(wordsTotal)), false)
	if rest == 0 {
		// The words filled the page: the second tier counts (total and
		// facets) and scores nothing.
		req.From, req.Score = 0, bleve.ScoreNone
	}
	second, err := run(req)
	if err != nil {
		return Result{}, err
	}
	out.Total = wordsTotal + second.Total
	out.Facets = map[string]Facets{}
	if facets {
		out.Facets = counter.result()
	}
	if rest > 0 && len(second.Hits) > 0 {
		if err := ix.highlight(ctx, snippetQuery(ix.idx.Mapping(), &Query{Translations: q.Translations}, "", nil), second.Hits); err != nil {
			return Result{}, err
		}
		hits := hitsOf(second)
		if err := ix.nameTranslations(ctx, q.Translations, second, hits); err != nil {
			return Result{}, err
		}
		out.Hits = append(out.Hits, hits...)
	}
	out.NextCursor = offsetCursor(cur.From, q.Limit, len(out.Hits), out.Total)
	return out, nil
}

// nameTranslations sets on each hit of res the translations that match it.
// The caller holds ix.mu.
func (ix *Index) nameTranslations(ctx context.Context, ts []Translation, res *bleve.SearchResult, hits []Hit) error {
	if len(res.Hits) == 0 {
		return nil
	}
	ids := make([]string, len(res.Hits))
	at := make(map[string]int, len(hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	for i, h := range hits {
		at[h.Kind+"/"+idString(h.ID)] = i
	}
	for _, t := range ts {
		if !hasWords(t.Text) {
			continue
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewDocIDQuery(ids))
		bq.AddMust(translationClause(t))
		found, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, len(ids), 0, false))
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		name := t.Term + " → " + t.Text
		for _, h := range found.Hits {
			if i, ok := at[h.ID]; ok && !contains(hits[i].Translations, name) {
				hits[i].Translations = append(hits[i].Translations, name)
			}
		}
	}
	return nil
}
