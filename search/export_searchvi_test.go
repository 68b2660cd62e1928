package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
)

// TextQueryIDs are the ids of every record of kind q.Kind whose text
// matches q.Text (no filter, drafts included), with Search's text query
// (searchTextQuery) or, with candidate, the one candidate queries ask
// (textQueryIn), sorted.
func TextQueryIDs(ix *Index, q Query, candidate bool) ([]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	lang := queryLang(q.Text)
	var text = searchTextQuery(ix.idx.Mapping(), q.Text, lang, nil)
	if candidate {
		text = textQueryIn(q.Text, lang)
	}
	kind := bleve.NewTermQuery(q.Kind)
	kind.SetField("kind")
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(text, kind), 10_000, 0, false)
	res, err := ix.idx.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return out, nil
}
