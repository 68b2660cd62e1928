package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cheap tests that say when a regular expression of this package cannot
// match, so that the expression (the costliest step of sector inference)
// only runs on the few texts where it might: each holds wherever its
// expression matches.

// mayGlue is false where camelBoundary cannot match: it needs an upper-case
// letter right after a lower-case letter or a digit.
func mayGlue(s string) bool {
	prev := rune(-1)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return mayGlueRunes(s)
		}
		if 'A' <= c && c <= 'Z' && ('a' <= prev && prev <= 'z' || '0' <= prev && prev <= '9') {
			return true
		}
		prev = rune(c)
	}
	return false
}

func mayGlueRunes(s string) bool {
	prev := rune(-1)
	for _, r := range s {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || '0' <= prev && prev <= '9') {
			return true
		}
		prev = r
	}
	return false
}

// glueSplit is camelBoundary.ReplaceAllString(s, "$1 $2") without the
// regular expression: scanning from the left, a space goes before an
// upper-case letter followed by a lower-case one where it comes right after
// three lower-case letters or a digit, and the next match starts after
// that lower-case letter, as leftmost-first matching does.
func glueSplit(s string) string {
	// w holds the runes from the current one on, as many as a match reads
	// (five), with their offsets: decoded once each, nothing allocated.
	type at struct {
		r   rune
		off int
	}
	var w [5]at
	n, next := 0, 0 // runes in w; offset of the first rune not in w
	fill := func() {
		for n < len(w) && next < len(s) {
			r, size := utf8.DecodeRuneInString(s[next:])
			w[n] = at{r, next}
			n++
			next += size
		}
	}
	drop := func(k int) { n = copy(w[:], w[k:n]) }
	isLower := func(i int) bool { return i < n && unicode.IsLower(w[i].r) }
	isUpper := func(i int) bool { return i < n && unicode.IsUpper(w[i].r) }
	var b strings.Builder
	last := 0 // bytes of s written
	for fill(); n > 0; fill() {
		g := -1 // the rune the space goes before
		switch {
		case isLower(0) && isLower(1) && isLower(2) && isUpper(3) && isLower(4):
			g = 3
		case '0' <= w[0].r && w[0].r <= '9' && isUpper(1) && isLower(2):
			g = 1
		}
		if g < 0 {
			drop(1)
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[last:w[g].off])
		b.WriteByte(' ')
		last = w[g].off
		drop(g + 2)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// mayNameAI is false where capitalAI cannot match: it needs "AI" or "A.I".
func mayNameAI(s string) bool { return strings.Contains(s, "AI") || strings.Contains(s, "A.I") }

// mayHaveInitials is false where dottedInitials cannot match: it needs a
// dot, a letter and a dot in a row.
func mayHaveInitials(s string) bool {
	for i := strings.IndexByte(s, '.'); i >= 0 && i+1 < len(s); {
		r, n := utf8.DecodeRuneInString(s[i+1:])
		if next := i + 1 + n; next < len(s) && s[next] == '.' && unicode.IsLetter(r) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
