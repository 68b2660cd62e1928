package match

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// The glossary is data: glossary.tsv, the original file, and every
// glossary/*.tsv beside it, in name order.
//
//go:embed glossary.tsv glossary
var glossaryFS embed.FS

// glossaryLangs are the glossary's languages in column order; terms are
// indexed and equivalents listed in this order.
var glossaryLangs = [...]string{"en", "vi", "ko"}

// glossaryDomains are the domains a glossary line may name.
var glossaryDomains = []string{
	"port_logistics",
	"shipbuilding",
	"semiconductors_electronics",
	"energy",
	"water_waste",
	"agri_food",
	"materials_construction",
	"health",
	"ict",
	"manufacturing",
	"environment",
}

func isGlossaryDomain(d string) bool {
	for _, x := range glossaryDomains {
		if x == d {
			return true
		}
	}
	return false
}

// Glossary maps technology terms across English, Vietnamese and Korean.
// Each line of its files is a concept; lines that share a term (the same
// folded word in any language, typically the English one in two files) are
// one concept, so a Korean term on one line meets the Vietnamese term on
// another through their shared English term. It is immutable once built and
// safe for concurrent use.
type Glossary struct {
	entries []GlossaryEntry // one per concept
	lines   [][]int32       // per concept: its source lines (indexes into raw)
	raw     []glossLine     // every parsed line, in source order
	equiv   [][3][]Term     // per concept, per found-term language: the equivalents
	terms   []glossTerm
	byWord  map[string][]int32 // first folded word of a word-matched term -> terms
	byHead  map[string][]int32 // first one or two runes of a Hangul key -> terms
	lexicon *viLexicon         // common Vietnamese words, for word boundaries
	// ko holds the Korean parts of terms, learned from the concepts when
	// a Korean text first asks (koParts).
	ko struct {
		once sync.Once
		lex  *koLexicon
	}
}

// glossLine is one parsed line of a glossary source.
type glossLine struct {
	src   string // source name, e.g. "glossary.tsv"
	line  int
	entry GlossaryEntry
	keys  []string // folded form of each term
}

// GlossaryEntry is one concept: its domain and its terms per language
// ("en", "vi", "ko"), preferred term first. A language without terms is
// absent from Terms.
type GlossaryEntry struct {
	Domain string
	Terms  map[string][]string
}

// Term is a glossary term and its language code.
type Term struct {
	Text, Lang string
}

// Expansion is a glossary term found in a text and its equivalents in the
// other languages.
type Expansion struct {
	Found       Term
	Domain      string
	Equivalents []Term
	// Synonyms are the concept's other terms in the found term's language.
	Synonyms []Term
	// Entry numbers the concept that was found: two texts in different
	// languages naming one concept share it.
	Entry int
}

// glossTerm is one term compiled for matching.
//
// Terms without Hangul are matched word by word: toks are the folded words,
// and each must equal a whole word of the text; in text written with
// Vietnamese diacritics the marks must agree as well (sigs), so "cao su"
// (rubber) is not found in "nâng cao sự". Terms with Hangul are matched on
// key, the folded words concatenated without separators, as a substring of
// the text's words run together within a phrase: Korean attaches particles
// and spaces compounds freely, so 폐수처리를 and 폐수 처리 both contain
// 폐수처리. Where the key begins or ends with a non-Hangul character
// (PCB 조립, 생성형 AI) that end must still fall on a word boundary; and a
// match that starts inside a word may run on into the next word only if it
// takes at least two syllables from the first.
type glossTerm struct {
	entry    int32
	lang     uint8 // index into glossaryLangs
	text     string
	toks     []string // word-matched terms
	sigs     []string // word-matched terms: each word with its marks (viSig)
	key      string   // Hangul terms
	hangul   bool
	headOpen bool // Hangul key starting with Hangul: may start inside a word
	tailOpen bool // Hangul key ending with Hangul: may end inside a word
	plural   bool // English term whose last word may take a plural -s/-es/-ies
}

// ParseGlossary reads a glossary in the tab-separated format of
// glossary.tsv: one entry a line, "domain<TAB>en<TAB>vi<TAB>ko", synonyms
// within a cell separated by "|" with the preferred term first. Blank lines
// and lines starting with "#" are skipped. The ko cell may be empty (or, with
// its tab, omitted); en and vi may not. Terms are normalized to NFC. Errors
// name the line.
func ParseGlossary(r io.Reader) (*Glossary, error) {
	return parseGlossary([]glossarySource{{name: "glossary", r: r}})
}

