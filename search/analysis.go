package search

// Text analysis for the Bleve index: the custom analyzers, the Go token
// filters and the tokenizer they are built from, and the stop-word lists.

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// Analyzer names, for field mappings and match queries.
const (
	// AnalyzerEN is English: folded, stop words removed, Porter-stemmed.
	AnalyzerEN = "tm_en"
	// AnalyzerVI is Vietnamese: folded (đ -> d), stop words removed, plus
	// syllable bigrams so that multi-syllable words score as units.
	AnalyzerVI = "tm_vi"
	// AnalyzerKO is Korean: Hangul words plus their syllable bigrams, Han and
	// Kana bigrams, Latin words folded.
	AnalyzerKO = "tm_ko"
	// AnalyzerFold is language-neutral: folded words in any script, Hangul,
	// Han and Kana bigrams, a few English and Vietnamese stop words. Every
	// document gets a field analyzed with it, so names and acronyms (IoT, ERP,
	// RFID) match across languages.
	AnalyzerFold = "tm_fold"
	// AnalyzerKeyword is Bleve's built-in analyzer that keeps the whole value
	// as one term, for codes and identifiers.
	AnalyzerKeyword = keyword.Name
)

// Bleve's built-in analyzers used for languages we do not analyze ourselves.
// The imports of their packages register them.
const (
	analyzerFR  = fr.AnalyzerName  // "fr": elision, stop words, light stemmer
	analyzerDE  = de.AnalyzerName  // "de": stop words, normalization, light stemmer
	analyzerCJK = cjk.AnalyzerName // "cjk": width folding, Han/Kana bigrams
)

// Names of the Go components registered with Bleve's registry by init. They
// are types (a constructor in the registry), usable by name in an analyzer.
const (
	tokenizerClauses = "tm_clause_unicode"
	filterFold       = "tm_fold_terms"
	filterBigrams    = "tm_syllable_bigram"
	filterHangul     = "tm_hangul_bigram"
)

// Names of the configured components that addAnalyzers defines in a mapping.
const (
	filterNFC         = "tm_nfc"
	filterStopEN      = "tm_stop_en"
	filterStopVIExact = "tm_stop_vi_exact"
	filterStopVIFold  = "tm_stop_vi_folded"
	filterStopFold    = "tm_stop_fold"
)

// init registers our Go analysis components with Bleve's global registry.
// Bleve requires this: a mapping refers to components by name only, and when
// an index is opened Bleve rebuilds the mapping's custom analyzers from the
// JSON stored in the index by looking those names up in the registry, so the
// registration has to exist before any mapping is built or any index is
// opened. The registry is a plain map that Bleve itself fills in init
// functions; it is not safe to write later. This is the package's only init.
func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenizer(tokenizerClauses,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return clauseTokenizer{inner: unicodetok.NewUnicodeTokenizer()}, nil
		}))
	must(registry.RegisterTokenFilter(filterFold,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return foldFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(filterBigrams,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return bigramFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(filterHangul,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return hangulFilter{}, nil
		}))
}

// addAnalyzers defines our analyzers, and the stop-word lists and filters they
// use, in m. The definitions are stored with the index mapping, so an index
// built with them reopens with the same analysis.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	// unicodenorm is a token filter, not a char filter: normalizing tokens
	// keeps Start/End offsets pointing into the original text (for
	// highlighting), and the unicode tokenizer already keeps combining marks
	// inside their word, so NFD text tokenizes like NFC text.
	if err := m.AddCustomTokenFilter(filterNFC, map[string]interface{}{
		"type": unicodenorm.Name,
		"form": unicodenorm.NFC,
	}); err != nil {
		return fmt.Errorf("search: define %s: %w", filterNFC, err)
	}
	stops := []struct {
		name  string
		words []string
	}{
		{filterStopEN, englishStopWords()},
		{filterStopVIExact, strings.Fields(norm.NFC.String(viStopExact))},
		{filterStopVIFold, strings.Fields(viStopFolded)},
		{filterStopFold, strings.Fields(foldStop)},
	}
	for _, s := range stops {
		if err := addStopFilter(m, s.name, s.words); err != nil {
			return err
		}
	}

	analyzers := []struct {
		name      string
		tokenizer string
		filters   []string
	}{
		// tm_en is Bleve's "en" analyzer with NFC and folding added (so café
		// and cafe are one term) and the possessive filter first, as in "en".
		{AnalyzerEN, unicodetok.Name, []string{
			filterNFC, en.PossessiveName, filterFold, filterStopEN, porter.Name,
		}},
		// tm_vi removes stop words in two steps. Before folding, the exact
		// accented forms: "của" (of) goes but "cửa" (door, as in "cửa hàng",
		// shop) stays. After folding, only the few words that mean nothing
		// else once the diacritics are gone; "cho" cannot go (it is also
		// "chợ", market), nor "khi" ("khí thải", exhaust gas) or "co"
		// ("cơ khí", mechanical engineering).
		{AnalyzerVI, tokenizerClauses, []string{
			filterNFC, lowercase.Name, filterStopVIExact, filterFold, filterStopVIFold, filterBigrams,
		}},
		// cjk_bigram renumbers positions; the Hangul filter runs after it so
		// that its extra terms stay stacked on their word's position.
		{AnalyzerKO, unicodetok.Name, []string{
			filterNFC, cjk.WidthName, filterFold, cjk.BigramName, filterHangul,
		}},
		{AnalyzerFold, unicodetok.Name, []string{
			filterNFC, cjk.WidthName, filterFold, filterStopFold, cjk.BigramName, filterHangul,
		}},
	}
	for _, a := range analyzers {
		if err := m.AddCustomAnalyzer(a.name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     a.tokenizer,
			"token_filters": a.filters,
		}); err != nil {
			return fmt.Errorf("search: define analyzer %s: %w", a.name, err)
		}
	}
	return nil
}

