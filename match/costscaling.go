package match

import "math"

// flowArc is an arc of a min-cost circulation problem.
type flowArc struct {
	from, to int32
	cap      int32
	cost     int64
}

// costScaling solves min-cost circulation with integer costs by Goldberg's
// cost scaling: successive approximation on epsilon, each phase refined by
// push-relabel on the admissible arcs (reduced cost below zero), with
// periodic global price updates. Costs are multiplied by n+1, so the
// 1-optimal circulation of the last phase is optimal (Goldberg and
// Tarjan, "Finding minimum-cost circulations by successive
// approximation", 1990; Goldberg, "An efficient implementation of a
// scaling minimum-cost flow algorithm", 1997).
type costScaling struct {
	n      int
	start  []int32 // arcs of node v are start[v] .. start[v+1]-1
	head   []int32
	rev    []int32
	res    []int32 // residual capacity
	cost   []int64
	price  []int64
	excess []int32
	cur    []int32 // current arc
	fwd    []int32 // input arc -> its forward arc
	orig   []int32 // input capacity

	queue   []int32
	queued  []bool
	rank    []int64
	done    []bool
	heap    rankHeap
	relabel int
}

// costScalingAlpha is the factor epsilon is divided by between phases.
const costScalingAlpha = 8

func newCostScaling(n int, arcs []flowArc) *costScaling {
	m := 2 * len(arcs)
	cs := &costScaling{
		n: n, start: make([]int32, n+1),
		head: make([]int32, m), rev: make([]int32, m), res: make([]int32, m), cost: make([]int64, m),
		price: make([]int64, n), excess: make([]int32, n), cur: make([]int32, n),
		fwd: make([]int32, len(arcs)), orig: make([]int32, len(arcs)),
		queued: make([]bool, n), rank: make([]int64, n), done: make([]bool, n),
	}
	for _, a := range arcs {
		cs.start[a.from+1]++
		cs.start[a.to+1]++
	}
	for v := 0; v < n; v++ {
		cs.start[v+1] += cs.start[v]
	}
	pos := append([]int32(nil), cs.start[:n]...)
	scale := int64(n + 1)
	for i, a := range arcs {
		f, r := pos[a.from], pos[a.to]
		pos[a.from]++
		pos[a.to]++
		cs.head[f], cs.head[r] = a.to, a.from
		cs.rev[f], cs.rev[r] = r, f
		cs.res[f] = a.cap
		cs.cost[f], cs.cost[r] = a.cost*scale, -a.cost*scale
		cs.fwd[i], cs.orig[i] = f, a.cap
	}
	return cs
}

// flow is the flow on input arc i.
func (cs *costScaling) flow(i int) int32 { return cs.orig[i] - cs.res[cs.fwd[i]] }

func (cs *costScaling) solve() {
	var eps int64
	for _, c := range cs.cost {
		eps = max(eps, c, -c)
	}
	// The zero circulation with zero prices is eps-optimal for the largest
	// cost; each phase divides eps, the last one runs at 1.
	for eps > 1 {
		eps = max(eps/costScalingAlpha, 1)
		cs.refine(eps)
	}
}

func (cs *costScaling) reduced(a int32, v int32) int64 {
	return cs.cost[a] + cs.price[v] - cs.price[cs.head[a]]
}

// refine turns an (alpha*eps)-optimal circulation into an eps-optimal one.
func (cs *costScaling) refine(eps int64) {
	n := int32(cs.n)
	// Saturate every arc of negative reduced cost: the pseudoflow is then
	// 0-optimal, and the excesses are pushed back along admissible arcs.
	for v := int32(0); v < n; v++ {
		pv := cs.price[v]
		for a := cs.start[v]; a < cs.start[v+1]; a++ {
			if d := cs.res[a]; d > 0 && cs.cost[a]+pv-cs.price[cs.head[a]] < 0 {
				w := cs.head[a]
				cs.res[a] = 0
				cs.res[cs.rev[a]] += d
				cs.excess[v] -= d
				cs.excess[w] += d
			}
		}
	}
	cs.queue = cs.queue[:0]
	for v := int32(0); v < n; v++ {
		cs.cur[v] = cs.start[v]
		cs.queued[v] = false
		if cs.excess[v] > 0 {
			cs.queue = append(cs.queue, v)
			cs.queued[v] = true
		}
	}
	if len(cs.queue) == 0 {
		return
	}
	cs.globalUpdate(eps)
	cs.relabel = 0
	for qi := 0; qi < len(cs.queue); qi++ {
		v := cs.queue[qi]
		cs.queued[v] = false
		cs.discharge(v, eps)
		if cs.relabel > cs.n {
			cs.relabel = 0
			cs.globalUpdate(eps)
		}
		// Compact the FIFO now and then so it does not grow without bound.
		if qi > 1<<16 && qi > len(cs.queue)/2 {
			cs.queue = append(cs.queue[:0], cs.queue[qi+1:]...)
			qi = -1
		}
	}
}

