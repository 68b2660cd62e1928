package match

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

// glossaryAmbiguousEN are English words that must not stand alone as a term
// in glossary/*.tsv: stop words, words that are also common Vietnamese
// syllables once folded (ba, do), and words whose everyday senses outnumber
// the technical one (pilot, draft, pipeline, turnover, treatment).
var glossaryAmbiguousEN = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and as at be by do for from in is it its of on or the to with
		most etc ba er vr ai
		system systems software solution solutions service services platform management data
		application tool tools process network online digital smart project product products
		quality production support training testing monitoring equipment device devices design
		development analysis control technology maintenance
		pay wages turning lift property precision yield stroke treatment therapy assessment
		examination lab drying bending gear gears faults defects tolerance resume leads prospects
		deals ads screening weighing workers operators milling grinding drilling candidate ministry
		steam stem bot cod pilot draft deck crew waves pipeline diagnostic availability redundancy
		positions grades ratings agreements tariff detention breakdown travel smell maps institute
		turnover specialties admissions transcripts infrastructure mining printing billing
		map gap fog fit dip der lotus ate mic mof`) {
		glossaryAmbiguousEN[w] = true
	}
}

// TestGlossaryFilesTermShapes checks the rules of glossary/*.tsv that the
// parser cannot: no Vietnamese term is a single syllable (unless it is an
// acronym or a loanword of five or more letters), no English term is a
// single ambiguous word, and every Korean term has at least three Hangul
// syllables or some other letters (Korean terms match inside words, so 감사
// would be found in 감사합니다).
func TestGlossaryFilesTermShapes(t *testing.T) {
	names, err := fs.Glob(glossaryFS, "glossary/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Skip("no glossary/*.tsv files")
	}
	for _, name := range names {
		b, err := fs.ReadFile(glossaryFS, name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("#")) {
			t.Errorf("%s: starts without a header comment", name)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) != 4 {
				continue // TestGlossaryFileParses reports it
			}
			for _, term := range strings.Split(cols[1], "|") {
				if w := foldedWords(term); len(w) == 1 && glossaryAmbiguousEN[w[0]] {
					t.Errorf("%s line %d: en term %q is a single ambiguous word", name, n, term)
				}
			}
			for _, term := range strings.Split(cols[2], "|") {
				if singleVietnameseSyllable(term) {
					t.Errorf("%s line %d: vi term %q is a single syllable", name, n, term)
				}
			}
			if cols[3] == "" {
				continue
			}
			for _, term := range strings.Split(cols[3], "|") {
				hangul, other := 0, 0
				for _, r := range term {
					switch {
					case isHangul(r):
						hangul++
					case unicode.IsLetter(r) || unicode.IsDigit(r):
						other++
					}
				}
				if other == 0 && hangul < 3 {
					t.Errorf("%s line %d: ko term %q has %d syllables, want at least 3", name, n, term, hangul)
				}
			}
		}
	}
}

func foldedWords(term string) []string {
	return strings.FieldsFunc(data.Fold(term), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// singleVietnameseSyllable reports whether a vi term is one word that is
// not an acronym (an upper-case letter or a digit in it) nor an unaccented
// loanword of five or more letters (collagen, chitosan, voucher).
func singleVietnameseSyllable(term string) bool {
	term = strings.TrimSpace(term)
	if len(foldedWords(term)) != 1 || strings.ContainsAny(term, "-") {
		return false
	}
	ascii := true
	for _, r := range term {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return false
		}
		ascii = ascii && r < utf8.RuneSelf
	}
	return !ascii || len(term) < 5
}
