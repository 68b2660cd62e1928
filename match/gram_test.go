package match

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/techmatch/techmatch/data"
)

// gram schedules dsyrk's axpys differently, on every core: the bits must be
// gonum's, zeros (skipped by both) and a remainder block included.
func TestGram_SameBitsAsSymOuterK(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct{ m, l int }{{1, 1}, {7, 3}, {64, 2}, {65, 5}, {1000, 37}, {3000, 160}, {4531, 160}, {10, 40}} {
		x := make([]float64, tc.m*tc.l)
		for i := range x {
			switch r.IntN(6) {
			case 0:
			case 1:
				x[i] = math.Copysign(0, -1)
			default:
				x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
			}
		}
		var want mat.SymDense
		want.SymOuterK(1, mat.NewDense(tc.m, tc.l, append([]float64(nil), x...)).T())
		got := gram(x, tc.m, tc.l)
		wr, gr := want.RawSymmetric(), got.RawSymmetric()
		if gr.N != wr.N || gr.Uplo != wr.Uplo {
			t.Fatalf("%dx%d: %d x %d %v, gonum gives %d x %d %v", tc.m, tc.l, gr.N, gr.N, gr.Uplo, wr.N, wr.N, wr.Uplo)
		}
		for i := 0; i < tc.l; i++ {
			for j := i; j < tc.l; j++ {
				g, w := gr.Data[i*gr.Stride+j], wr.Data[i*wr.Stride+j]
				if math.Float64bits(g) != math.Float64bits(w) {
					t.Fatalf("%dx%d: element (%d, %d) is %v, SymOuterK gives %v", tc.m, tc.l, i, j, g, w)
				}
			}
		}
	}
}

// The semantic space's Gram matrices, at the corpus's size (about 15,000
// terms by 160 columns), beside gonum's dsyrk.
func BenchmarkGram(b *testing.B) {
	const m, l = 15000, 160
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, m*l)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	b.Run("gram", func(b *testing.B) {
		for b.Loop() {
			gram(x, m, l)
		}
	})
	b.Run("SymOuterK", func(b *testing.B) {
		d := mat.NewDense(m, l, x)
		for b.Loop() {
			var g mat.SymDense
			g.SymOuterK(1, d.T())
		}
	})
}

// A record's position in the space, made from its column of A, is where
// embed puts its words (up to the order of embed's sums, which follows the
// map's).
func TestSemantic_DocsAreEmbeddedWords(t *testing.T) {
	var ps []data.Profile
	r := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("berth shore vessel electricity supply mycelium substrate packaging welding robot hull seam torch plate pump seal vibration sensor membrane island")
	for i := 0; i < 120; i++ {
		var title []string
		for range 3 + r.IntN(5) {
			title = append(title, words[r.IntN(len(words))])
		}
		ps = append(ps, data.Profile{Ref: fmt.Sprint("r", i), Kind: data.KindOffer, Listing: data.Listing{Title: strings.Join(title, " "), Language: "en"}})
	}
	ps = append(ps, data.Profile{Ref: "none", Kind: data.KindOffer, Listing: data.Listing{Title: "unheard", Language: "en"}})
	sem, err := BuildSemantic(context.Background(), ps, VocabularyOf(ps, nil), SemanticOptions{Dim: 6, Seed: 2, MaxDF: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for j := range ps {
		want := sem.embed(profileWords(&ps[j]))
		got := sem.docs[j*sem.dim : (j+1)*sem.dim]
		for c := range want {
			if math.Abs(got[c]-want[c]) > 1e-12 {
				t.Fatalf("%s (%q), dimension %d: %v, embed gives %v", ps[j].Ref, ps[j].Title, c, got[c], want[c])
			}
		}
	}
	for _, x := range sem.docs[(len(ps)-1)*sem.dim:] {
		if x != 0 {
			t.Fatalf("a record with no word in the space sits at %v, want the origin", sem.docs[(len(ps)-1)*sem.dim:])
		}
	}
}
