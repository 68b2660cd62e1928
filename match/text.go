package match

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
	for _, w := range strings.FieldsFunc(text, notWordRune) {
		lower := strings.ToLower(w)
		for _, k := range tokens(w, stem) {
			out = append(out, token{key: k, surface: lower})
		}
	}
	return out
}

// notWordRune is true between the words surfaceTokens finds.
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
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
	if lang != "vi" {
		return tokens(text, stemFor(lang))
	}
	ts := viTokens(text)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.key
	}
	return out
}

// surfaceLangTokens is langTokens with each word's written form.
func surfaceLangTokens(text, lang string) []token {
	if lang != "vi" {
		return surfaceTokens(text, stemFor(lang))
	}
	return viTokens(text)
}

// viFunctionWords are Vietnamese function words, as written with their
// marks: no Vietnamese word is made with them, so no bigram spans one.
var viFunctionWords = wordSet(norm.NFC.String(`là của và các cho những được trong với một này để khi tại từ theo trên
đến như về sẽ đã đang cũng mà còn vẫn rất qua trước ra vào lại thì nếu hoặc nhằm có ở đó đây nào mỗi hay chỉ đều
nên vì do bởi việc chúng tôi ta họ`))

// viFunctionFolded are the function words that, typed without marks, are
// still almost always function words ("tu" may be từ or tự, "van" vẫn or
// van, "do" do or đo: those are not here).
var viFunctionFolded = wordSet(`la cua va cac nhung duoc trong voi mot nay khi theo tren nhu se dang cung rat truoc thi
neu hoac nham viec chung toi`)

// viTokens are the content words of Vietnamese text: its syllables (less
// stop words) and the bigrams of syllables that stand side by side in one
// phrase, with no punctuation and no function word between or in them:
// "cấp điện bờ cho tàu" gives cap_dien, dien_bo but not bo_tau, and
// "điện. Bờ" gives nothing. Where the text is written with diacritics they
// tell function words from content words that fold alike (từ/tự).
func viTokens(text string) []token {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	low := strings.ToLower(norm.NFC.String(text))
	type syl struct {
		key, surface string
		marked, brk  bool // brk: a phrase break before it
	}
	var syls []syl
	accented := false
	flush := func(start, end int, brk bool) {
		w := low[start:end]
		f, _, marked := foldWord(w)
		if f != "" {
			syls = append(syls, syl{key: f, surface: w, marked: marked, brk: brk})
			accented = accented || marked
		}
	}
	eachWord(low, true, flush)
	function := func(s *syl) bool {
		if accented {
			return viFunctionWords[s.surface]
		}
		return viFunctionFolded[s.key]
	}
	out := make([]token, 0, 2*len(syls))
	for i := range syls {
		s := &syls[i]
		if !stopWords[s.key] && len(s.key) >= 2 && !function(s) {
			out = append(out, token{key: s.key, surface: s.surface})
		}
	}
	for i := 0; i+1 < len(syls); i++ {
		a, b := &syls[i], &syls[i+1]
		if b.brk || function(a) || function(b) || isDigits(a.key) || isDigits(b.key) {
			continue
		}
		out = append(out, token{key: a.key + "_" + b.key, surface: a.surface + " " + b.surface})
	}
	return out
}

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// viSyllable matches a Vietnamese syllable written without marks ("cao",
// "thanh", "nghieng"), as opposed to a loanword or code ("container",
// "scada", "feeder").
var viSyllable = regexp.MustCompile(`^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$`)

// isSyllable reports whether the folded word w, written as surface, is a
// single Vietnamese syllable (which says little on its own) rather than a
// word in its own right.
func isSyllable(w, surface string) bool {
	return surface != w || viSyllable.MatchString(w)
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
	// byRef holds, for each record counted by reference (Put), the ids of
	// the words counted for it, so putting it again or removing it takes
	// those counts back; ids index words.
	byRef map[string][]int32
	ids   map[string]int32
	words []string
}

// NewVocabulary returns an empty vocabulary; with a glossary it counts the
// concepts records name too (g may be nil).
func NewVocabulary(g *Glossary) *Vocabulary {
	return &Vocabulary{df: map[string]int{}, glossary: g, byRef: map[string][]int32{}, ids: map[string]int32{}}
}

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

// Put counts the words of record ref's listing l, in place of what an
// earlier Put of ref counted: a record written twice counts once, with its
// latest text.
func (v *Vocabulary) Put(ref string, l *data.Listing) {
	words := v.listingWords(l)
	v.mu.Lock()
	defer v.mu.Unlock()
	v.removeLocked(ref)
	seen := make(map[string]bool, len(words))
	ids := make([]int32, 0, len(words))
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		id, ok := v.ids[w]
		if !ok {
			id = int32(len(v.words))
			v.ids[w] = id
			v.words = append(v.words, w)
		}
		ids = append(ids, id)
		v.df[w]++
	}
	v.docs++
	v.byRef[ref] = ids
}

// Remove takes back what Put counted for record ref (nothing if it was not
// put).
func (v *Vocabulary) Remove(ref string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.removeLocked(ref)
}

func (v *Vocabulary) removeLocked(ref string) {
	ids, ok := v.byRef[ref]
	if !ok {
		return
	}
	for _, id := range ids {
		w := v.words[id]
		if v.df[w]--; v.df[w] <= 0 {
			delete(v.df, w)
		}
	}
	v.docs--
	delete(v.byRef, ref)
}

// Counted reports whether record ref is counted (by Put).
func (v *Vocabulary) Counted(ref string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	_, ok := v.byRef[ref]
	return ok
}

// IDF is the inverse document frequency of w (smoothed; unseen words get the
// highest value).
func (v *Vocabulary) IDF(w string) float64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.idfLocked(w)
}