// glossarySource is one glossary file.
type glossarySource struct {
	name string
	r    io.Reader
}

// parseGlossary reads the sources in order and merges the lines that share
// a term into one concept.
func parseGlossary(srcs []glossarySource) (*Glossary, error) {
	g := &Glossary{
		byWord:  make(map[string][]int32),
		byHead:  make(map[string][]int32),
		lexicon: defaultViLexicon(),
	}
	for _, src := range srcs {
		if err := g.readSource(src); err != nil {
			return nil, err
		}
	}
	// Union the lines that share a folded term.
	parent := make([]int32, len(g.raw))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	owner := make(map[string]int32)
	for i, l := range g.raw {
		for _, k := range l.keys {
			if o, ok := owner[k]; ok {
				a, b := find(o), find(int32(i))
				if a != b {
					parent[max(a, b)] = min(a, b) // the earliest line is the root
				}
			} else {
				owner[k] = int32(i)
			}
		}
	}
	concept := make(map[int32]int32)
	for i := range g.raw {
		root := find(int32(i))
		ci, ok := concept[root]
		if !ok {
			ci = int32(len(g.lines))
			concept[root] = ci
			g.lines = append(g.lines, nil)
		}
		g.lines[ci] = append(g.lines[ci], int32(i))
	}
	var toks []gtoken
	for _, members := range g.lines {
		first := g.raw[members[0]].entry
		e := GlossaryEntry{Domain: first.Domain, Terms: make(map[string][]string, 3)}
		for _, lang := range glossaryLangs {
			seen := map[string]bool{}
			for _, li := range members {
				for _, t := range g.raw[li].entry.Terms[lang] {
					if k := data.Fold(t); !seen[k] {
						seen[k] = true
						e.Terms[lang] = append(e.Terms[lang], t)
					}
				}
			}
		}
		var err error
		if toks, err = g.add(e, toks); err != nil {
			l := g.raw[members[0]]
			return nil, fmt.Errorf("%s line %d: %v", l.src, l.line, err)
		}
	}
	return g, nil
}

// readSource parses one source's lines into g.raw.
func (g *Glossary) readSource(src glossarySource) error {
	sc := bufio.NewScanner(src.r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var toks []gtoken
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if t := strings.TrimSpace(raw); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		cols := strings.Split(raw, "\t")
		if len(cols) == 3 {
			cols = append(cols, "")
		}
		if len(cols) != 4 {
			return fmt.Errorf("%s line %d: %d tab-separated columns, want 4 (domain, en, vi, ko)", src.name, line, len(cols))
		}
		domain := strings.TrimSpace(cols[0])
		if !isGlossaryDomain(domain) {
			return fmt.Errorf("%s line %d: unknown domain %q (want one of %s)", src.name, line, domain, strings.Join(glossaryDomains, ", "))
		}
		l := glossLine{src: src.name, line: line, entry: GlossaryEntry{Domain: domain, Terms: make(map[string][]string, 3)}}
		for li, lang := range glossaryLangs {
			terms, err := splitGlossaryCell(cols[1+li])
			if err != nil {
				return fmt.Errorf("%s line %d: %s column: %v", src.name, line, lang, err)
			}
			if len(terms) == 0 {
				if lang != "ko" {
					return fmt.Errorf("%s line %d: empty %s column", src.name, line, lang)
				}
				continue
			}
			l.entry.Terms[lang] = terms
			for _, text := range terms {
				var key string
				var err error
				if toks, key, err = compileKey(text, lang, toks); err != nil {
					return fmt.Errorf("%s line %d: %v", src.name, line, err)
				}
				if !slices.Contains(l.keys, key) {
					l.keys = append(l.keys, key)
				}
			}
		}
		g.raw = append(g.raw, l)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s line %d: %v", src.name, line+1, err)
	}
	return nil
}

