package match_test

import (
	"context"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// An event's match reason says an interpreter is needed exactly when the
// meeting needs one: the participants share no language and neither brings
// an interpreter, whatever the records' own languages suggest.
func TestEventCandidates_InterpreterReasonFollowsTheEvent(t *testing.T) {
	e, offers, needs := demoEngine(t)
	// A demo need and offer the engine pairs well across languages.
	var need, offer data.Profile
	found := false
	for _, n := range needs {
		for _, o := range offers {
			if m := e.ScorePair(&n, &o); m.Interpreter && m.Strength != "weak" {
				need, offer, found = n, o, true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		t.Fatal("no demo pair that needs an interpreter and is more than weak")
	}
	need.OrgRef, offer.OrgRef = "1", "2"
	listings := map[uint64]match.OrgListings{1: {Needs: []data.Profile{need}}, 2: {Offers: []data.Profile{offer}}}
	const clause = "an interpreter is needed"
	for _, tc := range []struct {
		name       string
		host, gues data.ParticipantFields
		want       bool
	}{
		{"NoSharedLanguage", data.ParticipantFields{Languages: []string{"vi"}}, data.ParticipantFields{Languages: []string{"ko"}}, true},
		{"GuestBringsInterpreter", data.ParticipantFields{Languages: []string{"vi"}}, data.ParticipantFields{Languages: []string{"ko"}, BringsInterpreter: true}, false},
		{"SharedLanguage", data.ParticipantFields{Languages: []string{"vi", "en"}}, data.ParticipantFields{Languages: []string{"en"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.host.Side, tc.host.MaxMeetings = data.SideHost, 4
			tc.gues.Side, tc.gues.MaxMeetings = data.SideGuest, 4
			st := data.EventState{Event: data.Event{ID: 1, EventFields: data.EventFields{Tables: 2, Slots: make([]data.Slot, 4)}},
				Participants: []data.Participant{{OrgID: 1, ParticipantFields: tc.host}, {OrgID: 2, ParticipantFields: tc.gues}}}
			cands, err := e.EventCandidates(context.Background(), st, listings)
			if err != nil {
				t.Fatal(err)
			}
			if len(cands) != 1 {
				t.Fatalf("%d candidates, want the one pair", len(cands))
			}
			if got := strings.Contains(cands[0].Reason, clause); got != tc.want {
				t.Fatalf("reason %q: says %q = %v, want %v", cands[0].Reason, clause, got, tc.want)
			}
			if got := data.InterpreterNeeded(st.Participants[0], st.Participants[1]); got != tc.want {
				t.Fatalf("the schedule's verdict is %v, the reason's %v", got, tc.want)
			}
		})
	}
}