// idfLocked is IDF, with v.mu held.
func (v *Vocabulary) idfLocked(w string) float64 {
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
	v.mu.RLock()
	for w, tf := range weighted {
		out[w] = (1 + math.Log(tf)) * v.idfLocked(w)
	}
	v.mu.RUnlock()
	out.normalize()
	return out
}

// vectorOf is vector(weighted) made in place: weighted, which the caller
// gives up, becomes the vector.
func (v *Vocabulary) vectorOf(weighted map[string]float64) vector {
	v.mu.RLock()
	for w, tf := range weighted {
		weighted[w] = (1 + math.Log(tf)) * v.idfLocked(w)
	}
	v.mu.RUnlock()
	out := vector(weighted)
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

// without returns v less the keys in drop, normalized again.
func (v vector) without(drop map[string]bool) vector {
	out := make(vector, len(v))
	for w, x := range v {
		if !drop[w] {
			out[w] = x
		}
	}
	out.normalize()
	return out
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

// sparse returns text less its common words (in more than a tenth of a
// large collection, which distinctive leaves out too), for a candidate
// query: each posting list of a common word is a long walk for the index
// and the word ranks little. A left-out stretch becomes a clause break
// (" ; ") so the index does not join the words on either side into a
// bigram; stop words go too. A Vietnamese syllable stays where it makes, with a neighbour, a
// word (syllable bigram) that is not common: "nước" in "nước thải". When
// every word is common, the rarest stays: a query needs something to ask.
func (v *Vocabulary) sparse(text, lang string, share float64) string {
	type word struct {
		w, key string // as written; the vocabulary's key ("" for none)
		df     int
		brk    bool // a clause break before it
	}
	var words []word
	stem := stemFor(lang)
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.docs < 1000 || share <= 0 {
		return text
	}
	common := int(float64(v.docs)*share) + 1
	flush := func(start, end int, brk bool) {
		w := text[start:end]
		x := word{w: w, brk: brk, df: -1}
		if lang == "vi" {
			if f, _, _ := foldWord(strings.ToLower(norm.NFC.String(w))); f != "" && !stopWords[f] {
				x.key, x.df = f, v.df[f]
			}
		} else {
			// A word's key: itself stemmed, or a Hangul word's rarest bigram.
			for _, k := range tokens(w, stem) {
				if d := v.df[k]; x.df < 0 || d < x.df {
					x.key, x.df = k, d
				}
			}
		}
		words = append(words, x)
	}
	eachWord(text, false, flush)
	keep := make([]bool, len(words))
	rarest, any := -1, false
	for i, x := range words {
		// Words without a key (stop words) go, as in the index's analysis.
		keep[i] = x.key != "" && x.df <= common
		if lang == "vi" && !keep[i] {
			pair := func(a, b *word) bool {
				d := v.df[a.key+"_"+b.key]
				return a.key != "" && b.key != "" && !b.brk && d > 0 && d <= common
			}
			keep[i] = (i > 0 && pair(&words[i-1], &words[i])) || (i+1 < len(words) && pair(&words[i], &words[i+1]))
		}
		any = any || keep[i]
		if x.key != "" && (rarest < 0 || x.df < words[rarest].df) {
			rarest = i
		}
	}
	if !any && rarest >= 0 {
		keep[rarest] = true
	}
	var b strings.Builder
	gap := false
	for i, x := range words {
		if !keep[i] {
			gap = true
			continue
		}
		if b.Len() > 0 {
			if gap || x.brk {
				b.WriteString(" ; ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(x.w)
		gap = false
	}
	return b.String()
}

// postings is how many records hold each of words, summed: about what an
// index walks to find them.
func (v *Vocabulary) postings(words []string) int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	n := 0
	for _, w := range words {
		n += v.df[w]
	}
	return n
}

// allCommon reports whether every one of words is in more than a tenth of
// a large collection (see distinctive); false for no words.
func (v *Vocabulary) allCommon(words []string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.docs < 1000 || len(words) == 0 {
		return false
	}
	common := v.docs/10 + 1
	for _, w := range words {
		if v.df[w] <= common {
			return false
		}
	}
	return true
}

// VocabularyOf counts the words (and, with g, the glossary concepts) of
// profiles, typically all offers.
func VocabularyOf(profiles []data.Profile, g *Glossary) *Vocabulary {
	v := NewVocabulary(g)
	// Finding the words is the work, on every core; counting them is quick
	// and in the profiles' order.
	words := make([][]string, len(profiles))
	forEach(len(profiles), func(i int) { words[i] = v.listingWords(&profiles[i].Listing) })
	for _, ws := range words {
		v.Add(ws)
	}
	return v
}

// AddListing counts the words of one listing.
func (v *Vocabulary) AddListing(l *data.Listing) { v.Add(v.listingWords(l)) }

// listingWords are the words (and glossary concepts) of a listing that the
// vocabulary counts.
func (v *Vocabulary) listingWords(l *data.Listing) []string {
	text := listingText(l)
	words := langTokens(text, l.Language)
	if v.glossary != nil {
		for _, ex := range v.glossary.Expand(text) {
			words = append(words, conceptWord(ex.Entry))
		}
	}
	return words
}

// eachWord calls f with each run of letters, digits and combining marks in s
// (its byte offsets) and whether a clause break, any character other than a
// space or a hyphen, came before it since the word before; the first word's
// break is first.
func eachWord(s string, first bool, f func(start, end int, brk bool)) {
	brk, start := first, -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(start, i, brk)
			brk, start = false, -1
		}
		if !unicode.IsSpace(r) && r != '-' {
			brk = true
		}
	}
	if start >= 0 {
		f(start, len(s), brk)
	}
}
