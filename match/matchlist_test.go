package match

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"
)

func pairKeys(ms []MeetingPair) map[[2]uint64]bool {
	out := make(map[[2]uint64]bool, len(ms))
	for _, m := range ms {
		out[[2]uint64{m.Host, m.Guest}] = true
	}
	return out
}

func TestOptimalMatchList(t *testing.T) {
	hosts := func(caps ...int) []MeetingParty {
		var ps []MeetingParty
		for i, c := range caps {
			ps = append(ps, MeetingParty{ID: uint64(1 + i), Capacity: c})
		}
		return ps
	}
	guests := func(caps ...int) []MeetingParty {
		var ps []MeetingParty
		for i, c := range caps {
			ps = append(ps, MeetingParty{ID: uint64(101 + i), Capacity: c})
		}
		return ps
	}
	tests := []struct {
		name     string
		hosts    []MeetingParty
		guests   []MeetingParty
		pairs    []MeetingPair
		want     [][2]uint64
		total    float64
		greedy   float64
		unforced [][2]uint64
		detail   string // of the first unforced pair
	}{
		{
			name:  "OptimalBeatsGreedyOnACrossing",
			hosts: hosts(1, 1), guests: guests(1, 1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.9}, {Host: 1, Guest: 102, Score: 0.8}, {Host: 2, Guest: 101, Score: 0.7}},
			want:  [][2]uint64{{1, 102}, {2, 101}}, total: 1.5, greedy: 0.9,
		},
		{
			name:  "NotForcedToMaximumCardinality",
			hosts: hosts(1, 1), guests: guests(1, 1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.9}, {Host: 1, Guest: 102, Score: 0.1}, {Host: 2, Guest: 101, Score: 0.1}},
			want:  [][2]uint64{{1, 101}}, total: 0.9, greedy: 0.9,
		},
		{
			name:  "ZeroAndNegativeScoresExcluded",
			hosts: hosts(3), guests: guests(1, 1, 1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0}, {Host: 1, Guest: 102, Score: -0.5}, {Host: 1, Guest: 103, Score: 0.2}},
			want:  [][2]uint64{{1, 103}}, total: 0.2, greedy: 0.2,
		},
		{
			name:  "ForcedNegativePairIn",
			hosts: hosts(2), guests: guests(1, 1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: -0.5, Forced: true}, {Host: 1, Guest: 102, Score: 0.4}},
			want:  [][2]uint64{{1, 101}, {1, 102}}, total: -0.1, greedy: -0.1,
		},
		{
			name:  "ForcedPairConsumesCapacity",
			hosts: hosts(1, 1), guests: guests(1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.9}, {Host: 2, Guest: 101, Score: 0.1, Forced: true}},
			want:  [][2]uint64{{2, 101}}, total: 0.1, greedy: 0.1,
		},
		{
			name:  "ForcedBeyondCapacityReported",
			hosts: hosts(1, 1), guests: guests(1),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.3, Forced: true}, {Host: 2, Guest: 101, Score: 0.6, Forced: true}},
			want:  [][2]uint64{{2, 101}}, total: 0.6, greedy: 0.6, unforced: [][2]uint64{{1, 101}},
			detail: "guest 101 (room for 1 meeting) is full with other forced meetings",
		},
		{
			name:  "UnforcedDetailNamesParties",
			hosts: []MeetingParty{{ID: 1, Capacity: 1, Name: "Hai Phong Port"}, {ID: 2, Capacity: 1}}, guests: []MeetingParty{{ID: 101, Capacity: 1, Name: "KOTRA"}},
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.3, Forced: true}, {Host: 2, Guest: 101, Score: 0.6, Forced: true}},
			want:  [][2]uint64{{2, 101}}, total: 0.6, greedy: 0.6, unforced: [][2]uint64{{1, 101}},
			detail: "KOTRA (room for 1 meeting) is full with other forced meetings",
		},
		{
			name:  "ForcedMaximumNumberHonoured",
			hosts: hosts(1, 1), guests: guests(1, 1),
			// Greedy on forced scores would keep (1,101) and lose two.
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.9, Forced: true}, {Host: 1, Guest: 102, Score: 0.2, Forced: true}, {Host: 2, Guest: 101, Score: 0.2, Forced: true}},
			want:  [][2]uint64{{1, 102}, {2, 101}}, total: 0.4, greedy: 0.4, unforced: [][2]uint64{{1, 101}},
		},
		{
			name:  "ZeroCapacityMeansNoMeetings",
			hosts: hosts(0, 2), guests: guests(2),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.9}, {Host: 2, Guest: 101, Score: 0.5}},
			want:  [][2]uint64{{2, 101}}, total: 0.5, greedy: 0.5,
		},
		{
			name:  "DuplicatePairsMerged",
			hosts: hosts(2), guests: guests(2),
			pairs: []MeetingPair{{Host: 1, Guest: 101, Score: 0.2}, {Host: 1, Guest: 101, Score: 0.7}},
			want:  [][2]uint64{{1, 101}}, total: 0.7, greedy: 0.7,
		},
		{
			name:  "NoPairs",
			hosts: hosts(2), guests: guests(2),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ml, err := OptimalMatchList(tt.hosts, tt.guests, tt.pairs)
			if err != nil {
				t.Fatal(err)
			}
			got := pairKeys(ml.Meetings)
			if len(got) != len(tt.want) || len(ml.Meetings) != len(tt.want) {
				t.Fatalf("meetings %v, want %v", ml.Meetings, tt.want)
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Fatalf("meetings %v, want %v", ml.Meetings, tt.want)
				}
			}
			if math.Abs(ml.Total-tt.total) > 1e-9 || math.Abs(ml.GreedyTotal-tt.greedy) > 1e-9 {
				t.Errorf("total %v greedy %v, want %v and %v", ml.Total, ml.GreedyTotal, tt.total, tt.greedy)
			}
			uf := pairKeys(ml.Unforced)
			if len(uf) != len(tt.unforced) {
				t.Fatalf("unforced %v, want %v", ml.Unforced, tt.unforced)
			}
			for _, w := range tt.unforced {
				if !uf[w] {
					t.Fatalf("unforced %v, want %v", ml.Unforced, tt.unforced)
				}
			}
			for _, u := range ml.Unforced {
				if u.Reason == "" || u.Detail == "" {
					t.Errorf("unforced pair without a reason: %+v", u)
				}
			}
			if tt.detail != "" && (len(ml.Unforced) == 0 || ml.Unforced[0].Detail != tt.detail) {
				t.Errorf("unforced %+v, want the detail %q", ml.Unforced, tt.detail)
			}
			for i := 1; i < len(ml.Meetings); i++ {
				if ml.Meetings[i].Score > ml.Meetings[i-1].Score {
					t.Errorf("meetings not best first: %v", ml.Meetings)
				}
			}
		})
	}
}

