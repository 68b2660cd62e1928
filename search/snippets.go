package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Snippets are highlighted for the page a search returns only. Asking
// Bleve for them in the search itself makes every hit's term positions be
// read and merged (thousands at 100,000 records) for the twenty shown, so
// the page's snippets come from a second search among those records alone.

// snippetQuery finds, in the stored fields (titles and descriptions), what
// the query text of q finds in lang's fields ("" for every language) and
// what each of its translations finds in its language's: the clauses of
// textQueryIn and translationClause that snippets can show, since keywords
// and folded fields are not stored; drop as for fieldsQuery. Nil when q
// has neither.
func snippetQuery(q *Query, lang string, drop map[string]bool) query.Query {
	var parts []query.Query
	add := func(text, lang string, op query.MatchQueryOperator) {
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
	if hasWords(q.Text) {
		add(q.Text, lang, query.MatchQueryOperatorOr)
	}
	for _, t := range q.Translations {
		if hasWords(t.Text) {
			add(t.Text, t.Lang, query.MatchQueryOperatorAnd)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// highlight sets the snippets of hits from a search of q among those
// records alone. The caller holds ix.mu.
func (ix *Index) highlight(ctx context.Context, q query.Query, hits search.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	byID := make(map[string]*search.DocumentMatch, len(hits))
	for i, h := range hits {
		ids[i], byID[h.ID] = h.ID, h
	}
	// Every record of the page, with the positions of q's terms in those
	// that have them: a field without a match still gives a snippet (its
	// start, unmarked), as when Bleve highlights the search itself.
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDocIDQuery(ids))
	if q != nil {
		bq.AddShould(q)
	}
	req := bleve.NewSearchRequestOptions(bq, len(ids), 0, false)
	addHighlight(req)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search: snippets: %w", err)
	}
	for _, h := range res.Hits {
		if d := byID[h.ID]; d != nil {
			d.Fragments = h.Fragments
		}
	}
	return nil
}
