package match

import (
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/techmatch/techmatch/data"
)

// scanDocs holds a space's document vectors in float32, made on first use:
// the nearest-neighbour scan reads every vector of the space for each
// query (100,000 offers of 150 dimensions: 120 MB in float64), and half the
// bytes, summed four at a time, take about half the time.
//
// Most records cannot be among a query's nearest, and the first dimensions
// (the largest singular values) say so: cut[c] are the dimensions after
// which the scan checks whether a record can still enter (see
// bestPossible), and tails[c][j] the length of record j's vector beyond
// them (rounded up).
type scanDocs struct {
	once  sync.Once
	v     []float32
	cut   [2]int
	tails [2][]float32
}

func (s *Semantic) docs32() []float32 {
	s.scan.once.Do(func() {
		s.scan.v = make([]float32, len(s.docs))
		for i, x := range s.docs {
			s.scan.v[i] = float32(x)
		}
		// Multiples of 4, so that the sums run as in dot32.
		s.scan.cut = [2]int{s.dim / 4 / 4 * 4, s.dim / 2 / 4 * 4}
		for c, h := range s.scan.cut {
			t := make([]float32, len(s.refs))
			for j := range t {
				t[j] = tailLength(s.scan.v[j*s.dim+h : (j+1)*s.dim])
			}
			s.scan.tails[c] = t
		}
	})
	return s.scan.v
}

// tailLength is the length of v, rounded up to a float32.
func tailLength(v []float32) float32 {
	var x float64
	for _, f := range v {
		x += float64(f) * float64(f)
	}
	l := math.Sqrt(x)
	return math.Nextafter32(float32(l), float32(math.Inf(1)))
}

// boundSlack covers the rounding of float32 sums of at most a few hundred
// products of numbers in [-1,1] (about 1e-5), and then some.
const boundSlack = 1e-4

// similarShard is the least number of records one core scans: below it
// starting another goroutine costs more than it saves.
const similarShard = 8192

// Similar returns up to k refs of kind ("" for any) nearest to vec, with
// their cosines (in float32 precision), leaving out the refs in exclude;
// equal cosines in the space's order. A large space is scanned on every
// core, each its own share of the records; the result does not depend on
// how many.
func (s *Semantic) Similar(vec []float64, k int, kind string, exclude map[string]bool) []data.ScoredRef {
	if k <= 0 || len(s.refs) == 0 {
		return nil
	}
	docs := s.docs32()
	q := make([]float32, s.dim)
	for i := range min(len(q), len(vec)) {
		q[i] = float32(vec[i])
	}
	// The query's length beyond each cut: with a record's, the most its
	// remaining dimensions can add (Cauchy-Schwarz).
	var qTail [2]float32
	for c, h := range s.scan.cut {
		qTail[c] = tailLength(q[h:])
	}
	n := len(s.refs)
	shards := max(1, min(runtime.GOMAXPROCS(0), n/similarShard))
	tops := make([][]neighbour, shards)
	scan := func(p int) {
		lo, hi := p*n/shards, (p+1)*n/shards
		out := make([]neighbour, 0, k+1)
		for j := lo; j < hi; j++ {
			if kind != "" && s.kinds[j] != kind {
				continue
			}
			var c float32
			if len(out) < k {
				c = dot32(q, docs[j*s.dim:(j+1)*s.dim])
			} else {
				var ok bool
				c, ok = s.dotAbove(q, docs[j*s.dim:(j+1)*s.dim], j, &qTail, out[len(out)-1].cos)
				if !ok || c <= out[len(out)-1].cos {
					continue
				}
			}
			if exclude[s.refs[j]] { // looked up only for records that would enter
				continue
			}
			i := sort.Search(len(out), func(i int) bool { return out[i].cos < c })
			out = append(out, neighbour{})
			copy(out[i+1:], out[i:])
			out[i] = neighbour{j: j, cos: c}
			if len(out) > k {
				out = out[:k]
			}
		}
		tops[p] = out
	}
	forEachBlock(shards, scan)
	all := tops[0]
	for _, t := range tops[1:] {
		all = append(all, t...)
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].cos != all[b].cos {
			return all[a].cos > all[b].cos
		}
		return all[a].j < all[b].j
	})
	if len(all) > k {
		all = all[:k]
	}
	out := make([]data.ScoredRef, len(all))
	for i, x := range all {
		out[i] = data.ScoredRef{Ref: s.refs[x.j], Score: float64(x.cos)}
	}
	return out
}

// neighbour is a record of the space (its index) and its cosine to a query.
type neighbour struct {
	j   int
	cos float32
}

// dotAbove is dot32(q, d) for record j, or false once the dimensions
// after a cut cannot lift it above least: the sums so far plus the query's
// and the record's lengths beyond the cut (and boundSlack) are at most
// least. The sums run as dot32's, so a record's cosine is the same bits
// either way.
func (s *Semantic) dotAbove(q, d []float32, j int, qTail *[2]float32, least float32) (float32, bool) {
	d = d[:len(q)]
	var s0, s1, s2, s3 float32
	i := 0
	for c, h := range s.scan.cut {
		for ; i < h; i += 4 {
			s0 += q[i] * d[i]
			s1 += q[i+1] * d[i+1]
			s2 += q[i+2] * d[i+2]
			s3 += q[i+3] * d[i+3]
		}
		if s0+s1+s2+s3+qTail[c]*s.scan.tails[c][j]+boundSlack <= least {
			return 0, false
		}
	}
	for ; i+4 <= len(q); i += 4 {
		s0 += q[i] * d[i]
		s1 += q[i+1] * d[i+1]
		s2 += q[i+2] * d[i+2]
		s3 += q[i+3] * d[i+3]
	}
	for ; i < len(q); i++ {
		s0 += q[i] * d[i]
	}
	return s0 + s1 + s2 + s3, true
}

// dot32 is the dot product of a and b (len(b) >= len(a)), in four running
// sums.
func dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