func TestOptimalMatchListBadInput(t *testing.T) {
	ok := []MeetingParty{{ID: 1, Capacity: 1}}
	g := []MeetingParty{{ID: 2, Capacity: 1}}
	tests := []struct {
		name          string
		hosts, guests []MeetingParty
		pairs         []MeetingPair
	}{
		{"HostListedTwice", []MeetingParty{{ID: 1}, {ID: 1}}, g, nil},
		{"NegativeCapacity", []MeetingParty{{ID: 1, Capacity: -1}}, g, nil},
		{"UnknownHost", ok, g, []MeetingPair{{Host: 9, Guest: 2, Score: 1}}},
		{"UnknownGuest", ok, g, []MeetingPair{{Host: 1, Guest: 9, Score: 1}}},
		{"PartyWithItself", []MeetingParty{{ID: 2, Capacity: 1}}, g, []MeetingPair{{Host: 2, Guest: 2, Score: 1}}},
		{"ScoreNaN", ok, g, []MeetingPair{{Host: 1, Guest: 2, Score: math.NaN()}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OptimalMatchList(tt.hosts, tt.guests, tt.pairs)
			if !errors.Is(err, ErrInvalidMeetingInput) {
				t.Fatalf("err = %v, want ErrInvalidMeetingInput", err)
			}
		})
	}
}