// addStopFilter defines a token map holding words and a stop filter using it.
func addStopFilter(m *mapping.IndexMappingImpl, name string, words []string) error {
	tokens := make([]interface{}, len(words))
	for i, w := range words {
		tokens[i] = w
	}
	mapName := name + "_words"
	if err := m.AddCustomTokenMap(mapName, map[string]interface{}{
		"type":   tokenmap.Name,
		"tokens": tokens,
	}); err != nil {
		return fmt.Errorf("search: define %s: %w", mapName, err)
	}
	if err := m.AddCustomTokenFilter(name, map[string]interface{}{
		"type":           stop.Name,
		"stop_token_map": mapName,
	}); err != nil {
		return fmt.Errorf("search: define %s: %w", name, err)
	}
	return nil
}

// AnalyzerFor returns the analyzer for text in language lang, an ISO 639-1
// code; a region or script suffix is ignored ("vi-VN" is "vi"). Languages
// without an analyzer of their own, and "" (unknown), get AnalyzerFold.
func AnalyzerFor(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "en":
		return AnalyzerEN
	case "vi":
		return AnalyzerVI
	case "ko":
		return AnalyzerKO
	case "fr":
		return analyzerFR
	case "de":
		return analyzerDE
	case "ja":
		return analyzerCJK
	}
	return AnalyzerFold
}

// clauseTokenizer is Bleve's unicode tokenizer plus a position gap wherever
// punctuation or a line break separates two words. The bigram filter does not
// join words across a gap, so "xử lý, nước thải" does not yield "ly nuoc".
type clauseTokenizer struct {
	inner analysis.Tokenizer
}

func (t clauseTokenizer) Tokenize(input []byte) analysis.TokenStream {
	tokens := t.inner.Tokenize(input)
	shift := 0
	for i, tok := range tokens {
		if i > 0 && breaksClause(input[tokens[i-1].End:tok.Start]) {
			shift++
		}
		tok.Position += shift
	}
	return tokens
}

// breaksClause reports whether the text between two words ends a clause: it
// holds a line break or punctuation other than a hyphen or an apostrophe.
func breaksClause(sep []byte) bool {
	for len(sep) > 0 {
		r, n := utf8.DecodeRune(sep)
		sep = sep[n:]
		switch r {
		case '-', '‐', '‑', '\'', '’':
			continue
		case '\n', '\r', '\u2028', '\u2029':
			return true
		}
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return true
		}
	}
	return false
}

// foldFilter lower-cases each term and folds it with data.Fold (NFC, no
// diacritics, đ -> d), the form search and matching compare everywhere. Han
// and Kana terms are left alone: they have no case, and folding would strip
// the voicing marks that make が a different kana from か. Terms that fold to
// nothing (stray combining marks) are dropped.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		if tok.Type != analysis.Ideographic {
			tok.Term = foldTerm(tok.Term)
		}
		if len(tok.Term) > 0 {
			out = append(out, tok)
		}
	}
	return out
}

