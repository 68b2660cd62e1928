package eval

import "hash/fnv"

// Folds: each development set is split in two by a hash of the query id, so
// that settings are tuned on fold A and judged on fold B, which they were
// not tuned on. The split depends on the id alone: it is the same in every
// run and on every machine, and a query keeps its fold when others are
// added.
const (
	FoldA = "A" // the tuning fold
	FoldB = "B" // the held-out fold
)

// FoldOf returns the fold of query id: FoldA or FoldB (FNV-1a of the id,
// even or odd).
func FoldOf(id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	if h.Sum32()%2 == 0 {
		return FoldA
	}
	return FoldB
}

// SplitFolds returns the ids of fold A and of fold B, each in the order of
// ids.
func SplitFolds(ids []string) (a, b []string) {
	for _, id := range ids {
		if FoldOf(id) == FoldA {
			a = append(a, id)
		} else {
			b = append(b, id)
		}
	}
	return a, b
}