// bruteMatchList is the optimum by enumeration: the most forced pairs,
// then the best total.
func bruteMatchList(hosts, guests []MeetingParty, pairs []MeetingPair) (forcedN int, total float64) {
	hc, gc := map[uint64]int{}, map[uint64]int{}
	for _, h := range hosts {
		hc[h.ID] = h.Capacity
	}
	for _, g := range guests {
		gc[g.ID] = g.Capacity
	}
	bestN, bestT := -1, math.Inf(-1)
	for mask := 0; mask < 1<<len(pairs); mask++ {
		hu, gu := map[uint64]int{}, map[uint64]int{}
		n, tot, ok := 0, 0.0, true
		for i, p := range pairs {
			if mask&(1<<i) == 0 {
				continue
			}
			if !p.Forced && p.Score <= 0 {
				ok = false
				break
			}
			hu[p.Host]++
			gu[p.Guest]++
			if hu[p.Host] > hc[p.Host] || gu[p.Guest] > gc[p.Guest] {
				ok = false
				break
			}
			tot += p.Score
			if p.Forced {
				n++
			}
		}
		if ok && (n > bestN || n == bestN && tot > bestT) {
			bestN, bestT = n, tot
		}
	}
	return bestN, bestT
}

func randomMatchInstance(r *rand.Rand, nh, ng, np int, forcedRate float64) (hosts, guests []MeetingParty, pairs []MeetingPair) {
	for i := 0; i < nh; i++ {
		hosts = append(hosts, MeetingParty{ID: uint64(10 + i), Capacity: r.Intn(4)})
	}
	for i := 0; i < ng; i++ {
		guests = append(guests, MeetingParty{ID: uint64(100 + i), Capacity: r.Intn(4)})
	}
	seen := map[[2]int]bool{}
	for len(pairs) < np && len(seen) < nh*ng {
		h, g := r.Intn(nh), r.Intn(ng)
		if seen[[2]int{h, g}] {
			continue
		}
		seen[[2]int{h, g}] = true
		// Scores in hundredths, some zero or negative, many ties.
		s := float64(r.Intn(120)-20) / 100
		if r.Intn(3) == 0 {
			s = r.Float64() // and some arbitrary floats
		}
		pairs = append(pairs, MeetingPair{Host: hosts[h].ID, Guest: guests[g].ID, Score: s, Forced: r.Float64() < forcedRate})
	}
	return hosts, guests, pairs
}

func TestOptimalMatchListEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for it := 0; it < 1500; it++ {
		nh, ng := 1+r.Intn(4), 1+r.Intn(4)
		np := r.Intn(min(nh*ng, 12) + 1)
		forcedRate := []float64{0, 0, 0.15, 0.5}[it%4]
		hosts, guests, pairs := randomMatchInstance(r, nh, ng, np, forcedRate)
		name := fmt.Sprintf("%d/%dx%d/%dpairs", it, nh, ng, np)
		ml, err := OptimalMatchList(hosts, guests, pairs)
		if err != nil {
			t.Fatal(name, err)
		}
		bn, bt := bruteMatchList(hosts, guests, pairs)
		n := 0
		hu, gu := map[uint64]int{}, map[uint64]int{}
		for _, m := range ml.Meetings {
			hu[m.Host]++
			gu[m.Guest]++
			if m.Forced {
				n++
			} else if m.Score <= 0 {
				t.Fatalf("%s: unforced pair with score %v chosen", name, m.Score)
			}
		}
		for _, h := range hosts {
			if hu[h.ID] > h.Capacity {
				t.Fatalf("%s: host %d over capacity", name, h.ID)
			}
		}
		for _, g := range guests {
			if gu[g.ID] > g.Capacity {
				t.Fatalf("%s: guest %d over capacity", name, g.ID)
			}
		}
		forcedIn := 0
		for _, p := range pairs {
			if p.Forced {
				forcedIn++
			}
		}
		if n != bn || n+len(ml.Unforced) != forcedIn || math.Abs(ml.Total-bt) > 1e-6 {
			t.Fatalf("%s: got forced %d total %v with %d unforced, brute force forced %d total %v\npairs %+v\nhosts %v guests %v",
				name, n, ml.Total, len(ml.Unforced), bn, bt, pairs, hosts, guests)
		}
		if ml.Total < ml.GreedyTotal-1e-9 {
			t.Fatalf("%s: optimal %v below greedy %v", name, ml.Total, ml.GreedyTotal)
		}
		greedy := GreedyMatchList(hosts, guests, pairs)
		if greedy.Total != ml.GreedyTotal || len(greedy.Meetings) != ml.GreedyCount {
			t.Fatalf("%s: GreedyMatchList %v/%d, OptimalMatchList's greedy %v/%d", name, greedy.Total, len(greedy.Meetings), ml.GreedyTotal, ml.GreedyCount)
		}
	}
}

