package data

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the language-neutral form that search and matching compare:
// NFC-normalized first (so NFD input folds too), lower-cased, with diacritics
// removed and Vietnamese đ mapped to d. "Cảng Biển Đình Vũ" folds to
// "cang bien dinh vu". Hangul, Han and other scripts without combining marks
// pass through lower-cased. Invalid UTF-8 bytes are dropped.
func Fold(s string) string {
	if f, ok := foldASCII(s); ok {
		return f
	}
	return foldUnicode(s)
}

func foldUnicode(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	// NFD splits letters from their combining marks, so dropping marks
	// (category Mn) removes accents, tones and hooks in one pass.
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// Hangul syllables decompose into jamo under NFD; recompose them.
	return norm.NFC.String(b.String())
}

// foldASCII is Fold of s when s is ASCII (ok): lower case, nothing else
// changes.
func foldASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}
