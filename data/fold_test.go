package data_test

import (
	"testing"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

// FuzzFold: folding never panics, yields valid UTF-8 and is idempotent.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Cảng Biển Đình Vũ", "폐수처리를", "\xff\xfe", "Ǆ ß İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := data.Fold(s)
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q is not UTF-8", s, once)
		}
		if twice := data.Fold(once); twice != once {
			t.Fatalf("Fold is not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}
