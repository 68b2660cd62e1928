package match

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// MeetingParty is one side of a matchmaking event's meetings: a host
// (usually a local enterprise) or a guest (a foreign partner). Capacity is
// the most meetings it may have (its max_meetings); 0 means none. Name is
// optional, for the sentences of MeetingPair.Detail ("host 12" otherwise).
type MeetingParty struct {
	ID       uint64
	Capacity int
	Name     string
}

// MeetingPair is a candidate meeting between a host and a guest. Forced
// pairs (an accepted request, an organizer's "force" rule) are always in
// the match list when capacities allow, whatever their score. Reason and
// Detail are set only on the pairs of MatchList.Unforced.
type MeetingPair struct {
	Host, Guest uint64
	Score       float64
	Forced      bool
	Reason      string // "host_capacity", "guest_capacity" or "host_and_guest_capacity"
	Detail      string // a sentence naming the party and its capacity
}

// MatchList is a chosen set of meetings.
type MatchList struct {
	Meetings    []MeetingPair // chosen, best first (score, then host and guest id)
	Total       float64       // sum of the chosen scores
	GreedyTotal float64       // a greedy pass (best pair first) over the same candidates and forced pairs
	GreedyCount int
	// Unforced lists the forced pairs that could not be honoured because
	// the forced pairs alone exceed a party's capacity. As many forced
	// pairs as possible are honoured, then the best total.
	Unforced []MeetingPair
}

// ErrInvalidMeetingInput is wrapped by the errors of OptimalMatchList for
// input that names no consistent problem (a duplicate party, an unknown
// party in a pair, a negative capacity, a score that is not a number).
var ErrInvalidMeetingInput = errors.New("invalid meeting input")

// Reasons of MatchList.Unforced.
const (
	ReasonHostCapacity  = "host_capacity"
	ReasonGuestCapacity = "guest_capacity"
	ReasonBothCapacity  = "host_and_guest_capacity"
)

// OptimalMatchList chooses the meetings that maximize the total score
// subject to every party's capacity, with the forced pairs in: a
// maximum-weight bipartite b-matching, solved exactly by min-cost
// circulation (cost scaling with push-relabel). It does not maximize the
// number of meetings: a pair scoring 0 or less is never chosen unless it is
// forced. Scores are compared as integers at a resolution of 2^-30 of the
// largest score (about one part in a billion; coarser only beyond about
// 23,000 parties, and, when the forced pairs alone exceed a capacity, by
// the number of meetings). The result depends only on
// the input as a set: parties and pairs are ordered by id first. Duplicate
// pairs are merged (highest score; forced if either is).
//
// Returns an error wrapping ErrInvalidMeetingInput for a party listed twice
// on one side, a negative capacity, a pair naming an unknown party or a
// party with itself, or a score that is NaN or infinite.
func OptimalMatchList(hosts, guests []MeetingParty, pairs []MeetingPair) (MatchList, error) {
	p, err := newMeetingProblem(hosts, guests, pairs, true)
	if err != nil {
		return MatchList{}, err
	}
	all, forced := p.optimal()
	ml := p.list(all)
	greedy := p.greedy(forced)
	ml.GreedyTotal, ml.GreedyCount = greedy.Total, len(greedy.Meetings)
	ml.Unforced = p.unforced(forced)
	return ml, nil
}

// GreedyMatchList takes the pairs best first (score, then host and guest
// id) while both parties have capacity left, after the same forced pairs
// as OptimalMatchList. It is the baseline the optimal list is measured
// against. Pairs naming an unknown party are left out.
func GreedyMatchList(hosts, guests []MeetingParty, pairs []MeetingPair) MatchList {
	p, _ := newMeetingProblem(hosts, guests, pairs, false)
	forced := p.forced()
	if !p.fits(forced) {
		_, forced = p.optimal()
	}
	ml := p.greedy(forced)
	ml.GreedyTotal, ml.GreedyCount = ml.Total, len(ml.Meetings)
	ml.Unforced = p.unforced(forced)
	return ml
}

