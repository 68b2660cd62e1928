package match

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/techmatch/techmatch/data"
)

// Semantic is a latent semantic space learned from the records themselves
// (LSA: a truncated SVD of the term-document tf-idf matrix). Words that
// occur in the same kinds of listing get nearby vectors, so a need and an
// offer about the same thing in different words ("zero-emission berth
// power", "shore-to-ship power supply") still land close together. No model
// is downloaded: the space is computed in-process, by randomized SVD.
type Semantic struct {
	vocab *Vocabulary
	terms map[string]int
	u     []float64 // term vectors, row-major: len(terms) x dim
	dim   int
	refs  []string
	kinds []string
	// langs counts the records per language; the space knows a language's
	// topics only where it has many records in it.
	langs map[string]int
	docs  []float64 // unit document vectors, row-major: len(refs) x dim
	byRef map[string]int

	scan scanDocs // docs in float32, for Similar
}

// SemanticOptions size the space.
type SemanticOptions struct {
	Dim     int // dimensions kept (default 150)
	MinDF   int // words in fewer documents are ignored (default 2)
	MaxDF   float64
	Seed    uint64
	PowerIt int // power iterations of the randomized SVD (default 2)
}

func (o *SemanticOptions) defaults() {
	if o.Dim <= 0 {
		o.Dim = 150
	}
	if o.MinDF <= 0 {
		o.MinDF = 2
	}
	if o.MaxDF <= 0 {
		o.MaxDF = 0.3
	}
	if o.PowerIt <= 0 {
		o.PowerIt = 2
	}
}

type entry struct {
	t int
	v float64
}

