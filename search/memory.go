package search

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/techmatch/techmatch/data"
)

// memoryKeywords are the keyword fields of a profile that candidate queries read
// (candidateQuery, filterQuery with a kind alone): the text fields, kind,
// status, org_id and expires. The in-memory index of offline ranking holds
// only these; the others (country, sectors, trl, created, ...) only
// searches and facets of the server's index read.
var memoryKeywords = []string{"kind", "status", "org_id"}

// memoryDocs makes the in-memory index's documents: each field as the
// candidate mapping would map it (name, options, analyzer), without
// Bleve's reflection walk, and with each text's tokenizing shared between
// its language's field and its folded field where their analyzers begin
// alike (sharedText). The analysis itself stays Bleve's: the index
// analyses each field as it would have (TextField.Analyze), and the terms
// are the same (TestMemoryDocs_SameFields).
type memoryDocs struct {
	keyword analysis.Analyzer
	// text[lang] are the analyzers of lang's fields and of the folded
	// ones, split where they part (memoryAnalyzer).
	text map[string]*memoryPair
}

// memoryPair is a text language's analyzer and the folded fields' one as
// one tokenizer, the token filters both apply first, and each one's own
// remaining filters; shared is false when they cannot be split so (then
// each analyses the text on its own).
type memoryPair struct {
	lang, fold   analysis.Analyzer
	shared       bool
	tokenizer    analysis.Tokenizer
	prefix       []analysis.TokenFilter
	langF, foldF []analysis.TokenFilter
}

func newMemoryDocs(m *mapping.IndexMappingImpl) *memoryDocs {
	md := &memoryDocs{keyword: m.AnalyzerNamed("keyword"), text: map[string]*memoryPair{}}
	fold := m.AnalyzerNamed(AnalyzerFold)
	stems := &memoStems{stems: map[string][]byte{}}
	for _, lang := range textLangs {
		p := &memoryPair{lang: m.AnalyzerNamed(AnalyzerFor(lang)), fold: fold}
		la, ok1 := p.lang.(*analysis.DefaultAnalyzer)
		fa, ok2 := p.fold.(*analysis.DefaultAnalyzer)
		if ok1 && ok2 && len(la.CharFilters) == 0 && len(fa.CharFilters) == 0 && sameComponent(la.Tokenizer, fa.Tokenizer) {
			n := 0
			for n < len(la.TokenFilters) && n < len(fa.TokenFilters) && sameComponent(la.TokenFilters[n], fa.TokenFilters[n]) {
				n++
			}
			p.shared, p.tokenizer, p.prefix = true, la.Tokenizer, fastFilters(la.TokenFilters[:n], stems)
			p.langF, p.foldF = fastFilters(la.TokenFilters[n:], stems), fastFilters(fa.TokenFilters[n:], stems)
		}
		md.text[lang] = p
	}
	return md
}

// sameComponent reports whether a and b are one analysis component (the
// mapping's cache hands out one instance per name).
func sameComponent(a, b any) bool {
	if a == nil || b == nil || reflect.TypeOf(a) != reflect.TypeOf(b) || !reflect.TypeOf(a).Comparable() {
		return false
	}
	return a == b
}

// fastFilters is filters with Bleve's CJK width filter replaced by
// asciiSkippingWidth and a last porter stemmer by stems, which give the
// same terms.
func fastFilters(filters []analysis.TokenFilter, stems *memoStems) []analysis.TokenFilter {
	out := make([]analysis.TokenFilter, len(filters))
	for i, f := range filters {
		if w, ok := f.(*cjk.CJKWidthFilter); ok {
			f = asciiSkippingWidth{w}
		}
		if p, ok := f.(*porter.PorterStemmer); ok && i == len(filters)-1 {
			f = stems.with(p)
		}
		out[i] = f
	}
	return out
}

// memoStems remembers the porter stemmer's stem of each term it has seen
// (for one index build: a collection repeats its words, and the stemmer
// makes runes and a new term of each occurrence). Tokens with one term
// share one stem's bytes, so it only stands last in an analyzer: nothing
// after it may change a term in place.
type memoStems struct {
	mu    sync.RWMutex
	stems map[string][]byte
}

type memoStemmer struct {
	m *memoStems
	p *porter.PorterStemmer
}

func (m *memoStems) with(p *porter.PorterStemmer) memoStemmer { return memoStemmer{m, p} }

func (s memoStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue // as the stemmer leaves them
		}
		s.m.mu.RLock()
		st, ok := s.m.stems[string(tok.Term)]
		s.m.mu.RUnlock()
		if !ok {
			one := analysis.Token{Term: tok.Term}
			st = s.p.Filter(analysis.TokenStream{&one})[0].Term
			st = st[:len(st):len(st)]
			s.m.mu.Lock()
			s.m.stems[string(tok.Term)] = st
			s.m.mu.Unlock()
		}
		tok.Term = st
	}
	return input
}

