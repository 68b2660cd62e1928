package match

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/techmatch/techmatch/data"
)

func TestOrthonormal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ m, l int }{{50, 5}, {400, 30}, {30, 30}} {
		y := make([]float64, tc.m*tc.l)
		for i := range y {
			y[i] = r.NormFloat64()
		}
		q := orthonormalInto(nil, y, tc.m, tc.l)
		for a := 0; a < tc.l; a++ {
			for b := 0; b <= a; b++ {
				var d float64
				for i := 0; i < tc.m; i++ {
					d += q[i*tc.l+a] * q[i*tc.l+b]
				}
				want := 0.0
				if a == b {
					want = 1
				}
				if math.Abs(d-want) > 1e-8 {
					t.Fatalf("%dx%d: <q%d,q%d> = %g, want %g", tc.m, tc.l, a, b, d, want)
				}
			}
		}
	}
}

// Words that never meet in one record but share neighbours end up close in
// the semantic space: "berth" and "shore" both keep company with "vessel"
// and "electricity"; "mycelium" keeps other company. Three dimensions keep
// one per topic: the topics are alike, so their leading directions have equal
// weight, and cosines do not depend on the basis chosen inside that space.
func TestSemantic_RelatedWordsMeet(t *testing.T) {
	var ps []data.Profile
	add := func(title string) {
		ps = append(ps, data.Profile{Ref: fmt.Sprint("r", len(ps)), Kind: data.KindOffer, Listing: data.Listing{Title: title, Language: "en"}})
	}
	for i := 0; i < 6; i++ {
		add("berth electricity vessel connection")
		add("shore electricity vessel supply")
		add("mycelium growth substrate humidity")
		add("mycelium spores substrate packaging")
		add("welding robot hull seam")
		add("welding torch hull plate")
	}
	vocab := VocabularyOf(ps, nil)
	sem, err := BuildSemantic(context.Background(), ps, vocab, SemanticOptions{Dim: 3, Seed: 3, MaxDF: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	emb := func(text string) []float64 {
		return sem.embed(profileWords(&data.Profile{Listing: data.Listing{Title: text, Language: "en"}}))
	}
	related := dot(emb("berth connection"), emb("shore supply"))
	unrelated := dot(emb("berth connection"), emb("mycelium packaging"))
	if related < 0.5 || related-unrelated < 0.4 {
		t.Fatalf("related %.2f, unrelated %.2f", related, unrelated)
	}
	near := sem.Similar(emb("shore supply"), 6, "", nil)
	for _, n := range near {
		if ps[atoi(n.Ref[1:])].Title[:5] != "berth" && ps[atoi(n.Ref[1:])].Title[:5] != "shore" {
			t.Fatalf("neighbour %s: %q", n.Ref, ps[atoi(n.Ref[1:])].Title)
		}
	}
	if got := sem.Similar(emb("shore supply"), 6, data.KindNeed, nil); len(got) != 0 {
		t.Fatalf("only offers are in the space, yet needs came back: %v", got)
	}
	exclude := map[string]bool{near[0].Ref: true}
	for _, n := range sem.Similar(emb("shore supply"), 6, data.KindOffer, exclude) {
		if n.Ref == near[0].Ref {
			t.Fatalf("excluded %s came back", n.Ref)
		}
	}
	if sem.Kind("r0") != data.KindOffer || sem.Kind("nope") != "" || sem.Len() != len(ps) {
		t.Fatal("Kind/Len")
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestSemantic_TooLittleData(t *testing.T) {
	if _, err := BuildSemantic(context.Background(), nil, NewVocabulary(nil), SemanticOptions{}); err == nil {
		t.Fatal("no records should be an error")
	}
}

func TestDistinctiveSkipsCommonWords(t *testing.T) {
	v := NewVocabulary(nil)
	for i := 0; i < 1200; i++ {
		words := []string{"proven", "train"}
		if i%100 == 0 {
			words = append(words, "ballast")
		}
		v.Add(words)
	}
	got := v.distinctive(map[string]float64{"proven": 3, "ballast": 1, "unseen": 1}, 5)
	if fmt.Sprint(got) != "[unseen ballast]" {
		t.Fatalf("distinctive = %v: rare words first, words in most records left out", got)
	}
	small := NewVocabulary(nil)
	small.Add([]string{"proven"})
	if got := small.distinctive(map[string]float64{"proven": 1}, 5); len(got) != 1 {
		t.Fatalf("a small collection keeps every word: %v", got)
	}
}

func TestSemantic_KnowsOnlyWellRepresentedLanguages(t *testing.T) {
	var ps []data.Profile
	for i := 0; i < 300; i++ {
		lang, title := "en", fmt.Sprintf("pump seal %d vibration", i%7)
		if i%10 == 0 {
			lang, title = "vi", fmt.Sprintf("bơm nước %d rung động", i%7)
		}
		ps = append(ps, data.Profile{Ref: fmt.Sprint("r", i), Kind: data.KindOffer, Listing: data.Listing{Title: title, Language: lang}})
	}
	sem, err := BuildSemantic(context.Background(), ps, VocabularyOf(ps, nil), SemanticOptions{Dim: 4, Seed: 1, MaxDF: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if !sem.Knows("en") || sem.Knows("vi") || sem.Knows("ko") {
		t.Fatalf("Knows: en %v (270 records), vi %v (30), ko %v (0)", sem.Knows("en"), sem.Knows("vi"), sem.Knows("ko"))
	}
}

// rowTimes sums each product in index order, as a plain loop does.
func TestRowTimes_SameBitsAsALoop(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, k := range []int{1, 3, 4, 9, 150} {
		const l = 37
		row, wt := make([]float64, l), make([]float64, k*l)
		for i := range row {
			row[i] = r.NormFloat64()
		}
		for i := range wt {
			wt[i] = r.NormFloat64()
		}
		out := make([]float64, k)
		rowTimes(row, wt, out)
		for c := 0; c < k; c++ {
			var s float64
			for j := 0; j < l; j++ {
				s += row[j] * wt[c*l+j]
			}
			if math.Float64bits(out[c]) != math.Float64bits(s) {
				t.Fatalf("k %d, column %d: %v, a loop gives %v", k, c, out[c], s)
			}
		}
	}
}

// mulAInto and mulATInto give the bits of plain loops over A's columns.
func TestSparseProducts_SameBitsAsLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const m, n, l = 300, 200, 37
	cols := make([][]entry, n)
	rows := make([][]entry, m)
	for j := range cols {
		for tm := 0; tm < m; tm++ {
			if r.IntN(10) == 0 {
				cols[j] = append(cols[j], entry{tm, r.Float64()})
			}
		}
		for _, e := range cols[j] {
			rows[e.t] = append(rows[e.t], entry{j, e.v})
		}
	}
	x := make([]float64, n*l)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	wantY := make([]float64, m*l)
	for j, col := range cols {
		for _, e := range col {
			for c := 0; c < l; c++ {
				wantY[e.t*l+c] += e.v * x[j*l+c]
			}
		}
	}
	y := mulAInto(nil, rows, x, m, l)
	for i := range wantY {
		if math.Float64bits(y[i]) != math.Float64bits(wantY[i]) {
			t.Fatalf("A X element %d: %v, a loop gives %v", i, y[i], wantY[i])
		}
	}
	wantZ := make([]float64, n*l)
	for j, col := range cols {
		for _, e := range col {
			for c := 0; c < l; c++ {
				wantZ[j*l+c] += e.v * y[e.t*l+c]
			}
		}
	}
	z := mulATInto(nil, cols, y, n, l)
	for i := range wantZ {
		if math.Float64bits(z[i]) != math.Float64bits(wantZ[i]) {
			t.Fatalf("Aᵀ Y element %d: %v, a loop gives %v", i, z[i], wantZ[i])
		}
	}
}

// orthonormalGonum is orthonormalInto as written with gonum's Mul: the
// in-place, parallel product must give the same bits.
func orthonormalGonum(y []float64, m, l int) []float64 {
	q := mat.NewDense(m, l, append([]float64(nil), y...))
	for pass := 0; pass < 2; pass++ {
		var g mat.SymDense
		g.SymOuterK(1, q.T())
		var chol mat.Cholesky
		if !chol.Factorize(&g) || chol.Cond() > 1e10 {
			return gramSchmidt(y, m, l)
		}
		var r, rinv mat.TriDense
		chol.UTo(&r)
		if err := rinv.InverseTri(&r); err != nil {
			return gramSchmidt(y, m, l)
		}
		var next mat.Dense
		next.Mul(q, &rinv)
		q = &next
	}
	return q.RawMatrix().Data
}

func TestOrthonormal_SameBitsAsGonumMul(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct{ m, l int }{{50, 5}, {1000, 37}, {3000, 160}, {30, 30}} {
		y := make([]float64, tc.m*tc.l)
		for i := range y {
			if r.IntN(5) > 0 { // zeros are skipped: some of them
				y[i] = r.NormFloat64()
			}
		}
		got, want := orthonormalInto(nil, y, tc.m, tc.l), orthonormalGonum(y, tc.m, tc.l)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%dx%d: element %d is %v, gonum's Mul gives %v", tc.m, tc.l, i, got[i], want[i])
			}
		}
	}
}