// optimal returns the chosen pairs and, among them, the forced ones.
func (p *meetingProblem) optimal() (all, forced []int) {
	forced = p.forced()
	budget := weightBudget(len(p.hosts) + len(p.guests) + 2)
	if p.fits(forced) {
		// The usual case: every forced pair is in, and the capacity left
		// goes to the unforced pairs at full resolution.
		hc, gc := p.remaining(forced)
		var cand []int
		for i, e := range p.pairs {
			if !e.Forced && e.Score > 0 && hc[p.host[i]] > 0 && gc[p.guest[i]] > 0 {
				cand = append(cand, i)
			}
		}
		weights := p.weights(cand, budget)
		return append(append([]int(nil), forced...), bMatching(hc, gc, p, cand, weights)...), forced
	}
	// The forced pairs alone exceed a capacity: one solve with weight K on
	// every forced pair, K above any difference of scores, so that the
	// most forced pairs are kept, then the best total. The scores get the
	// resolution left over.
	hc, gc := p.remaining(nil)
	units := int64(min(sum(hc), sum(gc)))
	res := max(budget/(4*units+4), 1)
	k := 2*units*res + 1
	var cand []int
	for i, e := range p.pairs {
		if e.Forced || e.Score > 0 {
			cand = append(cand, i)
		}
	}
	weights := p.weights(cand, res)
	for j, i := range cand {
		if p.pairs[i].Forced {
			weights[j] += k
		}
	}
	all = bMatching(hc, gc, p, cand, weights)
	forced = forced[:0]
	for _, i := range all {
		if p.pairs[i].Forced {
			forced = append(forced, i)
		}
	}
	return all, forced
}

// weights maps the scores of cand to integers on -res..res, a positive
// score to at least 1.
func (p *meetingProblem) weights(cand []int, res int64) []int64 {
	top := 0.0
	for _, i := range cand {
		top = math.Max(top, math.Abs(p.pairs[i].Score))
	}
	w := make([]int64, len(cand))
	if top == 0 {
		return w
	}
	for j, i := range cand {
		s := p.pairs[i].Score
		w[j] = int64(math.Round(s / top * float64(res)))
		if s > 0 {
			w[j] = max(w[j], 1)
		}
	}
	return w
}

func (p *meetingProblem) forced() []int {
	var forced []int
	for i, e := range p.pairs {
		if e.Forced {
			forced = append(forced, i)
		}
	}
	return forced
}

