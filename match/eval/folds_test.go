package eval_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/techmatch/techmatch/match/eval"
)

func TestFolds(t *testing.T) {
	var ids []string
	for i := 1; i <= 200; i++ {
		ids = append(ids, fmt.Sprintf("q-%03d", i))
	}
	a, b := eval.SplitFolds(ids)
	if len(a)+len(b) != len(ids) {
		t.Fatalf("folds hold %d+%d ids, want %d", len(a), len(b), len(ids))
	}
	// Roughly half each: a hash that put everything in one fold would make
	// the held-out figures meaningless.
	if len(a) < 70 || len(b) < 70 {
		t.Errorf("folds of %d and %d ids from 200: unbalanced", len(a), len(b))
	}
	for _, id := range a {
		if eval.FoldOf(id) != eval.FoldA || slices.Contains(b, id) {
			t.Errorf("%s is in fold A but FoldOf says %s", id, eval.FoldOf(id))
		}
	}
	// The split depends on the id alone: the same ids in another order and
	// among others fall the same way.
	rev := append([]string{"other-1", "other-2"}, ids...)
	slices.Reverse(rev)
	a2, _ := eval.SplitFolds(rev)
	for _, id := range a {
		if !slices.Contains(a2, id) {
			t.Errorf("%s changed fold when the ids were reordered", id)
		}
	}
}
