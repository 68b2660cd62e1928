package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/techmatch/techmatch/data"
)

// Query is a search for offers or needs. Text is free text from a person:
// it is analysed, never parsed as query syntax, so AND, +, ", : or * in it
// cannot break or widen a search.
type Query struct {
	Kind        string // data.KindOffer or data.KindNeed
	Text        string
	Sector      []string // a parent code also matches its children
	Country     []string
	Cooperation []string
	Language    []string
	OrgKind     []string
	OrgID       uint64 // only this organization's records, when set
	TRLMin      int
	TRLMax      int
	Sort        string // "relevance" (default with text) or "newest"
	Limit       int
	Cursor      string
	// IncludeAll turns off the live filter (drafts, archived, expired):
	// for an owner's own view, never for public search.
	IncludeAll bool
	// Translations are terms of Text in other languages (from the
	// glossary): records that name one in that language's fields are found
	// too, ranked below every record the words of Text find themselves.
	Translations []Translation
}

// Translation is a term found in a query and its equivalent Text in
// language Lang.
type Translation struct {
	Term, Text, Lang string
}

// Hit is one search result: a record's id, score and highlighted snippets.
type Hit struct {
	Kind     string              `json:"kind"`
	ID       uint64              `json:"id"`
	Score    float64             `json:"score"`
	Snippets map[string][]string `json:"snippets,omitempty"`
	// Translations name the translations that found a record the query's
	// own words did not ("wastewater treatment → xử lý nước thải").
	Translations []string `json:"translations,omitempty"`
}

