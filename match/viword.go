package match

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// This file holds what the glossary needs to match Vietnamese words and not
// fold them together wrongly: per-word folding that keeps each word's marks
// beside its folded form, and a list of common words that tells where a word
// ends.

// latinFold is what folding does to one lower-case Latin letter with marks.
type latinFold struct {
	fold string // data.Fold of the letter ("" for a lone combining mark)
	base rune   // the letter without its tone mark (â, ơ, ư, ă, ê, ô, đ kept), 0 for none
	tone byte   // Vietnamese tone: 0 none, 1 grave, 2 acute, 3 tilde, 4 hook above, 5 dot below
}

// latinTable covers U+0080-U+024F, the combining marks U+0300-U+036F and
// Latin Extended Additional U+1E00-U+1EFF, where Vietnamese letters live.
var latinTable = sync.OnceValue(func() map[rune]latinFold {
	m := make(map[rune]latinFold, 1200)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			s := string(r)
			lf := latinFold{fold: data.Fold(s)}
			var base []rune
			for _, c := range norm.NFD.String(s) {
				switch c {
				case '\u0300':
					lf.tone = 1
				case '\u0301':
					lf.tone = 2
				case '\u0303':
					lf.tone = 3
				case '\u0309':
					lf.tone = 4
				case '\u0323':
					lf.tone = 5
				default:
					base = append(base, c)
				}
			}
			if b := []rune(norm.NFC.String(string(base))); len(b) == 1 {
				lf.base = b[0]
			} else if len(b) > 1 {
				continue // no single letter without its tone: fold it the slow way
			}
			m[r] = lf
		}
	}
	add(0x80, 0x24F)
	add(0x300, 0x36F)
	add(0x1E00, 0x1EFF)
	return m
})

// foldWord returns a lower-case NFC word folded (as data.Fold does) and its
// signature: the word with its marks, the tone mark moved to the end so
// that "hoá" and "hóa", "thuỷ" and "thủy" agree. marked reports whether the
// word has marks that folding drops.
func foldWord(w string) (fold, sig string, marked bool) {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w, w, false
	}
	tab := latinTable()
	var f, s strings.Builder
	f.Grow(len(w))
	s.Grow(len(w) + 2)
	var tone byte
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf || r >= 0xAC00 && r <= 0xD7A3:
			f.WriteRune(r)
			s.WriteRune(r)
			continue
		}
		lf, ok := tab[r]
		if !ok {
			// Another script: fold it whole, marks and all.
			fw := data.Fold(w)
			return fw, w, fw != w
		}
		f.WriteString(lf.fold)
		if lf.base != 0 {
			s.WriteRune(lf.base)
		}
		if lf.tone != 0 {
			tone = lf.tone
		}
	}
	if tone != 0 {
		s.WriteByte('0' + tone)
	}
	fold, sig = f.String(), s.String()
	return fold, sig, fold != sig
}

// wordsOf splits text into words the way the glossary matches them (see
// tokenizeFolded), each folded, with its signature and whether it carries
// marks. Invalid UTF-8 is dropped.
func wordsOf(text string, dst []gtoken) []gtoken {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	dst = tokenizeFolded(strings.ToLower(norm.NFC.String(text)), dst)
	out := dst[:0]
	for _, tk := range dst {
		f, sig, marked := foldWord(tk.s)
		if f == "" {
			continue // a lone combining mark
		}
		tk.s, tk.sig, tk.marked = f, sig, marked
		out = append(out, tk)
	}
	return out
}

//go:embed viwords.txt
var viWordsTxt []byte

// viLexicon is a set of common two-syllable Vietnamese words (viwords.txt):
// folded "a b" -> the signatures "sigA sigB" of the words that fold so.
type viLexicon struct {
	words map[string][]string
}

var defaultViLexicon = sync.OnceValue(func() *viLexicon { return parseViLexicon(viWordsTxt) })

func parseViLexicon(b []byte) *viLexicon {
	x := &viLexicon{words: map[string][]string{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	var toks []gtoken
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		toks = wordsOf(line, toks)
		if len(toks) != 2 {
			continue // viwords_test reports it
		}
		k := toks[0].s + " " + toks[1].s
		x.words[k] = append(x.words[k], toks[0].sig+" "+toks[1].sig)
	}
	return x
}

// has reports whether words a and b, adjacent in one phrase, make a word of
// the lexicon: their signatures must agree where the phrase has marks.
func (x *viLexicon) has(a, b *gtoken) bool {
	sigs, ok := x.words[a.s+" "+b.s]
	if !ok {
		return false
	}
	if !a.marked && !b.marked {
		return true // typed without diacritics: folded is all there is
	}
	ab := a.sig + " " + b.sig
	for _, s := range sigs {
		if s == ab {
			return true
		}
	}
	return false
}

// straddles reports whether a term matched on words i..end cuts through a
// common word: its first word makes one with the word before it, or its
// last with the word after, and that neighbour is not itself taken by
// another common word ("tổ chức | năng lượng" keeps "năng lượng" although
// "chức năng" is a word).
func (x *viLexicon) straddles(toks []gtoken, i, end int) bool {
	if x == nil {
		return false
	}
	if i > 0 && toks[i].joined && x.has(&toks[i-1], &toks[i]) &&
		!(i > 1 && toks[i-1].joined && x.has(&toks[i-2], &toks[i-1])) {
		return true
	}
	if n := end + 1; n < len(toks) && toks[n].joined && x.has(&toks[end], &toks[n]) &&
		!(n+1 < len(toks) && toks[n+1].joined && x.has(&toks[n], &toks[n+1])) {
		return true
	}
	return false
}

// common reports whether the bigram word w ("phat_trien") is a common
// word of the lexicon: shared, it says nothing about the technology.
func (x *viLexicon) common(w string) bool {
	i := strings.IndexByte(w, '_')
	if x == nil || i < 0 {
		return false
	}
	_, ok := x.words[w[:i]+" "+w[i+1:]]
	return ok
}