// BuildSemantic learns a semantic space from profiles, weighting words by
// vocab (which should count the same profiles). It takes seconds for tens of
// thousands of records and stops with ctx's error when ctx ends.
func BuildSemantic(ctx context.Context, profiles []data.Profile, vocab *Vocabulary, opts SemanticOptions) (*Semantic, error) {
	if len(profiles) < 2 {
		return nil, errors.New("a semantic space needs at least two records")
	}
	words := make([]map[string]float64, len(profiles))
	forEach(len(profiles), func(i int) {
		if ctx.Err() == nil {
			words[i] = profileWords(&profiles[i])
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return buildSemantic(ctx, profiles, words, nil, vocab, opts)
}

// buildSemantic is BuildSemantic given each profile's weighted words
// (profileWords) and, unless nil, their tf-idf vectors (vocab.vector).
func buildSemantic(ctx context.Context, profiles []data.Profile, words []map[string]float64, vecs []vector, vocab *Vocabulary, opts SemanticOptions) (*Semantic, error) {
	opts.defaults()
	if len(profiles) < 2 {
		return nil, errors.New("a semantic space needs at least two records")
	}
	// Keep words that occur in at least MinDF records and at most MaxDF of
	// them: rarer ones carry no co-occurrence, commoner ones no meaning.
	vocab.mu.RLock()
	maxDF := int(opts.MaxDF * float64(vocab.docs))
	terms := map[string]int{}
	var names []string
	for w, df := range vocab.df {
		if df >= opts.MinDF && df <= maxDF {
			names = append(names, w)
		}
	}
	vocab.mu.RUnlock()
	sort.Strings(names) // a deterministic order, so a seed gives one space
	for i, w := range names {
		terms[w] = i
	}
	m, n := len(names), len(profiles)
	l := min(opts.Dim+10, m, n)
	if l < 2 {
		return nil, errors.New("too few shared words for a semantic space")
	}
	cols := make([][]entry, n) // the sparse matrix A (m x n), by column
	forEach(n, func(j int) {
		var vec vector
		if vecs != nil {
			vec = vecs[j]
		} else {
			vec = vocab.vector(words[j])
		}
		for w, x := range vec {
			if t, ok := terms[w]; ok {
				cols[j] = append(cols[j], entry{t, x})
			}
		}
		// Map order is random; sums in a fixed order make a seed give one space.
		sort.Slice(cols[j], func(a, b int) bool { return cols[j][a].t < cols[j][b].t })
	})
	// A by row as well, each row's entries in column order.
	rows := make([][]entry, m)
	for j, col := range cols {
		for _, e := range col {
			rows[e.t] = append(rows[e.t], entry{j, e.v})
		}
	}
	// Randomized range finder: Y = (A Aᵀ)^q A Ω, orthonormalized.
	r := rand.New(rand.NewPCG(opts.Seed, 0x5e3a))
	omega := make([]float64, n*l)
	for i := range omega {
		omega[i] = r.NormFloat64()
	}
	// Each product overwrites a buffer its input no longer needs (y, q;
	// omega and then each z): the same sums into zeros, some 70 MB fewer
	// fresh pages for the corpus.
	y := mulAInto(nil, rows, omega, m, l)
	var q []float64
	for it := 0; it < opts.PowerIt; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q = orthonormalInto(q, y, m, l)
		z := mulATInto(omega, cols, q, n, l)
		y = mulAInto(y, rows, z, m, l)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q = orthonormalInto(q, y, m, l)
	// B = Qᵀ A is small (l x n); the eigenvectors of B Bᵀ rotate Q onto
	// the leading left singular vectors of A.
	b := mulATInto(omega, cols, q, n, l) // n x l, i.e. Bᵀ
	bbt := gram(b, n, l)
	var eig mat.EigenSym
	if !eig.Factorize(bbt, true) {
		return nil, errors.New("semantic space: eigen-decomposition failed")
	}
	var w mat.Dense
	eig.VectorsTo(&w)
	// eig's values (and vectors' columns) are in ascending order.
	k := min(opts.Dim, l)
	order := make([]int, l)
	for i := range order {
		order[i] = l - 1 - i // descending
	}
	// U = Q W, its columns in descending order: wt holds them as rows.
	wt := make([]float64, k*l)
	for c := 0; c < k; c++ {
		for j := 0; j < l; j++ {
			wt[c*l+j] = w.At(j, order[c])
		}
	}
	u := make([]float64, m*k)
	forEach(m, func(t int) { rowTimes(q[t*l:(t+1)*l], wt, u[t*k:(t+1)*k]) })
	sem := &Semantic{vocab: vocab, terms: terms, u: u, dim: k, byRef: map[string]int{}, langs: map[string]int{}}
	// A record's position is what embed gives for its words: column j of
	// A holds their tf-idf weights over the space's terms, in term order.
	sem.docs = make([]float64, n*k)
	forEach(n, func(j int) { sem.embedColumn(cols[j], sem.docs[j*k:(j+1)*k]) })
	for j := range profiles {
		sem.byRef[profiles[j].Ref] = len(sem.refs)
		sem.refs = append(sem.refs, profiles[j].Ref)
		sem.kinds = append(sem.kinds, profiles[j].Kind)
		sem.langs[profiles[j].Language]++
	}
	return sem, nil
}

// embedColumn is embed for words already weighed and looked up in the
// space (a column of A), into out (zero, dim long): the sum of their term
// vectors, summed in term order, as a unit vector.
func (s *Semantic) embedColumn(col []entry, out []float64) {
	for _, e := range col {
		row := s.u[e.t*s.dim : (e.t+1)*s.dim]
		for c, v := range row {
			out[c] += e.v * v
		}
	}
	if len(col) > 0 {
		unit(out)
	}
}

// profileWords are the weighted words of a profile, as prepare counts them.
func profileWords(p *data.Profile) map[string]float64 {
	ws := map[string]float64{}
	for _, w := range langTokens(p.Title, p.Language) {
		ws[w] += 2
	}
	for _, w := range langTokens(p.Description, p.Language) {
		ws[w]++
	}
	for _, k := range p.Keywords {
		for _, w := range langTokens(k, p.Language) {
			ws[w] += 1.5
		}
	}
	return ws
}

// embed folds weighted words into the space: the sum of their term
// vectors, weighted by tf-idf, as a unit vector (nil if no word is known).
func (s *Semantic) embed(words map[string]float64) []float64 {
	out := make([]float64, s.dim)
	vec := s.vocab.vector(words)
	any := false
	for w, x := range vec {
		t, ok := s.terms[w]
		if !ok {
			continue
		}
		any = true
		row := s.u[t*s.dim : (t+1)*s.dim]
		for c, v := range row {
			out[c] += x * v
		}
	}
	if any {
		unit(out)
	}
	return out
}

// rowTimes sets out[c] to the dot product of row with wt's row c (wt is
// len(out) rows of len(row)), each summed in index order; four sums at a
// time, so that they do not wait on each other.
func rowTimes(row, wt, out []float64) {
	l := len(row)
	c := 0
	for ; c+4 <= len(out); c += 4 {
		w0, w1, w2, w3 := wt[c*l:(c+1)*l], wt[(c+1)*l:(c+2)*l], wt[(c+2)*l:(c+3)*l], wt[(c+3)*l:(c+4)*l]
		var s0, s1, s2, s3 float64
		for j, x := range row {
			s0 += x * w0[j]
			s1 += x * w1[j]
			s2 += x * w2[j]
			s3 += x * w3[j]
		}
		out[c], out[c+1], out[c+2], out[c+3] = s0, s1, s2, s3
	}
	for ; c < len(out); c++ {
		wc := wt[c*l : (c+1)*l]
		var s float64
		for j, x := range row {
			s += x * wc[j]
		}
		out[c] = s
	}
}

// unit scales v to length 1 (a zero vector stays zero).
func unit(v []float64) {
	var n float64
	for _, x := range v {
		n += x * x
	}
	if n > 0 {
		n = math.Sqrt(n)
		for i := range v {
			v[i] /= n
		}
	}
}

// Knows reports whether the space has learned the topics of lang: it has at
// least 200 records in it, a quarter of the whole at least. Where a language
// has few records, the strongest thing the space knows about them is their
// language, and every pair in it would look alike.
func (s *Semantic) Knows(lang string) bool {
	n := s.langs[lang]
	return n >= 200 && 4*n >= len(s.refs)
}

// Kind returns the kind of record ref in the space ("" if absent).
func (s *Semantic) Kind(ref string) string {
	if j, ok := s.byRef[ref]; ok {
		return s.kinds[j]
	}
	return ""
}

// Len is the number of records in the space.
func (s *Semantic) Len() int { return len(s.refs) }

func dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

// mulAInto returns A X for X (n x l, row-major): m x l, in dst's memory
// where it is large enough (dst is not x; nil: new memory). rows is A by
// row, each row's entries in column order: every element of the result is
// summed in that order, as a loop over the columns of A would.
func mulAInto(dst []float64, rows [][]entry, x []float64, m, l int) []float64 {
	y := zeroed(dst, m*l)
	impl := blas64.Implementation()
	forEach(m, func(t int) {
		yr := y[t*l : (t+1)*l]
		for _, e := range rows[t] {
			impl.Daxpy(l, e.v, x[e.t*l:(e.t+1)*l], 1, yr, 1) // yr += e.v * row e.t of x
		}
	})
	return y
}

// zeroed is n zeros in buf's memory if it holds them, else new ones.
func zeroed(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// mulATInto returns Aᵀ Y for Y (m x l, row-major): n x l, in dst's memory
// where it is large enough (dst is not y; nil: new memory).
func mulATInto(dst []float64, cols [][]entry, y []float64, n, l int) []float64 {
	z := zeroed(dst, n*l)
	impl := blas64.Implementation()
	forEach(len(cols), func(j int) {
		zr := z[j*l : (j+1)*l]
		for _, e := range cols[j] {
			impl.Daxpy(l, e.v, y[e.t*l:(e.t+1)*l], 1, zr, 1)
		}
	})
	return z
}

// orthonormalInto returns an orthonormal basis of the columns of y (m x l,
// row-major), in dst's memory where it is large enough (dst is not y; nil:
// new memory), by Cholesky QR, done twice for accuracy (CholeskyQR2): only
// l x l matrices are factorized, where a library QR of y would build the
// full m x m Q, gigabytes for a large vocabulary.
func orthonormalInto(dst, y []float64, m, l int) []float64 {
	qd := append(dst[:0], y...)
	for pass := 0; pass < 2; pass++ {
		g := gram(qd, m, l)
		var chol mat.Cholesky
		if !chol.Factorize(g) || chol.Cond() > 1e10 {
			// Nearly rank-deficient (a tiny or repetitive collection):
			// Gram-Schmidt copes where Cholesky would amplify noise.
			return gramSchmidt(y, m, l)
		}
		var r, rinv mat.TriDense
		chol.UTo(&r)
		if err := rinv.InverseTri(&r); err != nil {
			return gramSchmidt(y, m, l)
		}
		timesTri(qd, m, l, rinv.RawTriangular()) // q = q rinv
	}
	return qd
}

// timesTri sets Q (m x l, row-major) to Q T for the upper triangular T in
// place, as Dense.Mul does it (BLAS dtrmm, which works row by row), blocks
// of rows on every core.
func timesTri(q []float64, m, l int, t blas64.Triangular) {
	const rows = 256
	forEachBlock((m+rows-1)/rows, func(b int) {
		lo, hi := b*rows, min((b+1)*rows, m)
		blas64.Trmm(blas.Right, blas.NoTrans, 1, t, blas64.General{Rows: hi - lo, Cols: l, Stride: l, Data: q[lo*l : hi*l]})
	})
}

// gramSchmidt is the slow, robust fallback of orthonormalInto: each column is
// orthogonalized twice against the ones before it, and a column that was
// (numerically) inside their span becomes zero rather than amplified noise.
func gramSchmidt(y []float64, m, l int) []float64 {
	q := append([]float64(nil), y...)
	norm := func(j int) float64 {
		var n float64
		for i := 0; i < m; i++ {
			n += q[i*l+j] * q[i*l+j]
		}
		return math.Sqrt(n)
	}
	for j := 0; j < l; j++ {
		orig := norm(j)
		for pass := 0; pass < 2; pass++ {
			for p := 0; p < j; p++ {
				var d float64
				for i := 0; i < m; i++ {
					d += q[i*l+j] * q[i*l+p]
				}
				for i := 0; i < m; i++ {
					q[i*l+j] -= d * q[i*l+p]
				}
			}
		}
		n := norm(j)
		for i := 0; i < m; i++ {
			if n <= 1e-8*orig || n == 0 {
				q[i*l+j] = 0
			} else {
				q[i*l+j] /= n
			}
		}
	}
	return q
}
