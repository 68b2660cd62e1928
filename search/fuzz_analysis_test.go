package search

import (
	"slices"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzAnalyzerVI: the Vietnamese analyzer never panics, makes only
// non-empty UTF-8 terms, and gives the same terms for a text however its
// diacritics are encoded (composed NFC or decomposed NFD).
func FuzzAnalyzerVI(f *testing.F) {
	m := mustAnalysisMapping(f)
	for _, s := range []string{
		"Xử lý nước thải công nghiệp bằng màng lọc",
		"cảng biển; Đình Vũ - Hải Phòng, 2026!",
		"xu ly nuoc thai", "\xff\xfe", "a\u0300\u0301\u0302 ở", "폐수처리 IoT ERP",
		"Nhà máy   \t\n đóng tàu",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			// The API and the importers refuse broken UTF-8 before any
			// analysis; here it must only not panic.
			for _, an := range []string{AnalyzerVI, AnalyzerFold} {
				if _, err := m.AnalyzeText(an, []byte(text)); err != nil {
					t.Fatal(err)
				}
			}
			return
		}
		for _, an := range []string{AnalyzerVI, AnalyzerFold} {
			nfc, err := m.AnalyzeText(an, []byte(norm.NFC.String(text)))
			if err != nil {
				t.Fatal(err)
			}
			nfd, err := m.AnalyzeText(an, []byte(norm.NFD.String(text)))
			if err != nil {
				t.Fatal(err)
			}
			var a, b []string
			for _, tok := range nfc {
				if len(tok.Term) == 0 || !utf8.Valid(tok.Term) {
					t.Fatalf("%s: bad term %q from %q", an, tok.Term, text)
				}
				a = append(a, string(tok.Term))
			}
			for _, tok := range nfd {
				b = append(b, string(tok.Term))
			}
			if !slices.Equal(a, b) {
				t.Fatalf("%s: NFC and NFD of %q analyse differently:\n%q\n%q", an, text, a, b)
			}
		}
	})
}
