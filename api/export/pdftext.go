package export

import (
	_ "embed"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"
)

// Fonts shipped with the binary (see fonts/subset.sh and the licences
// beside them): DejaVu Sans for Latin (all of Vietnamese), Greek and
// Cyrillic, a Hangul subset of NanumGothic for Korean, and a subset of
// Droid Sans Fallback for Japanese kana and kanji and common Chinese. A PDF
// embeds only the glyphs it uses.
var (
	//go:embed fonts/Latin.ttf
	fontLatin []byte
	//go:embed fonts/LatinBold.ttf
	fontLatinBold []byte
	//go:embed fonts/Hangul.ttf
	fontHangul []byte
	//go:embed fonts/CJK.ttf
	fontCJK []byte
)

const (
	faceLatin     = "latin"
	faceLatinBold = "latin-bold"
	faceHangul    = "hangul"
	faceCJK       = "cjk"
)

// style is how a piece of text is drawn.
type style struct {
	size    float64
	bold    bool
	r, g, b uint8
}

// run is a piece of text in one font face.
type run struct {
	face string
	text string
}

// textWriter draws Unicode text with the embedded faces: each character
// goes to the first face that has it (Latin, Hangul, then CJK), so a Korean
// or Japanese name in a Vietnamese sentence renders whole. Characters in
// no face are drawn as U+FFFD.
type textWriter struct {
	gp     *gopdf.GoPdf
	glyphs map[string]map[rune]bool
	loaded map[string]bool
}

var faceData = map[string][]byte{faceLatin: fontLatin, faceLatinBold: fontLatinBold,
	faceHangul: fontHangul, faceCJK: fontCJK}

func newTextWriter(gp *gopdf.GoPdf) (*textWriter, error) {
	t := &textWriter{gp: gp, glyphs: map[string]map[rune]bool{}, loaded: map[string]bool{}}
	for _, face := range []string{faceLatin, faceLatinBold} {
		if err := t.load(face); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// load adds a face to the document. The Hangul and CJK faces (1.2 MB
// each) are loaded only when the text needs them.
func (t *textWriter) load(face string) error {
	if t.loaded[face] {
		return nil
	}
	keep := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return '\uFFFD' }}
	if err := t.gp.AddTTFFontDataWithOption(face, faceData[face], keep); err != nil {
		return err
	}
	t.loaded[face] = true
	return nil
}

// inScript reports whether r is in the scripts a fallback face is for.
func inScript(face string, r rune) bool {
	switch face {
	case faceHangul:
		return unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F)
	case faceCJK:
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
			(r >= 0x3000 && r <= 0x30FF) || (r >= 0x31F0 && r <= 0x31FF) || (r >= 0xFF00 && r <= 0xFFEF)
	}
	return true
}

// has reports whether face has a glyph for r.
func (t *textWriter) has(face string, r rune) bool {
	m := t.glyphs[face]
	if m == nil {
		m = map[rune]bool{}
		t.glyphs[face] = m
	}
	if v, ok := m[r]; ok {
		return v
	}
	v := false
	if inScript(face, r) && t.load(face) == nil && t.gp.SetFont(face, "", 10) == nil {
		v, _ = t.gp.IsCurrFontContainGlyph(r)
	}
	m[r] = v
	return v
}

// runs splits s into runs of one face each.
func (t *textWriter) runs(s string, st style) []run {
	latin := faceLatin
	if st.bold {
		latin = faceLatinBold
	}
	var out []run
	var b strings.Builder
	cur := ""
	flush := func() {
		if b.Len() > 0 {
			out = append(out, run{face: cur, text: b.String()})
			b.Reset()
		}
	}
	for _, r := range s {
		face := latin
		switch {
		case unicode.IsSpace(r):
			r = ' ' // in the Latin face: the Hangul subset has no space
		case t.has(latin, r):
		case t.has(faceHangul, r):
			face = faceHangul
		case t.has(faceCJK, r):
			face = faceCJK
		default:
			r = '\uFFFD'
		}
		if face != cur {
			flush()
			cur = face
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// width is the width of s in points.
func (t *textWriter) width(s string, st style) float64 {
	w := 0.0
	for _, r := range t.runs(s, st) {
		if t.gp.SetFont(r.face, "", st.size) != nil {
			continue
		}
		if rw, err := t.gp.MeasureTextWidth(r.text); err == nil {
			w += rw
		}
	}
	return w
}

// draw writes s with its baseline at y, from x; it returns the width drawn.
func (t *textWriter) draw(x, y float64, s string, st style) (float64, error) {
	t.gp.SetTextColor(st.r, st.g, st.b)
	start := x
	for _, r := range t.runs(s, st) {
		if err := t.gp.SetFont(r.face, "", st.size); err != nil {
			return 0, err
		}
		rw, err := t.gp.MeasureTextWidth(r.text)
		if err != nil {
			return 0, err
		}
		t.gp.SetXY(x, y)
		if err := t.gp.Text(r.text); err != nil {
			return 0, err
		}
		x += rw
	}
	return x - start, nil
}

// wrap breaks s into lines no wider than w, at spaces; a word wider than a
// line is broken between characters.
func (t *textWriter) wrap(s string, st style, w float64) []string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for _, word := range words {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if t.width(try, st) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		// The word alone: break it if it is too wide.
		for t.width(word, st) > w {
			rs := []rune(word)
			n := len(rs) - 1
			for n > 1 && t.width(string(rs[:n]), st) > w {
				n--
			}
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// wrapMax is wrap keeping at most n lines; a cut text ends with "…".
func (t *textWriter) wrapMax(s string, st style, w float64, n int) []string {
	lines := t.wrap(s, st, w)
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := []rune(lines[n-1])
	for len(last) > 0 && t.width(string(last)+"…", st) > w {
		last = last[:len(last)-1]
	}
	lines[n-1] = strings.TrimRight(string(last), " ,;:–-") + "…"
	return lines
}
