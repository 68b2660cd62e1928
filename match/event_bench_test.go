package match_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// scaledEvent is an event of nh hosts and ng guests over the demo texts:
// host i posts two demo needs, guest j three demo offers (texts repeat,
// records do not: each has its own ref).
func scaledEvent(tb testing.TB, nh, ng int) (*match.Engine, data.EventState, map[uint64]match.OrgListings) {
	e, offers, needs := demoEngine(tb)
	st := data.EventState{Event: data.Event{ID: 1, EventFields: data.EventFields{Tables: nh, Slots: make([]data.Slot, 12)}}}
	listings := map[uint64]match.OrgListings{}
	ref := 0
	for i := 0; i < nh+ng; i++ {
		org := uint64(i + 1)
		p := data.Participant{OrgID: org, ParticipantFields: data.ParticipantFields{Side: data.SideHost, MaxMeetings: 8}}
		var l match.OrgListings
		pick := func(set []data.Profile, k int) data.Profile {
			ref++
			x := set[(i*7+k*13)%len(set)]
			x.Ref = fmt.Sprintf("%s/%d", x.Kind, ref)
			x.OrgRef = fmt.Sprint(org)
			return x
		}
		if i < nh {
			l.Needs = []data.Profile{pick(needs, 0), pick(needs, 1)}
		} else {
			p.Side = data.SideGuest
			l.Offers = []data.Profile{pick(offers, 0), pick(offers, 1), pick(offers, 2)}
		}
		st.Participants = append(st.Participants, p)
		listings[org] = l
	}
	return e, st, listings
}

// BenchmarkEventCandidates300x200 scores every pair of a 300 x 200 event
// (60,000 pairs, 6 need/offer comparisons each) with the engine, as POST
// /events/{id}/match-list does before the b-matching.
func BenchmarkEventCandidates300x200(b *testing.B) {
	e, st, listings := scaledEvent(b, 300, 200)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		cs, _ := e.EventCandidates(context.Background(), st, listings)
		n = len(cs)
	}
	b.ReportMetric(float64(n), "candidates")
}

// BenchmarkEventCandidates60x40 is the same at a fifth of the size per side.
func BenchmarkEventCandidates60x40(b *testing.B) {
	e, st, listings := scaledEvent(b, 60, 40)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		cs, _ := e.EventCandidates(context.Background(), st, listings)
		n = len(cs)
	}
	b.ReportMetric(float64(n), "candidates")
}

// The bulk path of EventCandidates (cosines from an inverted index, full
// matches only where a pair can be other than weak) chooses exactly what
// scoring every pair with BestPair would.
func TestEventCandidatesEqualPairByPair(t *testing.T) {
	e, st, listings := scaledEvent(t, 24, 16)
	got := map[[2]uint64]match.EventCandidate{}
	cands, err := e.EventCandidates(context.Background(), st, listings)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cands {
		got[[2]uint64{c.HostOrgID, c.GuestOrgID}] = c
	}
	want := 0
	for _, h := range st.Participants[:24] {
		for _, g := range st.Participants[24:] {
			best := e.BestPair(listings[h.OrgID], listings[g.OrgID])
			c, ok := got[[2]uint64{h.OrgID, g.OrgID}]
			if isCand := best.Found && best.Match.Strength != "weak"; isCand != ok {
				t.Fatalf("host %d, guest %d: candidate %v, pair by pair %+v", h.OrgID, g.OrgID, ok, best.Match.Strength)
			} else if !ok {
				continue
			}
			want++
			if d := c.Base - best.Score; d > 1e-9 || d < -1e-9 || c.NeedID != best.NeedID || c.OfferID != best.OfferID {
				t.Fatalf("host %d, guest %d: %v (need %d, offer %d), pair by pair %v (need %d, offer %d)", h.OrgID, g.OrgID, c.Base, c.NeedID, c.OfferID, best.Score, best.NeedID, best.OfferID)
			}
		}
	}
	if want == 0 || want != len(got) {
		t.Fatalf("%d candidates, %d pair by pair", len(got), want)
	}
}
