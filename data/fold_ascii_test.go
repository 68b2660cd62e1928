package data

import (
	"math/rand/v2"
	"testing"
)

// Fold's ASCII shortcut gives what the general path gives, for every
// printable ASCII character and for random ASCII text.
func TestFold_ASCIIShortcutIsTheGeneralPath(t *testing.T) {
	all := make([]byte, 0, 128)
	for c := 0; c < 128; c++ {
		all = append(all, byte(c))
	}
	cases := []string{"", "abc", "Shore POWER for Vessels, 2024!", string(all)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(128))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		got, ok := foldASCII(s)
		if !ok {
			t.Fatalf("%q: not taken for ASCII", s)
		}
		if want := foldUnicode(s); got != want {
			t.Fatalf("Fold(%q): shortcut %q, general path %q", s, got, want)
		}
	}
	if _, ok := foldASCII("Cảng"); ok {
		t.Fatal("the shortcut was taken for non-ASCII text")
	}
}