// foldTerm returns term folded, as data.Fold would fold it. ASCII, the common
// case, is only lower-cased, into a new slice since terms may alias the
// caller's text. Latin letters with diacritics and Hangul syllables are
// folded one by one from tables; that gives data.Fold's result because after
// NFC each is one rune whose folded form has no combining mark (the tests
// compare the two). Anything else goes through data.Fold itself.
func foldTerm(term []byte) []byte {
	ascii, upper := true, false
	for _, c := range term {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii && !upper {
		return term
	}
	out := make([]byte, 0, len(term))
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(term[i:])
		switch {
		case r >= latinFoldLo && r < latinFoldHi:
			out = append(out, latinFold[r-latinFoldLo]...)
		case r >= latinAddFoldLo && r < latinAddFoldHi:
			out = append(out, latinAddFold[r-latinAddFoldLo]...)
		case isHangulSyllable(r):
			out = append(out, term[i:i+n]...)
		default:
			return []byte(data.Fold(string(term)))
		}
		i += n
	}
	return out
}

// The folded forms of the letters of Latin-1 Supplement, Latin Extended-A
// and -B (à, ă, đ, ł ...) and Latin Extended Additional (ả, ạ, ế, ộ, ữ ...),
// computed by data.Fold once: folding a term letter by letter is about six
// times faster than normalizing it twice.
const (
	latinFoldLo, latinFoldHi       = 0x80, 0x250
	latinAddFoldLo, latinAddFoldHi = 0x1E00, 0x1F00
)

var (
	latinFold    = foldTable(latinFoldLo, latinFoldHi)
	latinAddFold = foldTable(latinAddFoldLo, latinAddFoldHi)
)

func foldTable(lo, hi rune) []string {
	t := make([]string, hi-lo)
	for r := lo; r < hi; r++ {
		t[r-lo] = data.Fold(string(r))
	}
	return t
}

// bigramFilter keeps every term and adds, for each two terms at consecutive
// positions, their bigram joined by a space: "nuoc", "thai", "nuoc thai".
// Bleve's shingle filter would bridge a gap left by a removed stop word with
// a filler term ("ly _", "_ nuoc"): junk terms that many documents share.
// Here a gap, from a stop word or from punctuation (clauseTokenizer), simply
// ends the chain. The bigram takes the position of its first term, as a
// shingle does.
type bigramFilter struct{}

func (bigramFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	if len(input) < 2 {
		return input
	}
	out := make(analysis.TokenStream, 0, 2*len(input))
	for i, tok := range input {
		out = append(out, tok)
		if i == 0 {
			continue
		}
		prev := input[i-1]
		if tok.Position != prev.Position+1 {
			continue
		}
		term := make([]byte, 0, len(prev.Term)+1+len(tok.Term))
		term = append(term, prev.Term...)
		term = append(term, ' ')
		term = append(term, tok.Term...)
		out = append(out, &analysis.Token{
			Term:     term,
			Start:    prev.Start,
			End:      tok.End,
			Position: prev.Position,
			Type:     analysis.Shingle,
		})
	}
	return out
}

// hangulFilter makes Korean words findable by their parts. Korean attaches
// particles and compounds without spaces, so "기술을" (technology + object
// particle) is one token and a query for "기술" would not find it. For each
// term holding Hangul syllables it keeps the term and adds the bigrams of
// each run of Hangul syllables ("폐수처리를": 폐수, 수처, 처리, 리를) and, if
// the term mixes scripts, each run of other letters ("IoT를": "iot"). A
// single-syllable word stays as it is; single syllables inside longer words
// are not indexed, they are mostly particles. The new terms share the
// position of their word.
type hangulFilter struct{}

func (hangulFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // allocated on the first Hangul term
	for i, tok := range input {
		if !hasHangul(tok.Term) {
			if out != nil {
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, 0, 3*len(input))
			out = append(out, input[:i]...)
		}
		out = append(out, tok)
		out = appendHangulParts(out, tok)
	}
	if out == nil {
		return input
	}
	return out
}

