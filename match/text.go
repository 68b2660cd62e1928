package match

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	porter "github.com/blevesearch/go-porterstemmer"

	"github.com/techmatch/techmatch/data"
)

// stopWords are dropped from matching text: function words of English and
// Vietnamese (folded), and words every technology listing uses.
var stopWords = wordSet(`a an and are as at be been but by can could do does for from has have how
in into is it its may more most must new not of on or our such than that the their them then there these
they this those through to use used uses using via was we were what when where which while who will with
within would you your also other any all each both only over under about after before between out up
very well s t
technology technologies solution solutions system systems method methods approach based provide provides
providing company companies product products service services application applications develop developed
development design designed invention present high low novel improved improve improving one two three
including include includes need needs looking seeking require required requirement requirements challenge
current currently able allow allows enable enables make makes made support supports potential different
various specific ability across value existing key many much
la cua va cac cho nhung duoc trong voi mot nay de khi tai tu theo tren den nhu ve se da dang cung
chung toi hien giai phap he thong cong nghe can co khong nhieu nham bang cach viec nguoi hoac neu thi
ma con cung van rat qua sau truoc ra vao lai ban`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// token is a content word: key is how matching compares it (folded,
// stemmed), surface how the text wrote it (lower case).
type token struct{ key, surface string }

// surfaceTokens is tokens with each word's written form.
func surfaceTokens(text string, stem bool) []token {
	var out []token
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) }) {
		lower := strings.ToLower(w)
		for _, k := range tokens(w, stem) {
			out = append(out, token{key: k, surface: lower})
		}
	}
	return out
}

// tokens splits text into folded content words: lower case, no diacritics,
// stop words and one-letter words dropped, English words stemmed (not
// Vietnamese syllables, which stemming would mangle), Hangul words kept
// whole and also split into syllable bigrams.
func tokens(text string, stem bool) []string {
	f := data.Fold(text)
	var out []string
	for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if stopWords[w] {
			continue
		}
		if isHangulWord(w) {
			out = append(out, hangulGrams(w)...)
			continue
		}
		if len(w) < 2 {
			continue
		}
		if stem && len(w) > 3 && isASCII(w) {
			w = stemCached(w)
		}
		out = append(out, w)
	}
	return out
}

var stemCache sync.Map

func stemCached(w string) string {
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	s := porter.StemString(w)
	stemCache.Store(w, s)
	return s
}

func isASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isHangulWord(w string) bool {
	for _, r := range w {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

// hangulGrams returns the syllable bigrams of a Hangul word (the word
// itself when it has one or two syllables).
func hangulGrams(w string) []string {
	rs := []rune(w)
	if len(rs) <= 2 {
		return []string{w}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// langTokens is tokens for text in lang: for Vietnamese, whose words are
// mostly two or more syllables, the syllable bigrams ("xu_ly", "nuoc_thai")
// come with the syllables, so that "xử lý nước thải" is not merely four
// common syllables.
func langTokens(text, lang string) []string {
	ws := tokens(text, stemFor(lang))
	if lang != "vi" {
		return ws
	}
	n := len(ws)
	for i := 0; i+1 < n; i++ {
		ws = append(ws, ws[i]+"_"+ws[i+1])
	}
	return ws
}

// surfaceLangTokens is langTokens with each word's written form.
func surfaceLangTokens(text, lang string) []token {
	ts := surfaceTokens(text, stemFor(lang))
	if lang != "vi" {
		return ts
	}
	n := len(ts)
	for i := 0; i+1 < n; i++ {
		ts = append(ts, token{key: ts[i].key + "_" + ts[i+1].key, surface: ts[i].surface + " " + ts[i+1].surface})
	}
	return ts
}

// stemFor reports whether a record's text should be stemmed (Latin-script
// languages other than Vietnamese).
func stemFor(lang string) bool { return lang != "vi" && lang != "ko" && lang != "ja" }

// Vocabulary holds document frequencies over a collection, so that rare,
// distinctive words count more than common ones.
type Vocabulary struct {
	mu   sync.RWMutex
	df   map[string]int
	docs int
	// glossary, when set, also counts the glossary concepts each record
	// names, so a concept every listing names weighs little.
	glossary *Glossary
}

// NewVocabulary returns an empty vocabulary; with a glossary it counts the
// concepts records name too (g may be nil).
func NewVocabulary(g *Glossary) *Vocabulary { return &Vocabulary{df: map[string]int{}, glossary: g} }

// Add counts one document's words.
func (v *Vocabulary) Add(words []string) {
	seen := make(map[string]bool, len(words))
	v.mu.Lock()
	defer v.mu.Unlock()
	v.docs++
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			v.df[w]++
		}
	}
}

// IDF is the inverse document frequency of w (smoothed; unseen words get the
// highest value).
func (v *Vocabulary) IDF(w string) float64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.glossary == nil && strings.HasPrefix(w, "§") {
		return 1 // concepts were not counted: weigh them as common words
	}
	return math.Log(float64(v.docs+1)/float64(v.df[w]+1)) + 1
}

// Docs is the number of documents counted.
func (v *Vocabulary) Docs() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.docs
}

// vector is a sparse tf-idf vector, L2-normalized.
type vector map[string]float64

func (v *Vocabulary) vector(weighted map[string]float64) vector {
	out := make(vector, len(weighted))
	for w, tf := range weighted {
		out[w] = (1 + math.Log(tf)) * v.IDF(w)
	}
	out.normalize()
	return out
}

// normalize scales v to length 1 (an empty vector stays empty).
func (v vector) normalize() {
	var n float64
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for w := range v {
		v[w] /= n
	}
}

func cosine(a, b vector) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot float64
	for w, x := range a {
		dot += x * b[w]
	}
	return dot
}

// distinctive returns up to n words of words with the highest tf-idf, most
// distinctive first.
func (v *Vocabulary) distinctive(words map[string]float64, n int) []string {
	type ws struct {
		w string
		s float64
	}
	// Words in more than a tenth of a large collection ("proven",
	// "training") rank little and each makes the index walk a long
	// posting list: they stay out of candidate queries.
	v.mu.RLock()
	common := v.docs/10 + 1
	large := v.docs >= 1000
	list := make([]ws, 0, len(words))
	for w, tf := range words {
		if !large || v.df[w] <= common {
			list = append(list, ws{w, 1 + math.Log(tf)})
		}
	}
	v.mu.RUnlock()
	for i := range list {
		list[i].s *= v.IDF(list[i].w)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].s != list[j].s {
			return list[i].s > list[j].s
		}
		return list[i].w < list[j].w
	})
	out := make([]string, 0, n)
	for _, x := range list {
		if len(out) == n {
			break
		}
		out = append(out, x.w)
	}
	return out
}

// VocabularyOf counts the words (and, with g, the glossary concepts) of
// profiles, typically all offers.
func VocabularyOf(profiles []data.Profile, g *Glossary) *Vocabulary {
	v := NewVocabulary(g)
	for i := range profiles {
		v.AddListing(&profiles[i].Listing)
	}
	return v
}

// AddListing counts the words of one listing.
func (v *Vocabulary) AddListing(l *data.Listing) {
	text := l.Title + "\n" + strings.Join(l.Keywords, "\n") + "\n" + l.Description
	words := langTokens(text, l.Language)
	if v.glossary != nil {
		for _, ex := range v.glossary.Expand(text) {
			words = append(words, conceptWord(ex.Entry))
		}
	}
	v.Add(words)
}