// compileKey checks that a term can match and returns its folded key: the
// folded words joined by spaces, or run together for a Hangul term.
func compileKey(text, lang string, toks []gtoken) ([]gtoken, string, error) {
	toks = wordsOf(text, toks[:0])
	if len(toks) == 0 {
		return toks, "", fmt.Errorf("%s term %q has no letters or digits", lang, text)
	}
	hangul := false
	for k, tk := range toks {
		if k > 0 && !tk.joined {
			return toks, "", fmt.Errorf("%s term %q contains punctuation that splits it; it could never match", lang, text)
		}
		hangul = hangul || tk.hangul
	}
	var b strings.Builder
	for k, tk := range toks {
		if k > 0 && !hangul {
			b.WriteByte(' ')
		}
		b.WriteString(tk.s)
	}
	return toks, b.String(), nil
}

// splitGlossaryCell splits a cell into its synonyms, trimmed and in NFC,
// dropping exact repeats. An empty cell yields none; an empty synonym
// ("a||b", "a|") is an error.
func splitGlossaryCell(cell string) ([]string, error) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil, nil
	}
	var out []string
	for _, t := range strings.Split(cell, "|") {
		t = norm.NFC.String(strings.TrimSpace(t))
		if t == "" {
			return nil, fmt.Errorf("empty term in %q", cell)
		}
		dup := false
		for _, o := range out {
			dup = dup || o == t
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out, nil
}

// add compiles and indexes the terms of concept e. A folded form that e
// already has (the same word in two languages, say "IoT") is indexed once,
// under the first language that has it.
func (g *Glossary) add(e GlossaryEntry, toks []gtoken) ([]gtoken, error) {
	ei := int32(len(g.entries))
	seen := make(map[string]bool)
	for li, lang := range glossaryLangs {
		for _, text := range e.Terms[lang] {
			var key string
			var err error
			if toks, key, err = compileKey(text, lang, toks); err != nil {
				return toks, err
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			t := glossTerm{entry: ei, lang: uint8(li), text: text}
			for _, tk := range toks {
				t.hangul = t.hangul || tk.hangul
			}
			if t.hangul {
				t.key = key
				first, _ := utf8.DecodeRuneInString(t.key)
				last, _ := utf8.DecodeLastRuneInString(t.key)
				t.headOpen = isHangul(first)
				t.tailOpen = isHangul(last)
			} else {
				t.toks = make([]string, len(toks))
				t.sigs = make([]string, len(toks))
				for k, tk := range toks {
					t.toks[k], t.sigs[k] = tk.s, tk.sig
				}
				t.plural = lang == "en" && pluralizable(t.toks[len(t.toks)-1])
			}
			ti := int32(len(g.terms))
			g.terms = append(g.terms, t)
			if t.hangul {
				h := headKey(t.key)
				g.byHead[h] = append(g.byHead[h], ti)
			} else {
				g.byWord[t.toks[0]] = append(g.byWord[t.toks[0]], ti)
			}
		}
	}
	g.entries = append(g.entries, e)
	var eq [3][]Term
	for li := range glossaryLangs {
		for lj, lang := range glossaryLangs {
			if lj == li {
				continue
			}
			for _, text := range e.Terms[lang] {
				eq[li] = append(eq[li], Term{Text: text, Lang: lang})
			}
		}
	}
	g.equiv = append(g.equiv, eq)
	return toks, nil
}

// headKey is the index key of a Hangul key: its first two runes, or its only
// rune.
func headKey(key string) string {
	_, n1 := utf8.DecodeRuneInString(key)
	if n1 == len(key) {
		return key
	}
	_, n2 := utf8.DecodeRuneInString(key[n1:])
	return key[:n1+n2]
}

// pluralizable reports whether an English term's last word may match its
// regular plural: three or more ASCII letters.
func pluralizable(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// isPluralOf reports whether t is a regular English plural of w
// (sensor/sensors, gas/gases, battery/batteries).
func isPluralOf(t, w string) bool {
	n := len(w)
	switch len(t) - n {
	case 1:
		return t[n] == 's' && t[:n] == w
	case 2:
		if t[n:] == "es" && t[:n] == w {
			return true
		}
		return w[n-1] == 'y' && t[n-1:] == "ies" && t[:n-1] == w[:n-1]
	}
	return false
}

// singulars returns the words whose regular plural t may be (at most three).
func singulars(t string, out *[3]string) []string {
	s := out[:0]
	n := len(t)
	if n < 4 || t[n-1] != 's' {
		return s
	}
	s = append(s, t[:n-1])
	if n >= 5 && t[n-2] == 'e' {
		s = append(s, t[:n-2])
		if t[n-3] == 'i' {
			s = append(s, t[:n-3]+"y")
		}
	}
	return s
}

// Len returns the number of entries.
func (g *Glossary) Len() int {
	if g == nil {
		return 0
	}
	return len(g.entries)
}

// Entries returns a copy of the glossary's entries in file order.
func (g *Glossary) Entries() []GlossaryEntry {
	if g == nil {
		return nil
	}
	out := make([]GlossaryEntry, len(g.entries))
	for i, e := range g.entries {
		terms := make(map[string][]string, len(e.Terms))
		for lang, ts := range e.Terms {
			terms[lang] = append([]string(nil), ts...)
		}
		out[i] = GlossaryEntry{Domain: e.Domain, Terms: terms}
	}
	return out
}

var defaultGlossary = sync.OnceValues(func() (*Glossary, error) { return loadGlossaryFS(glossaryFS) })

// loadGlossaryFS parses glossary.tsv and then glossary/*.tsv of fsys, in
// name order.
func loadGlossaryFS(fsys fs.FS) (*Glossary, error) {
	names := []string{"glossary.tsv"}
	more, err := fs.Glob(fsys, "glossary/*.tsv")
	if err != nil {
		return nil, err
	}
	sort.Strings(more)
	names = append(names, more...)
	srcs := make([]glossarySource, 0, len(names))
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, glossarySource{name: n, r: bytes.NewReader(b)})
	}
	return parseGlossary(srcs)
}

// DefaultGlossary returns the glossary embedded from glossary.tsv and
// glossary/*.tsv, parsed once and shared.
func DefaultGlossary() (*Glossary, error) { return defaultGlossary() }

// where names the source lines of concept ci ("glossary.tsv:12").
func (g *Glossary) where(ci int) string {
	var parts []string
	for _, li := range g.lines[ci] {
		parts = append(parts, g.raw[li].src+":"+strconv.Itoa(g.raw[li].line))
	}
	return strings.Join(parts, ", ")
}

// gtoken is one word of a folded text.
type gtoken struct {
	s      string // the folded word
	sig    string // the word with its Vietnamese marks, tone normalized (viSig)
	cstart int    // offset of s in the words run together (Hangul matching)
	last   int    // index of the last word of this word's phrase
	joined bool   // in one phrase with the previous word
	hangul bool   // a Hangul word (words split where the script changes)
	marked bool   // written with diacritics (sig differs from s)
}

// tokenizeFolded splits folded text into words: maximal runs of letters and
// digits, split again where Hangul meets other letters or digits (so
// "IoT플랫폼" is "iot" + "플랫폼"). A word is joined to the previous one
// unless the separator between them breaks the phrase: a line break, most
// punctuation, or ".", "," or ":" next to a space. Spaces, hyphens, slashes,
// "&" and ".", "," within a word ("4.0", "PM2.5") keep a phrase together.
func tokenizeFolded(f string, dst []gtoken) []gtoken {
	dst = dst[:0]
	start, startHangul := -1, false
	brk, space, soft := true, false, false
	for i, r := range f {
		var word, hg bool
		if r < utf8.RuneSelf {
			word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
		} else {
			hg = isHangul(r)
			word = hg || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
		}
		if word {
			if start >= 0 {
				if hg == startHangul {
					continue
				}
				// Script change inside a word: split, but keep the phrase.
				dst = append(dst, gtoken{s: f[start:i], joined: len(dst) > 0 && !brk, hangul: startHangul})
				brk, space, soft = false, false, false
			} else if space && soft {
				brk = true
			}
			start, startHangul = i, hg
			continue
		}
		if start >= 0 {
			dst = append(dst, gtoken{s: f[start:i], joined: len(dst) > 0 && !brk, hangul: startHangul})
			start = -1
			brk, space, soft = false, false, false
		}
		switch {
		case r == '.' || r == ',' || r == ':':
			soft = true
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029':
			brk = true
		case unicode.IsSpace(r):
			space = true
		case r == '-' || r == '/' || r == '&' || r == '+' || r == '_' || r == '\'' || r == '’' ||
			r == '‐' || r == '‑' || r == '–' || r == '—':
			// joiners
		default:
			brk = true // ; ! ? ( ) [ ] " | • · … and other punctuation or symbols
		}
	}
	if start >= 0 {
		dst = append(dst, gtoken{s: f[start:], joined: len(dst) > 0 && !brk, hangul: startHangul})
	}
	return dst
}

func isHangul(r rune) bool {
	return r >= 0x1100 && unicode.Is(unicode.Hangul, r)
}

// expandScratch holds per-call buffers, reused through a pool.
type expandScratch struct {
	toks []gtoken
	comp []byte
	seen []uint64
}

var expandPool = sync.Pool{New: func() any { return new(expandScratch) }}

// Expand finds the glossary terms that occur in text, in any language, and
// returns each matched entry once, in order of first occurrence, with its
// equivalents in the other languages (preferred term first).
//
// Matching compares folded text (data.Fold: case, diacritics and đ/d are
// ignored, so "xu ly nuoc thai" finds "xử lý nước thải") and takes whole
// words: "ai" does not match inside "said". Korean terms may match inside a
// word, since Korean attaches particles (폐수처리를 contains 폐수처리), and
// regardless of spacing. An English term's last word also matches its
// regular plural ("sensors"). At each position the longest match wins, so
// "wastewater treatment plant" beats "wastewater"; matches do not overlap.
func (g *Glossary) Expand(text string) []Expansion {
	if g == nil || len(g.terms) == 0 || text == "" {
		return nil
	}
	sc := expandPool.Get().(*expandScratch)
	defer expandPool.Put(sc)
	toks := wordsOf(text, sc.toks)
	sc.toks = toks
	n := len(toks)
	if n == 0 {
		return nil
	}
	for i := n - 1; i >= 0; i-- {
		if i+1 < n && toks[i+1].joined {
			toks[i].last = toks[i+1].last
		} else {
			toks[i].last = i
		}
	}
	// Words run together, for Hangul keys; only needed if the text has Hangul.
	var comp string
	if len(g.byHead) > 0 {
		hasHangul := false
		for i := range toks {
			hasHangul = hasHangul || toks[i].hangul
		}
		if hasHangul {
			b := sc.comp[:0]
			for i := range toks {
				toks[i].cstart = len(b)
				b = append(b, toks[i].s...)
			}
			sc.comp = b
			comp = string(b)
		}
	}
	words := (len(g.entries) + 63) / 64
	if cap(sc.seen) < words {
		sc.seen = make([]uint64, words)
	}
	seen := sc.seen[:words]
	clear(seen)

	var out []Expansion
	var sing [3]string
	i, off := 0, 0
	for i < n {
		tk := &toks[i]
		b := bestMatch{term: -1}
		if off == 0 {
			g.matchWords(toks, i, g.byWord[tk.s], &b)
			for _, s := range singulars(tk.s, &sing) {
				g.matchWords(toks, i, g.byWord[s], &b)
			}
		}
		if comp != "" && (off == 0 || tk.hangul) {
			g.matchHangul(toks, comp, i, off, &b)
		}
		if b.term >= 0 {
			t := &g.terms[b.term]
			if seen[t.entry/64]&(1<<(t.entry%64)) == 0 {
				seen[t.entry/64] |= 1 << (t.entry % 64)
				out = append(out, Expansion{
					Found:       Term{Text: t.text, Lang: glossaryLangs[t.lang]},
					Domain:      g.entries[t.entry].Domain,
					Equivalents: append([]Term(nil), g.equiv[t.entry][t.lang]...),
					Synonyms:    g.synonyms(t),
					Entry:       int(t.entry),
				})
			}
			if b.endOff >= len(toks[b.endTok].s) {
				i, off = b.endTok+1, 0
			} else {
				i, off = b.endTok, b.endOff
			}
			continue
		}
		if tk.hangul {
			_, size := utf8.DecodeRuneInString(tk.s[off:])
			off += size
			if off < len(tk.s) {
				continue
			}
		}
		i, off = i+1, 0
	}
	return out
}

// bestMatch is the best match found so far at one position: the longest
// (ending at the furthest word and byte), then an exact match over a plural,
// then the earliest term in file order.
type bestMatch struct {
	term           int32
	endTok, endOff int
	exact          bool
}

func (b *bestMatch) offer(ti int32, endTok, endOff int, exact bool) {
	if b.term < 0 || endTok > b.endTok || endTok == b.endTok && endOff > b.endOff ||
		endTok == b.endTok && endOff == b.endOff && exact && !b.exact {
		*b = bestMatch{ti, endTok, endOff, exact}
	}
}

// matchWords tries word-matched terms starting at word i.
func (g *Glossary) matchWords(toks []gtoken, i int, cands []int32, b *bestMatch) {
	for _, ti := range cands {
		t := &g.terms[ti]
		m := len(t.toks)
		end := i + m - 1
		if end > toks[i].last {
			continue
		}
		exact, ok, marked := true, true, false
		for k, w := range t.toks {
			tk := &toks[i+k]
			marked = marked || tk.marked
			if tk.s == w {
				continue
			}
			if k == m-1 && t.plural && isPluralOf(tk.s, w) {
				exact = false
				continue
			}
			ok = false
			break
		}
		if ok && marked {
			// Where the text writes diacritics they tell apart words that
			// fold alike: "hợp số" is not "hộp số", "cao sự" not "cao su".
			// Text typed without them ("xu ly nuoc thai") matches folded.
			for k := range t.sigs {
				if toks[i+k].sig != t.sigs[k] && !(k == m-1 && !exact) {
					ok = false
					break
				}
			}
		}
		if ok && g.lexicon.straddles(toks, i, end) {
			// The term's first or last syllable belongs to a common word
			// with its neighbour: "tổng hợp | số liệu" holds no "hộp số".
			ok = false
		}
		if ok {
			b.offer(ti, end, len(toks[end].s), exact)
		}
	}
}

// matchHangul tries Hangul-keyed terms starting at byte off of word i.
func (g *Glossary) matchHangul(toks []gtoken, comp string, i, off int, b *bestMatch) {
	p := toks[i].cstart + off
	lt := &toks[toks[i].last]
	rest := comp[p : lt.cstart+len(lt.s)]
	_, n1 := utf8.DecodeRuneInString(rest)
	if n1 == 0 {
		return
	}
	heads := [2]string{rest[:n1]}
	if n1 < len(rest) {
		_, n2 := utf8.DecodeRuneInString(rest[n1:])
		heads[1] = rest[:n1+n2]
	}
	for _, h := range heads {
		if h == "" {
			continue
		}
		for _, ti := range g.byHead[h] {
			t := &g.terms[ti]
			if !strings.HasPrefix(rest, t.key) || off > 0 && !t.headOpen {
				continue
			}
			q := p + len(t.key)
			j := i
			for toks[j].cstart+len(toks[j].s) < q {
				j++
			}
			endOff := q - toks[j].cstart
			if !t.tailOpen && endOff != len(toks[j].s) {
				continue
			}
			if off > 0 && j > i && utf8.RuneCountInString(toks[i].s[off:]) < 2 {
				// Started inside a word and ran on into the next with a single
				// syllable: "단계 선정" does not contain 계선, "최종 자료" not
				// 종자. Compounds still do: "산업폐수 처리" contains 폐수처리.
				continue
			}
			b.offer(ti, j, endOff, true)
		}
	}
}

// duplicateTerms returns the folded terms that more than one line claims,
// each with the indexes of those lines (into g.raw). Lines of different
// files that share a term are one concept; within one file a shared term is
// a slip (glossary_test checks).
func (g *Glossary) duplicateTerms() map[string][]int {
	owners := make(map[string][]int)
	for i, l := range g.raw {
		for _, k := range l.keys {
			owners[k] = append(owners[k], i)
		}
	}
	dups := make(map[string][]int)
	for k, o := range owners {
		if len(o) > 1 {
			dups[k] = o
		}
	}
	return dups
}

// synonyms are the other terms of t's concept in t's language.
func (g *Glossary) synonyms(t *glossTerm) []Term {
	lang := glossaryLangs[t.lang]
	var out []Term
	for _, text := range g.entries[t.entry].Terms[lang] {
		if text != t.text {
			out = append(out, Term{Text: text, Lang: lang})
		}
	}
	return out
}
