package match

import "github.com/techmatch/techmatch/data"

// neighbours are a side's semantic neighbours, sought while the index
// looks for its text candidates: the scan of the space (every record's
// vector) and the candidate query are the two longest steps of a ranking
// and need nothing from each other.
//
// The scan asks for the k nearest records plus as many as the candidate
// query may return, excluding none; the neighbours that join the
// candidates are the first k of those that are not text candidates
// already, which are the k nearest of the others: what Similar finds when
// told to leave the text candidates out (nearness is a total order, cosine
// then the space's order).
type neighbours struct {
	sem   *Semantic
	vec   []float64
	kind  string
	k     int // neighbours wanted
	extra int // text candidates the scan allows for
	done  chan struct{}
	near  []data.ScoredRef
}

// seekNeighbours starts looking for the k semantic neighbours of src of
// kind, allowing for up to extra text candidates; nil when the ranking
// takes none: no space, no k, or a language the space does not know (or
// an unknown one): elsewhere (a Korean query, whose words no offer has)
// the few words it does know, a "3D" or an "AI", would pull in offers on
// those alone.
func (e *Engine) seekNeighbours(src *side, kind string, k, extra int) *neighbours {
	if e.Semantic == nil || k <= 0 || !(src.p.Language == "" || e.Semantic.Knows(src.p.Language)) {
		return nil
	}
	n := &neighbours{sem: e.Semantic, vec: src.sem, kind: kind, k: k, extra: extra, done: make(chan struct{})}
	go func() {
		defer close(n.done)
		n.near = n.sem.Similar(n.vec, k+extra, kind, nil)
	}()
	return n
}

// notIn returns the k nearest neighbours that are not among cands, as
// Similar(vec, k, kind, refs of cands) does.
func (n *neighbours) notIn(cands []data.ScoredRef) []data.ScoredRef {
	<-n.done
	seen := make(map[string]bool, len(cands))
	for _, c := range cands {
		seen[c.Ref] = true
	}
	if len(cands) > n.extra {
		return n.sem.Similar(n.vec, n.k, n.kind, seen) // more than allowed for
	}
	out := make([]data.ScoredRef, 0, n.k)
	for _, c := range n.near {
		if len(out) == n.k {
			break
		}
		if !seen[c.Ref] {
			out = append(out, c)
		}
	}
	return out
}
