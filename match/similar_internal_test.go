package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sort"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// randomSpace is a semantic space of n random unit records of dim
// dimensions (the generator seeded with seed): every needEvery-th record a
// need (none when 0), the rest offers; each record j with j%tieEvery ==
// tie, past tie, a copy of record tie; decay(i) scales dimension i before
// the record is made a unit vector.
func randomSpace(n, dim int, seed uint64, needEvery, tie, tieEvery int, decay func(i int) float64) *Semantic {
	r := rand.New(rand.NewPCG(seed, seed+1))
	s := &Semantic{dim: dim, docs: make([]float64, n*dim)}
	for j := 0; j < n; j++ {
		s.refs = append(s.refs, fmt.Sprintf("r%d", j))
		kind := data.KindOffer
		if needEvery > 0 && j%needEvery == 0 {
			kind = data.KindNeed
		}
		s.kinds = append(s.kinds, kind)
		v := s.docs[j*dim : (j+1)*dim]
		for i := range v {
			v[i] = r.NormFloat64() * decay(i)
		}
		if j%tieEvery == tie && j > tie {
			copy(v, s.docs[tie*dim:(tie+1)*dim])
		}
		unit(v)
	}
	return s
}

func flat(int) float64 { return 1 }

// A space of 30,000 records is scanned on several cores: the neighbours are
// the same as on one core and as a plain scan finds them, ties in the
// space's order, excluded refs and other kinds left out.
func TestSemantic_SimilarSharded(t *testing.T) {
	const n, dim = 30000, 8
	s := randomSpace(n, dim, 1, 3, 7, 1000, flat) // ties with record 7
	q := append([]float64(nil), s.docs[7*dim:8*dim]...)
	exclude := map[string]bool{"r2007": true, "r29999": true}
	// The plain scan, in float32 as Similar computes.
	type rc struct {
		j int
		c float32
	}
	var want []rc
	q32 := make([]float32, dim)
	for i := range q32 {
		q32[i] = float32(q[i])
	}
	docs := s.docs32()
	for j := 0; j < n; j++ {
		if s.kinds[j] == data.KindOffer && !exclude[s.refs[j]] {
			want = append(want, rc{j, dot32(q32, docs[j*dim:(j+1)*dim])})
		}
	}
	sort.SliceStable(want, func(a, b int) bool { return want[a].c > want[b].c })
	want = want[:50]
	prev := runtime.GOMAXPROCS(1)
	one := s.Similar(q, 50, data.KindOffer, exclude)
	runtime.GOMAXPROCS(3)
	three := s.Similar(q, 50, data.KindOffer, exclude)
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(one, three) {
		t.Fatalf("one core and three differ:\n%v\n%v", one, three)
	}
	for i, w := range want {
		if one[i].Ref != s.refs[w.j] {
			t.Fatalf("neighbour %d is %s, want %s (cos %.4f)", i, one[i].Ref, s.refs[w.j], w.c)
		}
	}
	// The copies of record 7 (an offer: 7 % 3 != 0) come first, in order.
	if one[0].Ref != "r7" || math.Abs(one[0].Score-1) > 1e-5 {
		t.Errorf("first neighbour %v, want r7 at cosine 1", one[0])
	}
	if got := s.Similar(q, 0, "", nil); got != nil {
		t.Errorf("k=0: %v", got)
	}
}

// The scan passes over records that cannot enter once their first
// dimensions are summed (dotAbove): the neighbours and their cosines are
// the bits a full scan gives, ties in the space's order, at a size where
// most records are passed over.
func TestSemantic_SimilarBoundedIsTheFullScan(t *testing.T) {
	const n, dim = 20000, 42
	// The first dimensions weigh most, as in a space; ties with record 11.
	s := randomSpace(n, dim, 5, 0, 11, 997, func(i int) float64 { return 1 / (1 + float64(i)/3) })
	docs := s.docs32()
	for trial := range 5 {
		q := append([]float64(nil), s.docs[(11+trial*3)*dim:(12+trial*3)*dim]...)
		q32 := make([]float32, dim)
		for i := range q32 {
			q32[i] = float32(q[i])
		}
		type rc struct {
			j int
			c float32
		}
		all := make([]rc, n)
		for j := range all {
			all[j] = rc{j, dot32(q32, docs[j*dim:(j+1)*dim])}
		}
		sort.SliceStable(all, func(a, b int) bool { return all[a].c > all[b].c })
		const k = 60
		got := s.Similar(q, k, "", nil)
		for i, w := range all[:k] {
			if got[i].Ref != s.refs[w.j] || got[i].Score != float64(w.c) {
				t.Fatalf("trial %d, neighbour %d: %v, want %s at %v", trial, i, got[i], s.refs[w.j], w.c)
			}
		}
		// Most records are passed over at the first cut with the final
		// threshold: the bounded path is what this test runs.
		least, h := all[k-1].c, s.scan.cut[0]
		qt := tailLength(q32[h:])
		passed := 0
		for j := range n {
			if dot32(q32[:h], docs[j*dim:j*dim+h])+qt*s.scan.tails[0][j]+boundSlack <= least {
				passed++
			}
		}
		if passed < n/4 {
			t.Fatalf("trial %d: only %d of %d records passed over at the first cut", trial, passed, n)
		}
	}
}
