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

// scheduleInstance is the schedule input of an event's optimal match list
// over slots slots; with limits, a third of the parties are unavailable in
// a quarter of the slots each and tables are 10% above the even share.
func scheduleInstance(b *testing.B, nh, ng, np, slots int, limits bool) match.ScheduleInput {
	hosts, guests, pairs := eventInstance(nh, ng, np, 8, 1)
	ml, err := match.OptimalMatchList(hosts, guests, pairs)
	if err != nil {
		b.Fatal(err)
	}
	in := match.ScheduleInput{Slots: slots}
	deg := map[uint64]int{}
	d := 0
	for _, m := range ml.Meetings {
		in.Meetings = append(in.Meetings, match.SchedMeeting{Host: m.Host, Guest: m.Guest, Slot: -1, Score: m.Score})
		deg[m.Host]++
		deg[m.Guest]++
		d = max(d, deg[m.Host], deg[m.Guest])
	}
	in.Tables = (len(in.Meetings) + d - 1) / d
	if limits {
		r := rand.New(rand.NewSource(2))
		in.Available = map[uint64][]bool{}
		for _, p := range append(hosts, guests...) {
			if r.Intn(3) == 0 {
				a := make([]bool, slots)
				for s := range a {
					a[s] = r.Intn(4) > 0
				}
				in.Available[p.ID] = a
			}
		}
		in.Tables = (len(in.Meetings)/slots)*11/10 + 1
	}
	return in
}

func benchmarkSchedule(b *testing.B, nh, ng, np, slots int, limits bool) {
	in := scheduleInstance(b, nh, ng, np, slots, limits)
	b.ReportAllocs()
	b.ResetTimer()
	var s match.Schedule
	for i := 0; i < b.N; i++ {
		s = match.ScheduleMeetings(in)
	}
	b.StopTimer()
	b.ReportMetric(float64(s.SlotsUsed), "slots_used")
	b.ReportMetric(float64(s.LowerBound), "lower_bound")
	b.ReportMetric(float64(len(s.Placed)), "placed")
	b.ReportMetric(float64(len(s.Unplaced)), "unplaced")
	b.ReportMetric(float64(unplacedBound(in)), "unplaced_at_least")
}

// Without availability limits: 12 slots, tables for an even share of the
// lower bound's slots (200 and 2,000).
func BenchmarkSchedule300x200(b *testing.B)   { benchmarkSchedule(b, 300, 200, 20000, 12, false) }
func BenchmarkSchedule2000x2000(b *testing.B) { benchmarkSchedule(b, 2000, 2000, 200000, 12, false) }

// With availability limits, tables 10% above an even share of 12 slots.
func BenchmarkScheduleLimits300x200(b *testing.B) {
	benchmarkSchedule(b, 300, 200, 20000, 12, true)
}
func BenchmarkScheduleLimits2000x2000(b *testing.B) {
	benchmarkSchedule(b, 2000, 2000, 200000, 12, true)
}

// unplacedBound is a lower bound on the meetings no schedule can place:
// a party can have at most a matching of its meetings into distinct slots
// allowed for them. An unplaced meeting makes up for the shortfall of at
// most one host and one guest, so the larger side's total is a bound.
func unplacedBound(in match.ScheduleInput) int {
	avail := func(p uint64, s int) bool {
		a := in.Available[p]
		return len(a) == 0 || s < len(a) && a[s]
	}
	byHost, byGuest := map[uint64][]int{}, map[uint64][]int{}
	for i, m := range in.Meetings {
		byHost[m.Host] = append(byHost[m.Host], i)
		byGuest[m.Guest] = append(byGuest[m.Guest], i)
	}
	shortfall := func(groups map[uint64][]int) int {
		total := 0
		for _, ms := range groups {
			holder := make([]int, in.Slots) // slot -> index in ms + 1
			var try func(i int, seen []bool) bool
			try = func(i int, seen []bool) bool {
				m := in.Meetings[ms[i]]
				for s := 0; s < in.Slots; s++ {
					if seen[s] || !avail(m.Host, s) || !avail(m.Guest, s) {
						continue
					}
					seen[s] = true
					if holder[s] == 0 || try(holder[s]-1, seen) {
						holder[s] = i + 1
						return true
					}
				}
				return false
			}
			for i := range ms {
				if !try(i, make([]bool, in.Slots)) {
					total++
				}
			}
		}
		return total
	}
	return max(shortfall(byHost), shortfall(byGuest))
}