// fits tells whether the pairs idx together respect every capacity.
func (p *meetingProblem) fits(idx []int) bool {
	hc, gc := p.remaining(idx)
	for _, c := range hc {
		if c < 0 {
			return false
		}
	}
	for _, c := range gc {
		if c < 0 {
			return false
		}
	}
	return true
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// meetingProblem is the validated input: parties and pairs sorted by id,
// pairs merged, with the party indexes of each pair.
type meetingProblem struct {
	hosts, guests []MeetingParty
	pairs         []MeetingPair
	host, guest   []int   // party index of pairs[i]
	best          []int32 // pair indexes best first
	rank          []int32 // position of each pair in best
}

func newMeetingProblem(hosts, guests []MeetingParty, pairs []MeetingPair, strict bool) (*meetingProblem, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidMeetingInput}, a...)...)
	}
	p := &meetingProblem{}
	index := func(side string, parties []MeetingParty) ([]MeetingParty, map[uint64]int, error) {
		sorted := slices.Clone(parties)
		slices.SortFunc(sorted, func(x, y MeetingParty) int { return cmp.Compare(x.ID, y.ID) })
		at := make(map[uint64]int, len(sorted))
		out := sorted[:0]
		for _, q := range sorted {
			if _, dup := at[q.ID]; dup {
				if strict {
					return nil, nil, bad("%s %d listed twice", side, q.ID)
				}
				continue
			}
			if q.Capacity < 0 {
				if strict {
					return nil, nil, bad("%s %d: capacity %d below zero", side, q.ID, q.Capacity)
				}
				q.Capacity = 0
			}
			at[q.ID] = len(out)
			out = append(out, q)
		}
		return out, at, nil
	}
	var hostAt, guestAt map[uint64]int
	var err error
	if p.hosts, hostAt, err = index("host", hosts); err != nil {
		return nil, err
	}
	if p.guests, guestAt, err = index("guest", guests); err != nil {
		return nil, err
	}

	// Order pairs by (host, guest) so that results do not depend on the
	// order of the input, and merge duplicates.
	type keyed struct {
		key uint64 // host index << 32 | guest index
		i   int32
	}
	keys := make([]keyed, 0, len(pairs))
	for i, e := range pairs {
		h, okH := hostAt[e.Host]
		g, okG := guestAt[e.Guest]
		if !okH || !okG || e.Host == e.Guest || math.IsNaN(e.Score) || math.IsInf(e.Score, 0) {
			if strict {
				switch {
				case !okH:
					return nil, bad("pair %d: unknown host %d", i, e.Host)
				case !okG:
					return nil, bad("pair %d: unknown guest %d", i, e.Guest)
				case e.Host == e.Guest:
					return nil, bad("pair %d: party %d with itself", i, e.Host)
				default:
					return nil, bad("pair %d: score %v is not a number", i, e.Score)
				}
			}
			continue
		}
		keys = append(keys, keyed{uint64(h)<<32 | uint64(g), int32(i)})
	}
	slices.SortFunc(keys, func(x, y keyed) int { return cmp.Compare(x.key, y.key) })
	p.pairs = make([]MeetingPair, 0, len(keys))
	p.host, p.guest = make([]int, 0, len(keys)), make([]int, 0, len(keys))
	for k, kd := range keys {
		e := pairs[kd.i]
		e.Reason, e.Detail = "", ""
		if k > 0 && kd.key == keys[k-1].key {
			old := &p.pairs[len(p.pairs)-1]
			old.Score = math.Max(old.Score, e.Score)
			old.Forced = old.Forced || e.Forced
			continue
		}
		p.pairs = append(p.pairs, e)
		p.host = append(p.host, int(kd.key>>32))
		p.guest = append(p.guest, int(kd.key&(1<<32-1)))
	}
	// The best-first order (score, then host id, guest id) serves the
	// greedy pass and the order of the lists.
	p.best = make([]int32, len(p.pairs))
	for i := range p.best {
		p.best[i] = int32(i)
	}
	slices.SortFunc(p.best, func(i, j int32) int {
		if c := cmp.Compare(p.pairs[j].Score, p.pairs[i].Score); c != 0 {
			return c
		}
		return cmp.Compare(i, j) // pairs are in (host id, guest id) order
	})
	p.rank = make([]int32, len(p.pairs))
	for r, i := range p.best {
		p.rank[i] = int32(r)
	}
	return p, nil
}

// remaining is each party's capacity left after the pairs in used,
// clamped to the number of pairs it appears in.
func (p *meetingProblem) remaining(used []int) (hc, gc []int) {
	hc, gc = make([]int, len(p.hosts)), make([]int, len(p.guests))
	hd, gd := make([]int, len(p.hosts)), make([]int, len(p.guests))
	for i := range p.pairs {
		hd[p.host[i]]++
		gd[p.guest[i]]++
	}
	for h, q := range p.hosts {
		hc[h] = min(q.Capacity, hd[h])
	}
	for g, q := range p.guests {
		gc[g] = min(q.Capacity, gd[g])
	}
	for _, i := range used {
		hc[p.host[i]]--
		gc[p.guest[i]]--
	}
	return hc, gc
}

// greedy takes the forced pairs kept, then the unforced pairs with a
// positive score best first while both parties have capacity left.
func (p *meetingProblem) greedy(forced []int) MatchList {
	hc, gc := p.remaining(forced)
	all := append([]int(nil), forced...)
	for _, b := range p.best {
		i := int(b)
		if e := &p.pairs[i]; e.Forced || e.Score <= 0 {
			continue
		}
		if hc[p.host[i]] > 0 && gc[p.guest[i]] > 0 {
			hc[p.host[i]]--
			gc[p.guest[i]]--
			all = append(all, i)
		}
	}
	return p.list(all)
}

// sortBest orders pair indexes best first: score, then host id, guest id.
func (p *meetingProblem) sortBest(idx []int) {
	slices.SortFunc(idx, func(i, j int) int { return cmp.Compare(p.rank[i], p.rank[j]) })
}

