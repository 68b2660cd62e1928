package match

import (
	"math/rand/v2"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// randomEvent builds an event of random size with random capacities,
// availability (when limited) and candidate pairs.
func randomEvent(r *rand.Rand, limited bool) (data.EventState, []EventCandidate) {
	nh, ng := 1+r.IntN(12), 1+r.IntN(12)
	slots := 2 + r.IntN(10)
	st := data.EventState{Event: data.Event{ID: 1, EventFields: data.EventFields{Tables: 1 + r.IntN(8), Slots: make([]data.Slot, slots)}}}
	for i := 0; i < nh+ng; i++ {
		p := data.Participant{OrgID: uint64(i + 1), ParticipantFields: data.ParticipantFields{Side: data.SideHost, MaxMeetings: r.IntN(slots + 2)}}
		if i >= nh {
			p.Side = data.SideGuest
		}
		if limited && r.IntN(2) == 0 {
			for s := 0; s < slots; s++ {
				if r.IntN(3) > 0 {
					p.AvailableSlots = append(p.AvailableSlots, s)
				}
			}
		}
		st.Participants = append(st.Participants, p)
	}
	var cands []EventCandidate
	for h := 1; h <= nh; h++ {
		for g := nh + 1; g <= nh+ng; g++ {
			if r.IntN(3) == 0 {
				continue
			}
			var c EventCandidate
			c.HostOrgID, c.GuestOrgID, c.Score = uint64(h), uint64(g), r.Float64()
			c.Forced = r.IntN(20) == 0
			cands = append(cands, c)
		}
	}
	return st, cands
}

// On many random events the planned schedule obeys every rule, places or
// lists every meeting of the match list, and without availability limits
// (and with tables enough) uses exactly lower_bound slots.
func TestPlanScheduleRandomEvents(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := 0; n < 400; n++ {
		limited := n%2 == 0
		st, cands := randomEvent(r, limited)
		ml, err := EventMatchList(st, cands)
		if err != nil {
			t.Fatal(err)
		}
		st.MatchList = &ml
		sch := PlanSchedule(st)
		parts := map[uint64]data.Participant{}
		for _, p := range st.Participants {
			parts[p.OrgID] = p
		}
		if bad := data.CheckSchedule(st.Event, parts, &sch, nil); len(bad) > 0 {
			t.Fatalf("event %d: %v", n, bad)
		}
		if len(sch.Meetings)+len(sch.Unplaced) != len(ml.Meetings) {
			t.Fatalf("event %d: %d placed + %d unplaced of %d", n, len(sch.Meetings), len(sch.Unplaced), len(ml.Meetings))
		}
		for _, u := range sch.Unplaced {
			if u.Reason == "" {
				t.Fatalf("event %d: unplaced without a reason: %+v", n, u)
			}
		}
		if !limited && len(ml.Meetings) > 0 {
			d := sch.LowerBound
			if d <= len(st.Event.Slots) && st.Event.Tables*d >= len(ml.Meetings) && st.Event.Tables >= (len(ml.Meetings)+d-1)/d {
				if sch.SlotsUsed != d || len(sch.Unplaced) != 0 {
					t.Fatalf("event %d: %d slots used, lower bound %d, %d unplaced", n, sch.SlotsUsed, d, len(sch.Unplaced))
				}
			}
		}
	}
}