func (cs *costScaling) push(v, a int32, d int32) {
	w := cs.head[a]
	cs.res[a] -= d
	cs.res[cs.rev[a]] += d
	cs.excess[v] -= d
	old := cs.excess[w]
	cs.excess[w] += d
	if old <= 0 && cs.excess[w] > 0 && !cs.queued[w] {
		cs.queue = append(cs.queue, w)
		cs.queued[w] = true
	}
}

func (cs *costScaling) discharge(v int32, eps int64) {
	for cs.excess[v] > 0 {
		pv := cs.price[v]
		end := cs.start[v+1]
		a := cs.cur[v]
		for ; a < end; a++ {
			if cs.res[a] == 0 {
				continue
			}
			w := cs.head[a]
			if cs.cost[a]+pv-cs.price[w] >= 0 {
				continue
			}
			// Look ahead: a node with no excess to spare and no admissible
			// arc of its own would only send the flow back; relabel it
			// first, and push only if the arc stays admissible.
			if cs.excess[w] >= 0 && !cs.hasAdmissible(w) {
				cs.relabelNode(w, eps)
				if cs.cost[a]+pv-cs.price[w] >= 0 {
					continue
				}
			}
			cs.push(v, a, min(cs.excess[v], cs.res[a]))
			if cs.excess[v] == 0 {
				break
			}
		}
		if cs.excess[v] > 0 {
			cs.relabelNode(v, eps)
		} else {
			cs.cur[v] = a
		}
	}
}

func (cs *costScaling) hasAdmissible(w int32) bool {
	pw := cs.price[w]
	end := cs.start[w+1]
	for a := cs.cur[w]; a < end; a++ {
		if cs.res[a] > 0 && cs.cost[a]+pw-cs.price[cs.head[a]] < 0 {
			cs.cur[w] = a
			return true
		}
	}
	cs.cur[w] = end
	return false
}

// relabelNode lowers the price of v as far as eps-optimality allows: the
// cheapest residual arc out of v gets reduced cost -eps.
func (cs *costScaling) relabelNode(v int32, eps int64) {
	best := int64(math.MinInt64)
	for a := cs.start[v]; a < cs.start[v+1]; a++ {
		if cs.res[a] > 0 {
			best = max(best, cs.price[cs.head[a]]-cs.cost[a])
		}
	}
	if best == math.MinInt64 {
		// No residual arc: only possible for a node with nothing to push.
		cs.price[v] -= eps
	} else {
		cs.price[v] = best - eps
	}
	cs.cur[v] = cs.start[v]
	cs.relabel++
}

// globalUpdate lowers prices by eps times the distance of each node to
// the nearest deficit, with arc length floor(reduced cost / eps) + 1, so
// that admissible paths lead every excess to a deficit. Distances are
// computed (Dijkstra) until every node with excess is reached; the nodes
// not reached get the last distance, which keeps eps-optimality.
func (cs *costScaling) globalUpdate(eps int64) {
	const far = math.MaxInt64 / 4
	active := 0
	cs.heap = cs.heap[:0]
	for v := 0; v < cs.n; v++ {
		cs.done[v] = false
		cs.rank[v] = far
		switch {
		case cs.excess[v] < 0:
			cs.rank[v] = 0
			cs.heap.push(rankItem{0, int32(v)})
		case cs.excess[v] > 0:
			active++
		}
	}
	var last int64
	for active > 0 && len(cs.heap) > 0 {
		it := cs.heap.pop()
		w := it.v
		if cs.done[w] || it.k > cs.rank[w] {
			continue
		}
		cs.done[w] = true
		last = it.k
		if cs.excess[w] > 0 {
			active--
		}
		pw := cs.price[w]
		for a := cs.start[w]; a < cs.start[w+1]; a++ {
			x := cs.head[a]
			ra := cs.rev[a]
			if cs.done[x] || cs.res[ra] == 0 {
				continue
			}
			cp := cs.cost[ra] + cs.price[x] - pw
			l := cp/eps + 1
			if cp < 0 && cp%eps != 0 {
				l-- // floor division
			}
			l = max(l, 0)
			if k := it.k + l; k < cs.rank[x] {
				cs.rank[x] = k
				cs.heap.push(rankItem{k, x})
			}
		}
	}
	for v := 0; v < cs.n; v++ {
		d := last
		if cs.done[v] {
			d = cs.rank[v]
		}
		cs.price[v] -= d * eps
		cs.cur[v] = cs.start[v]
	}
}

type rankItem struct {
	k int64
	v int32
}

// rankHeap is a binary min-heap on k (then v, for determinism).
type rankHeap []rankItem

func (h rankItem) less(o rankItem) bool { return h.k < o.k || h.k == o.k && h.v < o.v }

func (h *rankHeap) push(it rankItem) {
	*h = append(*h, it)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s[i].less(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *rankHeap) pop() rankItem {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && s[r].less(s[l]) {
			l = r
		}
		if !s[l].less(s[i]) {
			break
		}
		s[i], s[l] = s[l], s[i]
		i = l
	}
	*h = s
	return top
}