// appendHangulParts appends the parts of tok described at hangulFilter.
func appendHangulParts(out analysis.TokenStream, tok *analysis.Token) analysis.TokenStream {
	// Offsets of parts are exact when the term has the bytes of the source
	// text; after folding changed its length, parts point at the whole word.
	exact := tok.End-tok.Start == len(tok.Term)
	part := func(from, to int, typ analysis.TokenType) {
		if from == 0 && to == len(tok.Term) {
			return // the whole term, already kept
		}
		p := &analysis.Token{
			Term:     tok.Term[from:to:to],
			Start:    tok.Start,
			End:      tok.End,
			Position: tok.Position,
			Type:     typ,
		}
		if exact {
			p.Start, p.End = tok.Start+from, tok.Start+to
		}
		out = append(out, p)
	}
	term := tok.Term
	for i := 0; i < len(term); {
		r, n := utf8.DecodeRune(term[i:])
		if !isHangulSyllable(r) {
			// A run of other characters: keep it as a part.
			j := i + n
			for j < len(term) {
				r2, n2 := utf8.DecodeRune(term[j:])
				if isHangulSyllable(r2) {
					break
				}
				j += n2
			}
			part(i, j, tok.Type)
			i = j
			continue
		}
		// A run of Hangul syllables: its bigrams.
		for {
			next := i + n
			if next >= len(term) {
				i = next
				break
			}
			r2, n2 := utf8.DecodeRune(term[next:])
			if !isHangulSyllable(r2) {
				i = next
				break
			}
			part(i, next+n2, analysis.Double)
			i, n = next, n2
		}
	}
	return out
}

func hasHangul(term []byte) bool {
	for i := 0; i < len(term); {
		r, n := utf8.DecodeRune(term[i:])
		if isHangulSyllable(r) {
			return true
		}
		i += n
	}
	return false
}

// isHangulSyllable reports whether r is a precomposed Hangul syllable; after
// NFC, Korean text is made of these.
func isHangulSyllable(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7A3
}

// englishStopWords returns Bleve's English stop-word list (the one its "en"
// analyzer uses), folded like our terms.
func englishStopWords() []string {
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(en.EnglishStopWords); err != nil {
		// The list is a constant in Bleve's source; it cannot fail to load.
		panic(err)
	}
	words := make([]string, 0, len(tm))
	for w := range tm {
		words = append(words, data.Fold(w))
	}
	slices.Sort(words) // the mapping stored in the index stays the same
	return words
}

// viStopExact holds Vietnamese function words in their exact lower-case NFC
// spelling; they are removed before folding, so only the words themselves go
// and not their look-alikes without tone marks: "của" but not "cửa" (door),
// "để" but not "dễ" (easy), "được" but not "dược" (pharmacy), "với" but not
// "vôi" (lime). Words that are also part of common content compounds are
// left out: "không" (không khí air, không dây wireless, hàng không
// aviation), "từ" (từ xa remote), "thế" (thay thế replace), "sự" (sự cố
// incident), "việc" (công việc job), "lại" (còn lại), "thường" (bồi thường
// compensation), "vừa" (vừa và nhỏ, SME), "nhất" (thống nhất), "chỉ" (chỉ
// số index), "bằng" (bằng lái licence), "hơi" (hơi nước steam). Words
// without any diacritic are left out too, since text typed without
// diacritics has them for other words: "cho" (chợ market), "trong" (trồng
// grow), "khi" (khí gas), "theo" (theo dõi monitor), "ta", "do", "qua", "ra".
const viStopExact = `
của và các những được là có một này để với
đã đang sẽ rất cũng nhưng thì mà nên vì nếu tuy dù vẫn còn đều hoặc hay bởi
về trên dưới vào lên tới đến giữa trước ở
nào gì đó đây kia ấy đâu mấy
mỗi mọi từng cả tất nhiều ít hết đủ
như cùng bị rằng cái chiếc hơn nữa chưa rồi hãy phải luôn nhằm khá lắm thật
chúng tôi họ bạn mình nhau
nhé nhỉ ạ à ừ ơi vâng chứ
`

// viStopFolded holds the stop words removed after folding, from text typed
// with or without diacritics. A Vietnamese word is here only if its folded
// form has no other common reading (not "cua": cửa; not "nhung": nhúng,
// embedded; not "de": dễ, đề), plus English function words that no
// Vietnamese syllable spells, for English phrases inside Vietnamese text.
const viStopFolded = `
va cac mot hoac nay tren vao rat neu nhau hay kia
of and for with from is are or as this these by which will was were
`

// foldStop is the small stop list of the language-neutral field: the most
// frequent English and Vietnamese function words. Unlike viStopFolded it
// accepts a few collisions (cửa, chợ, trồng, máy in printer, an toàn safety)
// because the fold field is for names and acronyms; Vietnamese words are
// matched precisely in the tm_vi field. "it" and "ai" are kept: they are
// also IT and AI.
const foldStop = `
a an and are as at be by for from in is of on or that the this to was were with
cua va cac nhung duoc voi la mot nay cho trong hoac tren
`
