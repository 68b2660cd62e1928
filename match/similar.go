package match

import (
	"runtime"
	"sort"
	"sync"

	"github.com/techmatch/techmatch/data"
)

// scanDocs holds a space's document vectors in float32, made on first use:
// the nearest-neighbour scan reads every vector of the space for each
// query (100,000 offers of 150 dimensions: 120 MB in float64), and half the
// bytes, summed four at a time, take about half the time.
type scanDocs struct {
	once sync.Once
	v    []float32
}

func (s *Semantic) docs32() []float32 {
	s.scan.once.Do(func() {
		s.scan.v = make([]float32, len(s.docs))
		for i, x := range s.docs {
			s.scan.v[i] = float32(x)
		}
	})
	return s.scan.v
}

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
			c := dot32(q, docs[j*s.dim:(j+1)*s.dim])
			if len(out) == k && c <= out[len(out)-1].cos {
				continue
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
