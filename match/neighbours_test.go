package match

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// The neighbours sought beside the candidate query, less the text
// candidates, are the ones Similar finds told to leave those out: ties
// (copies of one record) in the space's order, other kinds left out, also
// when there are more text candidates than the scan allowed for.
func TestNeighbours_NotInIsSimilarExcluding(t *testing.T) {
	const n, dim = 20000, 6
	s := randomSpace(n, dim, 3, 4, 9, 500, flat) // ties with record 9
	s.langs = map[string]int{"en": n}
	e := &Engine{Semantic: s}
	r := rand.New(rand.NewPCG(7, 8)) // the text candidates' draws
	src := &side{p: &data.Profile{Listing: data.Listing{Language: "en"}}, sem: append([]float64(nil), s.docs[9*dim:10*dim]...)}
	for trial := range 20 {
		const k, extra = 30, 25
		near := e.seekNeighbours(src, data.KindOffer, k, extra)
		if near == nil {
			t.Fatal("no neighbours sought for a language the space knows")
		}
		// Text candidates: some of the nearest, some far, one of another
		// kind; in the last trials more than the scan allowed for.
		var cands []data.ScoredRef
		for i := 0; i < extra+trial/18*10; i++ {
			j := r.IntN(n)
			if i%2 == 0 {
				j = 9 + 500*r.IntN(n/500)
			}
			cands = append(cands, data.ScoredRef{Ref: s.refs[j]})
		}
		seen := map[string]bool{}
		for _, c := range cands {
			seen[c.Ref] = true
		}
		got, want := near.notIn(cands), s.Similar(src.sem, k, data.KindOffer, seen)
		if len(want) != k || !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (%d text candidates): got %v\nwant %v", trial, len(cands), got, want)
		}
	}
	src.p.Language = "ko" // a language the space does not know
	if near := e.seekNeighbours(src, data.KindOffer, 30, 25); near != nil {
		t.Error("neighbours sought for a language the space does not know")
	}
}