// The result depends on the input as a set, not on its order.
func TestOptimalMatchListDeterministic(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	hosts, guests, pairs := randomMatchInstance(r, 30, 30, 400, 0.02)
	for i := range pairs {
		pairs[i].Score = float64(r.Intn(5)) / 4 // many ties
	}
	want, err := OptimalMatchList(hosts, guests, pairs)
	if err != nil {
		t.Fatal(err)
	}
	for it := 0; it < 5; it++ {
		r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
		r.Shuffle(len(hosts), func(i, j int) { hosts[i], hosts[j] = hosts[j], hosts[i] })
		got, err := OptimalMatchList(hosts, guests, pairs)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Meetings) != fmt.Sprint(want.Meetings) {
			t.Fatalf("shuffled input gave another match list")
		}
	}
}

// referenceMatchTotal is the optimum by successive shortest paths with
// Bellman-Ford on float weights: augment along the best path from source
// to sink while it gains, which is exact for max-weight b-matching (each
// augmentation's gain does not increase).
func referenceMatchTotal(hosts, guests []MeetingParty, pairs []MeetingPair) float64 {
	type arc struct {
		to, rev int
		cap     int
		w       float64
	}
	nh, ng := len(hosts), len(guests)
	n := nh + ng + 2
	src, sink := nh+ng, nh+ng+1
	g := make([][]arc, n)
	add := func(a, b, c int, w float64) {
		g[a] = append(g[a], arc{b, len(g[b]), c, w})
		g[b] = append(g[b], arc{a, len(g[a]) - 1, 0, -w})
	}
	hi, gi := map[uint64]int{}, map[uint64]int{}
	for i, h := range hosts {
		hi[h.ID] = i
		add(src, i, h.Capacity, 0)
	}
	for i, q := range guests {
		gi[q.ID] = nh + i
		add(nh+i, sink, q.Capacity, 0)
	}
	for _, p := range pairs {
		if p.Score > 0 {
			add(hi[p.Host], gi[p.Guest], 1, p.Score)
		}
	}
	total := 0.0
	for {
		dist := make([]float64, n)
		prev := make([][2]int, n)
		for i := range dist {
			dist[i] = math.Inf(-1)
		}
		dist[src] = 0
		for round := 0; round < n; round++ {
			changed := false
			for v := 0; v < n; v++ {
				if math.IsInf(dist[v], -1) {
					continue
				}
				for k, a := range g[v] {
					if a.cap > 0 && dist[v]+a.w > dist[a.to]+1e-12 {
						dist[a.to] = dist[v] + a.w
						prev[a.to] = [2]int{v, k}
						changed = true
					}
				}
			}
			if !changed {
				break
			}
		}
		if math.IsInf(dist[sink], -1) || dist[sink] <= 1e-12 {
			return total
		}
		total += dist[sink]
		for v := sink; v != src; {
			u, k := prev[v][0], prev[v][1]
			g[u][k].cap--
			g[v][g[u][k].rev].cap++
			v = u
		}
	}
}

// Medium instances, beyond brute force: the same total as a plain
// successive-shortest-path solver.
func TestOptimalMatchListEqualsReference(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for it := 0; it < 60; it++ {
		nh, ng := 5+r.Intn(40), 5+r.Intn(40)
		hosts, guests, pairs := randomMatchInstance(r, nh, ng, r.Intn(nh*ng/2+1), 0)
		for i := range hosts {
			hosts[i].Capacity = r.Intn(7)
		}
		for i := range guests {
			guests[i].Capacity = r.Intn(7)
		}
		ml, err := OptimalMatchList(hosts, guests, pairs)
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceMatchTotal(hosts, guests, pairs); math.Abs(ml.Total-want) > 1e-6 {
			t.Fatalf("instance %d (%dx%d, %d pairs): total %v, reference %v", it, nh, ng, len(pairs), ml.Total, want)
		}
	}
}
