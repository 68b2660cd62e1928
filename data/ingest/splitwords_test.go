package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// splitWordsBuilt is splitWords as it was first written, its words rune by
// rune into a builder (after the same wordText): splitWords must give the
// same words.
func splitWordsBuilt(s string, fold bool) []string {
	s = wordText(s, fold)
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			cur.WriteRune(r)
		case (r == '\'' || r == '’') && cur.Len() > 0:
		default:
			flush()
		}
	}
	flush()
	return toks
}

func TestSplitWords_SameAsBuilt(t *testing.T) {
	pieces := []string{"a", "Z", "q", "7", "é", "Đ", "ư", "\u0301", "\u0903", "٣", "Ⅻ", "½", "기술", "'", "’", "''", ".", "U.S.", " ", "\t", "-", ",", "…", "“", "\xff", "\xe2\x80", "\ufffd", "A.I.", "d'", "x'y"}
	r := rand.New(rand.NewPCG(13, 14))
	cases := []string{"", "'", "'abc", "abc'", "abc''d", "people's Côte d’Ivoire", "U.S.A. x", "a'b'c d", "'''"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		for _, fold := range []bool{true, false} {
			if got, want := splitWords(s, fold), splitWordsBuilt(s, fold); !slices.Equal(got, want) {
				t.Fatalf("splitWords(%q, %v) = %q, want %q", s, fold, got, want)
			}
		}
	}
}
