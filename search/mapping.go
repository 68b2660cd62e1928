package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/techmatch/techmatch/data"
)

// textLangs are the languages with fields of their own; every other
// language is indexed under "xx" with the language-neutral analyzer.
var textLangs = []string{"en", "vi", "ko", "xx"}

// doc is what the index holds for an offer or need: never the domain type
// itself. Text lives in per-language fields (title_vi, body_vi, kw_vi, ...),
// and again in language-neutral folded fields that every document has.
type doc struct {
	Kind        string   `json:"kind"`
	Status      string   `json:"status"`
	Expires     *float64 `json:"expires,omitempty"` // absent: never expires
	Created     float64  `json:"created"`
	OrgID       string   `json:"org_id"`
	Country     string   `json:"country"`
	OrgKind     string   `json:"org_kind"`
	Language    string   `json:"language"`
	Sectors     []string `json:"sectors"`
	Cooperation []string `json:"cooperation"`
	Markets     []string `json:"markets"`
	TRL         float64  `json:"trl"`
	Fields      map[string]string
}

// Type tells Bleve which document mapping applies.
func (d doc) Type() string { return d.Kind }

// indexMapping is the whole index mapping, in one place: keyword fields for
// codes, numbers for TRL and dates, and text fields analysed per language.
func indexMapping() (*mapping.IndexMappingImpl, error) { return buildMapping(true) }

// candidateMapping is indexMapping with nothing stored beside the inverted
// index: no stored text, term vectors or doc values, which only snippets,
// facets and sorting read. Candidate queries score the same on it (the
// in-memory index of offline ranking).
func candidateMapping() (*mapping.IndexMappingImpl, error) { return buildMapping(false) }

func buildMapping(full bool) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = AnalyzerFold
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = full // facets and sorting read doc values
		return f
	}
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = full
		return f
	}
	text := func(analyzer string, stored bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		stored = stored && full
		f.Store = stored              // stored text feeds highlighted snippets
		f.IncludeTermVectors = stored // and so do term vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	for _, name := range []string{"kind", "status", "org_id", "country", "org_kind", "language", "sectors", "cooperation", "markets"} {
		dm.AddFieldMappingsAt(name, keyword())
	}
	for _, name := range []string{"expires", "created", "trl"} {
		dm.AddFieldMappingsAt(name, number())
	}
	fields := bleve.NewDocumentStaticMapping()
	for _, lang := range textLangs {
		a := AnalyzerFor(lang)
		fields.AddFieldMappingsAt("title_"+lang, text(a, true))
		fields.AddFieldMappingsAt("body_"+lang, text(a, true))
		fields.AddFieldMappingsAt("kw_"+lang, text(a, false))
	}
	for _, name := range []string{"title_fold", "body_fold", "kw_fold"} {
		fields.AddFieldMappingsAt(name, text(AnalyzerFold, false))
	}
	dm.AddSubDocumentMapping("Fields", fields)

	m.AddDocumentMapping(data.KindOffer, dm)
	m.AddDocumentMapping(data.KindNeed, dm)
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	return m, m.Validate()
}

// textLang returns the field language for a record's language.
func textLang(lang string) string {
	switch lang {
	case "en", "vi", "ko":
		return lang
	}
	return "xx"
}

// newDoc builds the index document of a profile (a listing with its
// organization).
func newDoc(p data.Profile, created time.Time) doc {
	l := &p.Listing
	lang := l.Language
	if lang == "" {
		lang = DetectLanguage(l.Title + "\n" + l.Description)
	}
	tl := textLang(lang)
	kw := strings.Join(l.Keywords, " ; ")
	trl := p.TRL
	if p.Kind == data.KindNeed {
		trl = p.MinTRL
	}
	d := doc{
		Kind:        p.Kind,
		Status:      l.Status,
		Created:     float64(created.UnixMilli()),
		OrgID:       p.OrgRef,
		Country:     p.Country,
		OrgKind:     p.OrgKind,
		Language:    lang,
		Cooperation: l.Cooperation,
		Markets:     l.Markets,
		TRL:         float64(trl),
		Fields: map[string]string{
			"title_" + tl: l.Title,
			"body_" + tl:  l.Description,
			"kw_" + tl:    kw,
			"title_fold":  l.Title,
			"body_fold":   l.Description,
			"kw_fold":     kw,
		},
	}
	if l.ExpiresAt != nil {
		e := float64(l.ExpiresAt.Unix())
		d.Expires = &e
	}
	// A parent sector code matches its children: index both.
	seen := map[string]bool{}
	for _, s := range l.Sectors {
		for _, c := range []string{s, data.SectorParent(s)} {
			if !seen[c] {
				seen[c] = true
				d.Sectors = append(d.Sectors, c)
			}
		}
	}
	if d.Language == "" {
		d.Language = "und"
	}
	return d
}
