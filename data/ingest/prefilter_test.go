package ingest

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// Each prefilter is true wherever its expression matches (else the
// expression's work would be skipped where it changes the text), checked
// on hand-picked texts and on random strings over the characters the
// expressions look at.
func TestPrefilters_HoldWhereTheExpressionMatches(t *testing.T) {
	cases := []string{
		"", "ConceptProof", "BreastCancer", "iPhone", "McDonald", "LiDAR", "model3D", "v2Beta", "the Company", "ÉcoleNormale", "façadeÉtude",
		"AI", "A.I.", "an AI system", "MAIN", "U.S.A.", "e.g.", "U.K. and U.S.", "e.g", "3.5.2", "a.b", "Đ.Ă.", "x.\xff.", "végétal.É.",
	}
	alphabet := []rune("aAbBzZéÉđĐ09 .-_\xff·AI")
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		rs := make([]rune, r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(rs))
	}
	check := func(name string, re *regexp.Regexp, pre func(string) bool) {
		t.Helper()
		matched := 0
		for _, s := range cases {
			if re.MatchString(s) {
				matched++
				if !pre(s) {
					t.Errorf("%s: %q matches but the prefilter says it cannot", name, s)
				}
			}
		}
		if matched == 0 {
			t.Errorf("%s: no case matches; the check is empty", name)
		}
	}
	check("camelBoundary", camelBoundary, mayGlue)
	check("capitalAI", capitalAI, mayNameAI)
	check("dottedInitials", dottedInitials, mayHaveInitials)
}

// glueSplit gives what camelBoundary.ReplaceAllString gives.
func TestGlueSplit_IsTheExpression(t *testing.T) {
	cases := []string{"", "ConceptProof", "BreastCancerResearchUnit", "abcDeFghIj", "abcdEfGh", "1Ab2Cd", "x9Ab", "abcAB", "façadeÉtude", "iPhone", "ofTheYear3Dprint", "aaaBbbbCccc", "aaaBaaaB"}
	alphabet := []rune("abAB09 éÉ\xff")
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		rs := make([]rune, r.IntN(14))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(rs))
	}
	changed := 0
	for _, s := range cases {
		want := camelBoundary.ReplaceAllString(s, "$1 $2")
		if got := glueSplit(s); got != want {
			t.Fatalf("glueSplit(%q) = %q, the expression gives %q", s, got, want)
		}
		if want != s {
			changed++
		}
		if got := splitGlued(s); got != want {
			t.Fatalf("splitGlued(%q) = %q, the expression gives %q", s, got, want)
		}
	}
	if changed < 100 {
		t.Fatalf("only %d cases are changed by the expression: the check is thin", changed)
	}
}