// Result is a page of hits with the total and, on the first page (no
// cursor), the facet counts.
type Result struct {
	Hits       []Hit             `json:"hits"`
	Total      uint64            `json:"total"`
	Facets     map[string]Facets `json:"facets"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

// Facets are the counts of one facet, largest first.
type Facets []FacetCount

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// MaxQueryLen is the longest free-text query accepted, in bytes.
const MaxQueryLen = 1000

// Limits on paging.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Validate checks q and returns EINVALID naming each bad parameter.
func (q *Query) Validate() error {
	var fs []data.FieldError
	bad := func(f, m string) { fs = append(fs, data.FieldError{Field: f, Message: m}) }
	if !utf8.ValidString(q.Text) {
		bad("q", "is not valid UTF-8")
	}
	if len(q.Text) > MaxQueryLen {
		bad("q", fmt.Sprintf("must be at most %d bytes", MaxQueryLen))
	}
	for _, s := range q.Sector {
		if !data.IsSector(s) {
			bad("sector", fmt.Sprintf("%q is not a sector code", s))
		}
	}
	for _, c := range q.Country {
		if !data.IsCountry(c) {
			bad("country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code", c))
		}
	}
	for _, c := range q.Cooperation {
		if !contains(data.CooperationTypes, c) {
			bad("cooperation", fmt.Sprintf("%q is not one of %s", c, strings.Join(data.CooperationTypes, ", ")))
		}
	}
	for _, c := range q.OrgKind {
		if !contains(data.OrgKinds, c) {
			bad("org_kind", fmt.Sprintf("%q is not one of %s", c, strings.Join(data.OrgKinds, ", ")))
		}
	}
	for _, l := range q.Language {
		if !contains(data.Languages, l) {
			bad("language", fmt.Sprintf("%q is not one of %s", l, strings.Join(data.Languages, ", ")))
		}
	}
	if q.TRLMin < 0 || q.TRLMin > 9 {
		bad("trl_min", "must be from 1 to 9")
	}
	if q.TRLMax < 0 || q.TRLMax > 9 {
		bad("trl_max", "must be from 1 to 9")
	}
	if q.TRLMin > 0 && q.TRLMax > 0 && q.TRLMin > q.TRLMax {
		bad("trl_max", "must not be below trl_min")
	}
	if q.Sort != "" && q.Sort != "relevance" && q.Sort != "newest" {
		bad("sort", "must be relevance or newest")
	}
	if q.Limit < 0 || q.Limit > MaxLimit {
		bad("limit", fmt.Sprintf("must be from 1 to %d", MaxLimit))
	}
	if q.Cursor != "" {
		if _, err := decodeCursor(q.Cursor); err != nil {
			bad("cursor", "is not a cursor this API returned")
		}
	}
	return data.Invalid(fs...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hasWords reports whether text has any letter or digit to search for.
func hasWords(text string) bool {
	return strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}

// textQuery is the scoring part of a search: the text matched, as analysed
// text, against every language's fields and the folded fields, titles and
// keywords above descriptions.
func textQuery(text string) *query.DisjunctionQuery { return textQueryIn(text, "") }

// textQueryIn is textQuery against one language's fields (and the neutral
// ones); lang "" means every language.
func textQueryIn(text, lang string) *query.DisjunctionQuery {
	return fieldsQuery(text, lang, query.MatchQueryOperatorOr, true, nil)
}

// fieldsQuery matches text against lang's fields (every language's for "")
// and, with folded, the folded ones, with op between the analysed terms.
// The single terms in drop (for op "or" only) are left out (see
// commonSyllables).
func fieldsQuery(text, lang string, op query.MatchQueryOperator, folded bool, drop map[string]bool) *query.DisjunctionQuery {
	return fieldsQueryDrop(text, lang, op, folded, drop, drop)
}

// searchTextQuery is the text query of Search: textQueryIn with the
// single terms in drop left out and, in the Vietnamese fields, those the
// folded fields are asked for too (viFoldedSyllables). It finds the same
// records as textQueryIn with drop; only their scores differ. Candidate
// queries (candidates.go) keep textQueryIn.
func searchTextQuery(m mapping.IndexMapping, text, lang string, drop map[string]bool) *query.DisjunctionQuery {
	if lang == "en" || lang == "ko" {
		return ownFieldsQuery(m, text, lang)
	}
	viDrop := drop
	if lang == "" || lang == "vi" {
		viDrop = viFoldedSyllables(m, text, drop)
	}
	return fieldsQueryDrop(text, lang, query.MatchQueryOperatorOr, true, drop, viDrop)
}

// fieldsQueryDrop is fieldsQuery leaving the single terms in viDrop out
// of the Vietnamese fields and those in drop out of the others.
func fieldsQueryDrop(text, lang string, op query.MatchQueryOperator, folded bool, drop, viDrop map[string]bool) *query.DisjunctionQuery {
	var parts []query.Query
	add := func(field string, boost float64, drop map[string]bool) {
		mq := bleve.NewMatchQuery(text)
		mq.SetField("Fields." + field)
		mq.SetBoost(boost)
		mq.SetOperator(op)
		if len(drop) > 0 {
			parts = append(parts, matchWithout{mq, drop})
			return
		}
		parts = append(parts, mq)
	}
	for _, l := range textLangs {
		if lang != "" && l != textLang(lang) {
			continue
		}
		d := drop
		if l == "vi" {
			d = viDrop
		}
		add("title_"+l, 3, d)
		add("kw_"+l, 2, d)
		add("body_"+l, 1, d)
	}
	if folded {
		add("title_fold", 1.5, drop)
		add("kw_fold", 1, drop)
		add("body_fold", 0.5, drop)
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// viFoldedSyllables returns drop plus the single terms of text that the
// folded analyzer makes, in Latin script. Every record has its title,
// description and keywords in a folded field beside its language's, and
// for Latin text the Vietnamese analyzer and the folded one make the same
// single terms (both fold the same way; the folded one drops a few more
// stop words, whose terms are then not in its analysis of the query
// either). A record with such a term in title_vi therefore has it in
// title_fold (and so for kw_ and body_): asking both fields for it finds
// no more records, it walks the syllable's postings twice (a Vietnamese
// query of five syllables asked 42 term lists, now 27). The syllable
// pairs, which only the Vietnamese fields have, stay there and rank the
// records that hold the query's words. Han and Kana are left alone: the
// folded field holds their bigrams, not single characters.
func viFoldedSyllables(m mapping.IndexMapping, text string, drop map[string]bool) map[string]bool {
	var out map[string]bool
	for _, t := range m.AnalyzerNamed(AnalyzerFold).Analyze([]byte(text)) {
		if !latinOrDigits(t.Term) {
			continue
		}
		if out == nil {
			out = make(map[string]bool, len(drop)+8)
			for t := range drop {
				out[t] = true
			}
		}
		out[string(t.Term)] = true
	}
	if out == nil {
		return drop
	}
	return out
}

// latinOrDigits reports whether term has only Latin letters and digits.
func latinOrDigits(term []byte) bool {
	for _, r := range string(term) {
		if !unicode.Is(unicode.Latin, r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// filtered is scoring query q restricted to the records filter matches.
// The filter does not score: the text query leads, and the filter's
// searcher only skips ahead to the documents the text finds, so the live
// filter and the facet filters cost little per hit (as Must clauses their
// terms, which match most of the index, were scored on every hit). A nil
// filter restricts nothing.
func filtered(q, filter query.Query) *query.BooleanQuery {
	bq := bleve.NewBooleanQuery()
	bq.AddMust(q)
	if filter != nil {
		bq.AddFilter(filter)
	}
	return bq
}

// queryLang is the language whose fields a query's text is matched
// against: the detected language when it has fields of its own, or ""
// (every language) when detection is unsure. The folded fields, which every
// document has, are matched whatever the language, so a query still finds
// records in other languages that share its words.
func queryLang(text string) string {
	switch l := DetectLanguage(text); l {
	case "en", "vi", "ko":
		return l
	}
	return ""
}

// filterQuery is the non-scoring part: kind, liveness and the filters.
func filterQuery(q *Query, now time.Time) query.Query {
	var must []query.Query
	term := func(field, value string) query.Query {
		t := bleve.NewTermQuery(value)
		t.SetField(field)
		return t
	}
	anyOf := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		var ors []query.Query
		for _, v := range values {
			ors = append(ors, term(field, v))
		}
		must = append(must, bleve.NewDisjunctionQuery(ors...))
	}
	must = append(must, term("kind", q.Kind))
	if !q.IncludeAll {
		must = append(must, term("status", data.StatusPublished))
	}
	anyOf("sectors", q.Sector)
	anyOf("country", q.Country)
	anyOf("cooperation", q.Cooperation)
	anyOf("language", q.Language)
	anyOf("org_kind", q.OrgKind)
	if q.OrgID != 0 {
		must = append(must, term("org_id", idString(q.OrgID)))
	}
	if q.TRLMin > 0 || q.TRLMax > 0 {
		var lo, hi *float64
		if q.TRLMin > 0 {
			v := float64(q.TRLMin)
			lo = &v
		}
		if q.TRLMax > 0 {
			v := float64(q.TRLMax)
			hi = &v
		}
		yes := true
		must = append(must, numRange("trl", lo, hi, &yes))
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if !q.IncludeAll {
		// Only records with an expiry carry the field, so excluding the
		// expired ones touches few documents, where requiring "expires
		// after now" of every document would scan them all.
		t := float64(now.Unix())
		yes := true
		bq.AddMustNot(numRange("expires", nil, &t, &yes))
	}
	return bq
}

func numRange(field string, lo, hi *float64, inclusive *bool) query.Query {
	r := bleve.NewNumericRangeInclusiveQuery(lo, hi, inclusive, inclusive)
	r.SetField(field)
	return r
}

// Search runs q and returns a page of hits, best first, with facet counts
// over all matching records. Returns EINVALID for a bad query, and ctx's
// error when ctx ends first.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	if err := q.Validate(); err != nil {
		return Result{}, err
	}
	if q.Kind != data.KindOffer && q.Kind != data.KindNeed {
		return Result{}, data.Errorf(data.EINVALID, "unknown record kind %q", q.Kind)
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return Result{}, errors.New("search index is closed")
	}
	filter := filterQuery(&q, ix.Now())
	var full query.Query = filter
	scored := hasWords(q.Text)
	lang := queryLang(q.Text)
	var drop map[string]bool
	var exact, trans query.Query
	if scored {
		if lang == "vi" {
			var err error
			if drop, err = commonSyllables(ctx, ix.idx, q.Text); err != nil {
				return Result{}, fmt.Errorf("search: %w", err)
			}
		}
		exact = searchTextQuery(ix.idx.Mapping(), q.Text, lang, drop)
		trans = translationsQuery(q.Translations)
		text := exact
		if trans != nil {
			text = bleve.NewDisjunctionQuery(exact, trans)
		}
		full = searchFiltered(text, filter)
	}
	cur, _ := decodeCursor(q.Cursor)
	byScore := scored && q.Sort != "newest"
	var led *viLed
	if byScore && lang == "vi" {
		if l, ok := viLedQuery(ix.idx.Mapping(), q.Text, drop); ok {
			led = &l
		}
	}
	if byScore && trans != nil {
		return ix.searchTranslated(ctx, &q, filter, exact, trans, led, cur, drop)
	}
	if led != nil {
		return ix.searchLed(ctx, &q, filter, *led, cur, drop)
	}
	req := bleve.NewSearchRequestOptions(full, q.Limit, 0, false)
	// Facets describe the whole result, so they come with its first page
	// only.
	facets := q.Cursor == ""
	var cctx context.Context
	var counter *hitCounter
	switch {
	case byScore:
		// BM25 scores shift a little when Bleve merges segments, so paging
		// by score goes by position; paging by date goes by sort key.
		// Equal scores are ordered by record id (see counting).
		req.SortBy([]string{"-_score"})
		req.From = cur.From
		cctx, counter = ix.counting(ctx, facets)
	case cur.After == nil: // (a cursor from before: below)
		// Newest first: the query scores nothing (the text, if any, only
		// selects), and the order and the cursor come from the segment
		// tables (newestKey), not from each hit's created doc value and
		// stored id.
		req.Query = nonScoring{full}
		req.SortBy([]string{"-_score"})
		cctx, counter = ix.newestAfter(ctx, facets, cur.Newest)
	default:
		req.SortBy([]string{"-created", "_id"})
		if cur.After != nil {
			req.SetSearchAfter(cur.After)
		}
		cctx, counter = ix.counting(ctx, facets)
	}
	res, err := ix.idx.SearchInContext(cctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	if scored {
		if err := ix.highlight(ctx, snippetQuery(ix.idx.Mapping(), &q, lang, drop), res.Hits); err != nil {
			return Result{}, err
		}
	}
	out := Result{Hits: hitsOf(res), Total: res.Total, Facets: map[string]Facets{}}
	if facets {
		out.Facets = counter.result()
	}
	if len(res.Hits) == q.Limit && cur.From+q.Limit < maxOffset {
		last := res.Hits[len(res.Hits)-1]
		next := cursor{From: cur.From + q.Limit}
		if !byScore && cur.After == nil {
			next = cursor{Newest: last.HitNumber}
		} else if !byScore {
			next = cursor{After: last.Sort}
		}
		out.NextCursor = next.encode()
	}
	return out, nil
}

// offsetCursor is the cursor after a page of hits from position from of
// total in relevance order (the tiered searches'), "" after the last page
// or past maxOffset.
func offsetCursor(from, limit, hits int, total uint64) string {
	if next := from + limit; hits == limit && uint64(next) < total && next < maxOffset {
		return cursor{From: next}.encode()
	}
	return ""
}

// hitsOf converts Bleve's hits, snippets grouped by field (title, body).
func hitsOf(res *bleve.SearchResult) []Hit {
	out := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		kind, id, ok := parseDocID(h.ID)
		if !ok {
			continue
		}
		hit := Hit{Kind: kind, ID: id, Score: h.Score}
		if len(h.Fragments) > 0 {
			hit.Snippets = map[string][]string{}
			for field, frags := range h.Fragments {
				name := strings.TrimPrefix(field, "Fields.")
				name, _, _ = strings.Cut(name, "_") // title_vi -> title
				hit.Snippets[name] = append(hit.Snippets[name], frags...)
			}
		}
		out = append(out, hit)
	}
	return out
}

// maxOffset caps paging by position: deep pages cost as much as all the
// pages before them.
const maxOffset = 10_000

// cursor is where the next page starts: a position for relevance order, the
// last hit's sort key for date order, its newestKey when browsing.
type cursor struct {
	From   int      `json:"f,omitempty"`
	After  []string `json:"a,omitempty"`
	Newest uint64   `json:"n,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil || c.From < 0 || c.From > maxOffset || (c.After != nil && len(c.After) != 2) {
		return c, errors.New("bad cursor")
	}
	return c, nil
}
