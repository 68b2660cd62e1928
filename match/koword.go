package match

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// Korean words learned from the glossary.
//
// A Korean text meets English and Vietnamese offers only through glossary
// concepts, and only where it names a whole glossary term. Korean technical
// terms are compounds of a few recurring parts, many of them loanwords
// (머신비전 = 머신 + 비전, machine vision; 비전검사, vision inspection), so
// the glossary's own pairs of Korean and English terms say what each part
// means: 비전 comes with "vision" in every concept that has it. koLexicon
// learns those parts (Hangul runs of two to five syllables) from the
// concepts that name them, by how consistently a part and an English word
// occur in the same concepts (the Dice coefficient), and translates the
// parts of a Korean text that no whole term covered, particles and endings
// left aside (비전으로 reads 비전).

const (
	// koMinConcepts is how many concepts must pair a Korean part with an
	// English word: one concept is the glossary term itself, already
	// matched whole; two or more are what the part means.
	koMinConcepts = 2
	// koMinDice is how consistently they must come together.
	koMinDice = 0.5
	// koMaxPart is the longest part learned, in syllables.
	koMaxPart = 5
)

// koParts returns the Korean parts of g's terms, learned on first use.
func (g *Glossary) koParts() *koLexicon {
	g.ko.once.Do(func() { g.ko.lex = learnKoLexicon(g.entries) })
	return g.ko.lex
}

// koLexicon maps Korean parts (folded Hangul, two to five syllables) to the
// English words they stand for.
type koLexicon struct {
	words  map[string][]string
	maxLen int // the longest part, in runes
}

// learnKoLexicon learns Korean parts from the concepts that have Korean and
// English terms.
func learnKoLexicon(entries []GlossaryEntry) *koLexicon {
	// Parts and words are numbered, and pairs counted by number: a few
	// hundred thousand pairs, counted once when the glossary loads.
	var partStr, wordStr []string
	partID, wordID := map[string]int32{}, map[string]int32{}
	var partN, wordN []int32
	pairN := map[uint64]int32{}
	standalone := map[string]bool{}
	intern := func(s string, ids map[string]int32, strs *[]string, n *[]int32) int32 {
		id, ok := ids[s]
		if !ok {
			id = int32(len(*strs))
			ids[s] = id
			*strs = append(*strs, s)
			*n = append(*n, 0)
		}
		return id
	}
	var parts, words []int32
	for _, e := range entries {
		ko, en := e.Terms["ko"], e.Terms["en"]
		if len(ko) == 0 || len(en) == 0 {
			continue
		}
		parts, words = parts[:0], words[:0]
		addPart := func(p string) {
			id := intern(p, partID, &partStr, &partN)
			if !slices.Contains(parts, id) {
				parts = append(parts, id)
			}
		}
		for _, t := range ko {
			for _, run := range hangulRuns(t) {
				// A whole word, and the two pieces of each way to cut it:
				// the parts of a compound are at its ends (머신|비전),
				// not across the seam of two (신비).
				rs := []rune(run)
				if len(rs) >= 2 {
					addPart(run)
					standalone[run] = true
				}
				for i := 1; i < len(rs); i++ {
					if i >= 2 && i <= koMaxPart {
						addPart(string(rs[:i]))
					}
					if len(rs)-i >= 2 && len(rs)-i <= koMaxPart {
						addPart(string(rs[i:]))
					}
				}
			}
		}
		for _, t := range en {
			for _, w := range koEnglishWords(t) {
				if id := intern(w, wordID, &wordStr, &wordN); !slices.Contains(words, id) {
					words = append(words, id)
				}
			}
		}
		for _, p := range parts {
			partN[p]++
			for _, w := range words {
				pairN[uint64(p)<<32|uint64(w)]++
			}
		}
		for _, w := range words {
			wordN[w]++
		}
	}
	type cand struct {
		word string
		dice float64
	}
	best := map[string][]cand{}
	for pw, n := range pairN {
		if n < koMinConcepts {
			continue
		}
		p, w := int32(pw>>32), int32(pw&(1<<32-1))
		d := 2 * float64(n) / float64(partN[p]+wordN[w])
		if d >= koMinDice {
			best[partStr[p]] = append(best[partStr[p]], cand{wordStr[w], d})
		}
	}
	lex := &koLexicon{words: make(map[string][]string, len(best))}
	for p, cs := range best {
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].dice != cs[j].dice {
				return cs[i].dice > cs[j].dice
			}
			return cs[i].word < cs[j].word
		})
		// The best word, and those nearly as consistent (a part that
		// stands for a two-word name, 태양광 for "solar" and "photovoltaic").
		var ws []string
		for _, c := range cs {
			if c.dice >= 0.8*cs[0].dice && len(ws) < 3 {
				ws = append(ws, c.word)
			}
		}
		lex.words[p] = ws
		lex.maxLen = max(lex.maxLen, utf8.RuneCountInString(p))
	}
	// A part inside a longer part that means the same adds nothing (the
	// longer one is found first), unless it is a word of its own.
	var drop []string
	for q, qs := range lex.words {
		rs := []rune(q)
		for i := range rs {
			for n := 2; i+n <= len(rs); n++ {
				p := string(rs[i : i+n])
				if p != q && !standalone[p] && sameWords(lex.words[p], qs) {
					drop = append(drop, p)
				}
			}
		}
	}
	for _, p := range drop {
		delete(lex.words, p)
	}
	return lex
}

func sameWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// translate returns the English words of the Korean parts in text, in order
// of appearance, each once: in each Hangul run the longest known part at
// each position, then on after it. Runs of fewer than two syllables and
// text without Hangul give nothing.
func (lex *koLexicon) translate(text string) []string {
	if lex == nil || len(lex.words) == 0 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, run := range hangulRuns(norm.NFC.String(text)) {
		rs := []rune(run)
		for i := 0; i < len(rs); {
			n := min(lex.maxLen, len(rs)-i)
			for ; n >= 2; n-- {
				if _, ok := lex.words[string(rs[i:i+n])]; ok {
					break
				}
			}
			if n < 2 {
				i++
				continue
			}
			for _, w := range lex.words[string(rs[i:i+n])] {
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
			i += n
		}
	}
	return out
}

// hangulRuns are the maximal runs of Hangul syllables in text (in NFC, as
// glossary terms are: decomposed syllables are not recognized).
func hangulRuns(text string) []string {
	var out []string
	start := -1
	f := text
	for i, r := range f {
		if r >= 0xAC00 && r <= 0xD7A3 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, f[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, f[start:])
	}
	return out
}

// koEnglishWords are the content words of an English term, folded and
// unstemmed (the index and the vectors stem them as they do any English
// text): no stop words, none shorter than three letters.
func koEnglishWords(t string) []string {
	if isASCII(t) {
		t = strings.ToLower(t)
	} else {
		t = data.Fold(t)
	}
	var out []string
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if len(w) >= 3 && !stopWords[w] && isASCII(w) {
			out = append(out, w)
		}
	}
	return out
}

// koPartWeight is the weight of a word translated from a Korean part, as
// that of a whole term's translation.
const koPartWeight = 1.0