func (p *meetingProblem) list(idx []int) MatchList {
	idx = append([]int(nil), idx...)
	p.sortBest(idx)
	ml := MatchList{Meetings: make([]MeetingPair, len(idx))}
	for k, i := range idx {
		ml.Meetings[k] = p.pairs[i]
		ml.Total += p.pairs[i].Score
	}
	return ml
}

// unforced lists the forced pairs left out of kept, with the reason: the
// kept forced pairs already fill the host's or the guest's capacity.
func (p *meetingProblem) unforced(kept []int) []MeetingPair {
	in := make(map[int]bool, len(kept))
	for _, i := range kept {
		in[i] = true
	}
	hc, gc := p.remaining(kept)
	var out []int
	for i, e := range p.pairs {
		if e.Forced && !in[i] {
			out = append(out, i)
		}
	}
	p.sortBest(out)
	list := make([]MeetingPair, len(out))
	for k, i := range out {
		e := p.pairs[i]
		h, g := p.hosts[p.host[i]], p.guests[p.guest[i]]
		hostFull, guestFull := hc[p.host[i]] <= 0, gc[p.guest[i]] <= 0
		switch {
		case hostFull && guestFull:
			e.Reason = ReasonBothCapacity
			e.Detail = fmt.Sprintf("%s and %s are full with other forced meetings", partyRoom(h, "host"), partyRoom(g, "guest"))
		case hostFull:
			e.Reason = ReasonHostCapacity
			e.Detail = fmt.Sprintf("%s is full with other forced meetings", partyRoom(h, "host"))
		default:
			e.Reason = ReasonGuestCapacity
			e.Detail = fmt.Sprintf("%s is full with other forced meetings", partyRoom(g, "guest"))
		}
		list[k] = e
	}
	return list
}

// partyRoom names a party and its capacity: "host 12 (room for 2
// meetings)".
func partyRoom(q MeetingParty, role string) string {
	name := q.Name
	if name == "" {
		name = role + " " + strconv.FormatUint(q.ID, 10)
	}
	switch q.Capacity {
	case 0:
		return name + " (no room for meetings)"
	case 1:
		return name + " (room for 1 meeting)"
	}
	return fmt.Sprintf("%s (room for %d meetings)", name, q.Capacity)
}

// weightBudget is the largest integer weight for which cost scaling over n
// nodes cannot overflow int64: costs are multiplied by n+1 and prices move
// by at most about 3n times the first epsilon over all phases.
func weightBudget(n int) int64 {
	m := uint64(n+1) * uint64(4*n+4)
	b := 61 - bits.Len64(m)
	b = min(b, 30)
	if b < 1 {
		b = 1
	}
	return int64(1) << b
}

// bMatching returns the subset of cand (pair indexes, with positive integer
// weights) of maximum total weight in which host h has at most hc[h] pairs
// and guest g at most gc[g]: a min-cost circulation source -> host ->
// guest -> sink -> source.
func bMatching(hc, gc []int, p *meetingProblem, cand []int, weights []int64) []int {
	if len(cand) == 0 {
		return nil
	}
	nh, ng := len(hc), len(gc)
	src, sink := 0, nh+ng+1
	arcs := make([]flowArc, 0, len(cand)+nh+ng+1)
	total := 0
	for h := 0; h < nh; h++ {
		if hc[h] > 0 {
			arcs = append(arcs, flowArc{from: int32(src), to: int32(1 + h), cap: int32(hc[h])})
			total += hc[h]
		}
	}
	first := len(arcs)
	for k, i := range cand {
		arcs = append(arcs, flowArc{from: int32(1 + p.host[i]), to: int32(1 + nh + p.guest[i]), cap: 1, cost: -weights[k]})
	}
	for g := 0; g < ng; g++ {
		if gc[g] > 0 {
			arcs = append(arcs, flowArc{from: int32(1 + nh + g), to: int32(sink), cap: int32(gc[g])})
		}
	}
	arcs = append(arcs, flowArc{from: int32(sink), to: int32(src), cap: int32(total)})
	cs := newCostScaling(nh+ng+2, arcs)
	cs.solve()
	var out []int
	for k, i := range cand {
		if cs.flow(first+k) > 0 {
			out = append(out, i)
		}
	}
	return out
}
