package search

import (
	"context"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// An English or Korean query asked its language's fields and the folded
// fields, which every record has. For the records in the query's language
// the folded fields hold the same words again (the English fields stemmed,
// the Korean ones the same Hangul terms): at 100,000 records half of the
// postings an English search walked were English records' folded fields,
// finding no record the English fields did not find. What the folded
// fields found besides are records in other languages that share the
// query's words ("IoT" in a Vietnamese offer); each record has its text in
// its own language's fields too, where those words are as well, and those
// postings are few. So such a query asks its language's fields (as
// before), the other languages' fields for the query's folded words alone
// (at the folded fields' boosts), and the folded fields only for the words
// some language's analyzer drops as a stop word ("it" is IT, which the
// English fields do not hold; "để" is not in a Vietnamese field). It finds
// the records the whole query (textQueryIn) finds; scores differ (records
// in the query's language no longer score their words twice).
// TestSearch_VietnameseTextFindsWhatBothFieldsFind checks the records.

// ownFieldsQuery is the text query of Search for an English or Korean
// query (lang "en" or "ko").
func ownFieldsQuery(m mapping.IndexMapping, text, lang string) *query.DisjunctionQuery {
	var words, stopped map[string]bool // the folded terms, those some language drops
	for _, t := range m.AnalyzerNamed(AnalyzerFold).Analyze([]byte(text)) {
		w := string(t.Term)
		if foldedStopWords()[w] {
			if stopped == nil {
				stopped = map[string]bool{}
			}
			stopped[w] = true
		} else {
			if words == nil {
				words = map[string]bool{}
			}
			words[w] = true
		}
	}
	var parts []query.Query
	add := func(field string, boost float64, keep map[string]bool, all bool) {
		mq := bleve.NewMatchQuery(text)
		mq.SetField("Fields." + field)
		mq.SetBoost(boost)
		if all {
			parts = append(parts, mq)
		} else if len(keep) > 0 {
			parts = append(parts, matchOnly{mq, keep})
		}
	}
	for _, l := range textLangs {
		if l == lang {
			add("title_"+l, 3, nil, true)
			add("kw_"+l, 2, nil, true)
			add("body_"+l, 1, nil, true)
			continue
		}
		// As the folded fields.
		add("title_"+l, 1.5, words, false)
		add("kw_"+l, 1, words, false)
		add("body_"+l, 0.5, words, false)
	}
	add("title_fold", 1.5, stopped, false)
	add("kw_fold", 1, stopped, false)
	add("body_fold", 0.5, stopped, false)
	return bleve.NewDisjunctionQuery(parts...)
}

// foldedStopWords are the folded forms of every word a language's analyzer
// drops as a stop word: the folded field may hold them where a language's
// field does not.
var foldedStopWords = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, w := range englishStopWords() {
		out[w] = true
	}
	for _, w := range strings.Fields(norm.NFC.String(viStopExact)) {
		out[data.Fold(w)] = true
	}
	for _, w := range strings.Fields(viStopFolded) {
		out[w] = true
	}
	return out
})

// matchOnly is a match query (operator "or") asking only the single terms
// in keep.
type matchOnly struct {
	*query.MatchQuery
	keep map[string]bool
}

func (q matchOnly) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	seen := map[string]bool{}
	return termsSearcher(ctx, i, m, options, q.MatchQuery, func(t *analysis.Token) bool {
		w := string(t.Term)
		if t.Type == analysis.Shingle || !q.keep[w] || seen[w] {
			return false
		}
		seen[w] = true
		return true
	})
}
