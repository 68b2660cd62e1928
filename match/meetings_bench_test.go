package match_test

import (
	"math/rand"
	"testing"

	"github.com/techmatch/techmatch/match"
)

// eventInstance is a synthetic matchmaking event: nh hosts and ng guests
// with max_meetings capacity, and about np candidate pairs whose scores
// mix each side's attractiveness with noise (popular parties are in
// demand, which is where a greedy pass goes wrong), 0.5% of them forced.
func eventInstance(nh, ng, np, capacity int, seed int64) (hosts, guests []match.MeetingParty, pairs []match.MeetingPair) {
	r := rand.New(rand.NewSource(seed))
	ah, ag := make([]float64, nh), make([]float64, ng)
	for i := range ah {
		ah[i] = r.Float64()
		hosts = append(hosts, match.MeetingParty{ID: uint64(1 + i), Capacity: capacity})
	}
	for i := range ag {
		ag[i] = r.Float64()
		guests = append(guests, match.MeetingParty{ID: uint64(100000 + i), Capacity: capacity})
	}
	perHost := np / nh
	seen := make(map[int]bool, perHost)
	for h := 0; h < nh; h++ {
		clear(seen)
		for len(seen) < perHost {
			g := r.Intn(ng)
			if seen[g] {
				continue
			}
			seen[g] = true
			pairs = append(pairs, match.MeetingPair{
				Host: hosts[h].ID, Guest: guests[g].ID,
				Score:  0.35*ah[h] + 0.35*ag[g] + 0.3*r.Float64(),
				Forced: r.Intn(200) == 0,
			})
		}
	}
	return hosts, guests, pairs
}

func benchmarkMatchList(b *testing.B, nh, ng, np int) {
	hosts, guests, pairs := eventInstance(nh, ng, np, 8, 1)
	b.ReportAllocs()
	b.ResetTimer()
	var ml match.MatchList
	for i := 0; i < b.N; i++ {
		var err error
		if ml, err = match.OptimalMatchList(hosts, guests, pairs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ml.Total, "optimal_total")
	b.ReportMetric(ml.GreedyTotal, "greedy_total")
	b.ReportMetric(float64(len(ml.Meetings)), "meetings")
	b.ReportMetric(float64(ml.GreedyCount), "greedy_meetings")
}

func BenchmarkMatchList300x200(b *testing.B)   { benchmarkMatchList(b, 300, 200, 20000) }
func BenchmarkMatchList2000x2000(b *testing.B) { benchmarkMatchList(b, 2000, 2000, 200000) }

func BenchmarkGreedyMatchList2000x2000(b *testing.B) {
	hosts, guests, pairs := eventInstance(2000, 2000, 200000, 8, 1)
	b.ReportAllocs()
	b.ResetTimer()
	var ml match.MatchList
	for i := 0; i < b.N; i++ {
		ml = match.GreedyMatchList(hosts, guests, pairs)
	}
	b.ReportMetric(ml.Total, "greedy_total")
}
