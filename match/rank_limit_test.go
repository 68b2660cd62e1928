package match_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/techmatch/techmatch/match"
)

// TestMatchNeed_ShortListIsTheHeadOfTheLongOne: only the matches returned
// are explained (shared terms, strength, explanation), yet a short list is
// the head of a longer one, every field the same.
func TestMatchNeed_ShortListIsTheHeadOfTheLongOne(t *testing.T) {
	e, _, needs := demoEngine(t)
	for _, n := range needs {
		long, err := e.MatchNeed(context.Background(), n, 50)
		if err != nil {
			t.Fatal(err)
		}
		short, err := e.MatchNeed(context.Background(), n, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(long) < 3 {
			continue
		}
		if len(short) != 3 {
			t.Fatalf("%s: %d matches, want 3", n.Ref, len(short))
		}
		for i := range short {
			// Sums over word maps may differ in their last bit from one
			// call to the next (map order): compare scores to 1e-12.
			a, b := short[i], long[i]
			if math.Abs(a.Score-b.Score) > 1e-12 || math.Abs(a.Components.Text-b.Components.Text) > 1e-12 {
				t.Errorf("%s: match %d scores %v (text %v) of 3, %v (text %v) of 50", n.Ref, i, a.Score, a.Components.Text, b.Score, b.Components.Text)
			}
			a.Score, a.Components, b.Score, b.Components = 0, match.Components{}, 0, match.Components{}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: match %d of 3 is %+v, of 50 %+v", n.Ref, i, a, b)
			}
		}
	}
}
