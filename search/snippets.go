package search

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Snippets are highlighted for the page a search returns only, and without
// a second search. Asking Bleve for them in the search itself makes every
// hit's term positions be read and merged (thousands at 100,000 records)
// for the twenty shown; a second search among those twenty records (their
// ids looked up, a boolean and a disjunction searcher over every query
// term, each record scored) cost a fifth of a Vietnamese search. Here each
// query term's term vectors are read for the page's records alone, and
// Bleve's own highlighter marks them in the stored titles and
// descriptions: the snippets Bleve gives for a search of snippetQuery
// among those records.

// snippetClause is one field's part of the snippets: the analysed terms
// to mark there and, for a clause of operator "and", that the field shows
// them only when it holds every one.
type snippetClause struct {
	terms map[string]bool
	all   bool
}

// snippetTerms says, for each stored field (titles and descriptions),
// which terms its snippets mark.
type snippetTerms map[string][]snippetClause

// snippetQuery is what the snippets of q mark: the terms the query text of
// q matches in lang's fields ("" for every language) and those each of its
// translations matches in its language's, as the clauses of textQueryIn
// and translationClause match them (keywords and folded fields are not
// stored, so snippets cannot show them); drop as for fieldsQuery. Empty
// when q has neither.
func snippetQuery(m mapping.IndexMapping, q *Query, lang string, drop map[string]bool) snippetTerms {
	out := snippetTerms{}
	add := func(text, lang string, all bool) {
		for _, l := range textLangs {
			if lang != "" && l != textLang(lang) {
				continue
			}
			for _, f := range []string{"title_", "body_"} {
				field := "Fields." + f + l
				c := snippetClause{terms: map[string]bool{}, all: all}
				for _, t := range m.AnalyzerNamed(m.AnalyzerNameForPath(field)).Analyze([]byte(text)) {
					if all || t.Type == analysis.Shingle || !drop[string(t.Term)] {
						c.terms[string(t.Term)] = true
					}
				}
				if len(c.terms) > 0 {
					out[field] = append(out[field], c)
				}
			}
		}
	}
	if hasWords(q.Text) {
		add(q.Text, lang, false)
	}
	for _, t := range q.Translations {
		if hasWords(t.Text) {
			add(t.Text, t.Lang, true)
		}
	}
	return out
}

// snippetFields are the stored fields snippets come from: every language's
// title and description.
var snippetFields = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range textLangs {
		out["Fields.title_"+l], out["Fields.body_"+l] = true, true
	}
	return out
}()

// highlight sets the snippets of hits: each stored title and description
// of theirs, with the terms terms names for its field marked (its start,
// unmarked, when it has none of them). The caller holds ix.mu.
func (ix *Index) highlight(ctx context.Context, terms snippetTerms, hits search.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	hl, err := bleve.Config.Cache.HighlighterNamed(highlightStyle)
	if err != nil {
		return fmt.Errorf("search: snippets: %w", err)
	}
	ai, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("search: snippets: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return fmt.Errorf("search: snippets: %w", err)
	}
	defer r.Close()
	// The page's records in this reader (a write since the search may
	// have moved or deleted one), in index order.
	page := make([]pageDoc, 0, len(hits))
	for _, h := range hits {
		id, err := r.InternalID(h.ID)
		if err != nil {
			return fmt.Errorf("search: snippets: %w", err)
		}
		if len(id) > 0 {
			page = append(page, pageDoc{hit: h, id: id, locs: search.FieldTermLocationMap{}})
		}
	}
	sort.Slice(page, func(i, j int) bool { return page[i].id.Compare(page[j].id) < 0 })
	if err := markTerms(ctx, r, terms, page); err != nil {
		return fmt.Errorf("search: snippets: %w", err)
	}
	for _, p := range page {
		doc, err := r.Document(p.hit.ID)
		if err != nil {
			return fmt.Errorf("search: snippets: %w", err)
		}
		if doc == nil {
			continue // deleted since
		}
		var fields []string
		doc.VisitFields(func(f index.Field) {
			if _, ok := f.(index.TextField); ok && snippetFields[f.Name()] {
				fields = append(fields, f.Name())
			}
		})
		dm := &search.DocumentMatch{ID: p.hit.ID, Locations: p.locs}
		for _, f := range fields {
			hl.BestFragmentsInField(dm, doc, f, 1)
		}
		p.hit.Fragments = dm.Fragments
	}
	return nil
}

// pageDoc is a record of the page being highlighted: its hit, its number
// in the reader and the places of the terms its snippets mark.
type pageDoc struct {
	hit  *search.DocumentMatch
	id   index.IndexInternalID
	locs search.FieldTermLocationMap
}

// highlightStyle is the highlighter snippets are formatted with: HTML,
// matches in <mark>.
const highlightStyle = "html"

// markTerms sets, in each record of page (in index order), the places of
// the terms that terms marks in its fields: every term of a clause of
// operator "or" the field holds, every term of an "and" clause when the
// field holds them all. They come from the term vectors, as a term
// searcher reads them.
func markTerms(ctx context.Context, r index.IndexReader, terms snippetTerms, page []pageDoc) error {
	if len(page) == 0 {
		return nil
	}
	for field, cs := range terms {
		// Each term once: where the page's records have it.
		found := map[string][][]*search.Location{} // term -> by page record
		for _, c := range cs {
			for term := range c.terms {
				if _, ok := found[term]; ok {
					continue
				}
				locs, err := termVectors(ctx, r, field, term, page)
				if err != nil {
					return err
				}
				found[term] = locs
			}
		}
		for i := range page {
			for _, c := range cs {
				if c.all {
					every := true
					for term := range c.terms {
						if len(found[term][i]) == 0 {
							every = false
							break
						}
					}
					if !every {
						continue
					}
				}
				for term := range c.terms {
					if locs := found[term][i]; len(locs) > 0 {
						tlm := page[i].locs[field]
						if tlm == nil {
							tlm = search.TermLocationMap{}
							page[i].locs[field] = tlm
						}
						tlm[term] = locs
					}
				}
			}
		}
	}
	return nil
}

// termVectors returns the places of term in field of each record of page
// (in index order), nil where it has none.
func termVectors(ctx context.Context, r index.IndexReader, field, term string, page []pageDoc) ([][]*search.Location, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	out := make([][]*search.Location, len(page))
	if tfr.Count() == 0 {
		return out, nil
	}
	// Advance goes forward only: to an id at or before the reader's
	// place it starts the term's postings again.
	var tfd *index.TermFieldDoc
	for i, p := range page {
		if tfd == nil || tfd.ID.Compare(p.id) < 0 {
			if tfd, err = tfr.Advance(p.id, tfd); err != nil {
				return nil, err
			}
			if tfd == nil {
				break // no record after this one has it
			}
		}
		if !tfd.ID.Equals(p.id) {
			continue
		}
		locs := make([]*search.Location, len(tfd.Vectors))
		for j, v := range tfd.Vectors {
			locs[j] = &search.Location{Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: append(search.ArrayPositions(nil), v.ArrayPositions...)}
		}
		out[i] = locs
	}
	return out, nil
}