// asciiSkippingWidth is the CJK width filter (full- and half-width forms
// to their usual ones) leaving a term of ASCII bytes alone, which it would
// only copy: all it changes are runes from U+FF01 on. Such a term may
// then still share its bytes with the field's text, as it did after the
// tokenizer; the filter after it in every analyzer (folding) makes ASCII
// terms anew, and the text is not stored.
type asciiSkippingWidth struct{ w *cjk.CJKWidthFilter }

func (a asciiSkippingWidth) Filter(input analysis.TokenStream) analysis.TokenStream {
	var rest analysis.TokenStream
	for i, tok := range input {
		if !isASCII(tok.Term) {
			if rest == nil {
				rest = make(analysis.TokenStream, 0, len(input)-i)
			}
			rest = append(rest, tok)
		}
	}
	if len(rest) > 0 {
		a.w.Filter(rest) // in place, token by token
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// document is p's document in the in-memory index, with the fields
// newDoc's would have under the candidate mapping that candidate queries
// read (memoryKeywords, expires, the text fields).
func (md *memoryDocs) document(p data.Profile) *document.Document {
	l := &p.Listing
	doc := document.NewDocument(p.Ref)
	opts := index.IndexField
	for _, kv := range [][2]string{{"kind", p.Kind}, {"status", l.Status}, {"org_id", p.OrgRef}} {
		doc.AddField(document.NewTextFieldCustom(kv[0], []uint64{}, []byte(kv[1]), opts, md.keyword))
	}
	if l.ExpiresAt != nil {
		doc.AddField(document.NewNumericFieldWithIndexingOptions("expires", []uint64{}, float64(l.ExpiresAt.Unix()), opts))
	}
	lang := l.Language
	if lang == "" {
		lang = DetectLanguage(l.Title + "\n" + l.Description)
	}
	tl := textLang(lang)
	pair := md.text[tl]
	for _, f := range []struct{ name, text string }{{"title", l.Title}, {"body", l.Description}, {"kw", strings.Join(l.Keywords, " ; ")}} {
		// Each field its own bytes: token filters may change the
		// tokenizer's terms in place, and they are slices of the text.
		lang, fold := pair.analyzers()
		doc.AddField(document.NewTextFieldCustom("Fields."+f.name+"_"+tl, []uint64{}, []byte(f.text), opts, lang))
		doc.AddField(document.NewTextFieldCustom("Fields."+f.name+"_fold", []uint64{}, []byte(f.text), opts, fold))
	}
	return doc // the index adds _id
}

// analyzers returns the analyzers of one text's language field and folded
// field: where the pair shares a beginning, the text is tokenized (and
// prefix-filtered) once for both.
func (p *memoryPair) analyzers() (lang, fold analysis.Analyzer) {
	if !p.shared {
		return p.lang, p.fold
	}
	s := &sharedText{pair: p, users: 2}
	return sharedTail{s, p.langF}, sharedTail{s, p.foldF}
}

// sharedText is one text's tokens after the filters its two analyzers
// share, made on first use: the first analyzer gets a copy of its own
// (token filters change tokens in place), the last one the tokens
// themselves.
type sharedText struct {
	pair   *memoryPair
	mu     sync.Mutex
	input  []byte
	tokens analysis.TokenStream
	users  int
}

func (s *sharedText) tokensFor(input []byte) analysis.TokenStream {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil || !bytes.Equal(s.input, input) {
		ts := s.pair.tokenizer.Tokenize(input)
		for _, f := range s.pair.prefix {
			ts = f.Filter(ts)
		}
		s.input, s.tokens = input, ts
	}
	if s.users--; s.users > 0 {
		return copyTokens(s.tokens)
	}
	out := s.tokens
	s.input, s.tokens = nil, nil
	return out
}

// copyTokens is a deep copy of ts: new tokens, their terms in one new
// buffer.
func copyTokens(ts analysis.TokenStream) analysis.TokenStream {
	n := 0
	for _, t := range ts {
		n += len(t.Term)
	}
	buf := make([]byte, 0, n)
	toks := make([]analysis.Token, len(ts))
	out := make(analysis.TokenStream, len(ts))
	for i, t := range ts {
		toks[i] = *t
		start := len(buf)
		buf = append(buf, t.Term...)
		toks[i].Term = buf[start:len(buf):len(buf)]
		out[i] = &toks[i]
	}
	return out
}

// sharedTail is one analyzer of a sharedText: its own filters after the
// shared ones.
type sharedTail struct {
	s       *sharedText
	filters []analysis.TokenFilter
}

func (a sharedTail) Analyze(input []byte) analysis.TokenStream {
	ts := a.s.tokensFor(input)
	for _, f := range a.filters {
		ts = f.Filter(ts)
	}
	return ts
}
