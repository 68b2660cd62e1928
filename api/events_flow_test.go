package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// The whole flow: participants, intents, rules, requests, the match list
// honouring them, the schedule, organizer edits, publishing and agendas.
func TestAPI_EventFlow(t *testing.T) {
	f := newEventFixture(t, 4, 2, 2)
	ts := f.ts
	h, g := f.hostID, f.guestID
	// Guest 0 does not want host 0 (their topics fit): never scheduled.
	ts.mustOK(t, 200, "PUT", f.path("/intents"), f.guests[0].Token, map[string]any{"to_org_id": h(0), "intent": "no_thanks"})
	// Host 0 must meet guest 1 (topics do not fit): lifted in.
	ts.mustOK(t, 200, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"to_org_id": g(1), "intent": "must_meet"})
	ts.mustOK(t, 200, "PUT", f.path("/intents"), adminToken, map[string]any{"from_org_id": h(3), "to_org_id": g(0), "intent": "would_meet"})
	// Organizer: forbid host 1 with guest 1, met before for host 2 and guest 2, force host 1 with guest 2.
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(1), "guest_org_id": g(1), "rule": "forbid"})
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(2), "guest_org_id": g(2), "rule": "met_before"})
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(1), "guest_org_id": g(2), "rule": "force"})
	// Host 2 asks guest 0, who accepts.
	var req data.Request
	ts.mustOK(t, 201, "POST", f.path("/requests"), f.hosts[2].Token, map[string]any{"to_org_id": g(0), "message": "Chúng tôi muốn gặp"}).JSON(t, &req)
	if r := ts.do(t, "POST", f.path(fmt.Sprintf("/requests/%d/accept", req.ID)), f.hosts[2].Token, nil); r.Status != 403 {
		t.Fatalf("the sender accepted its own request: %d", r.Status)
	}
	ts.mustOK(t, 200, "POST", f.path(fmt.Sprintf("/requests/%d/accept", req.ID)), f.guests[0].Token, map[string]any{"reply": "Gladly"})

	var ml matchListResp
	ts.mustOK(t, 200, "POST", f.path("/match-list"), adminToken, nil).JSON(t, &ml)
	pairs := map[[2]uint64]bool{}
	for _, m := range ml.Meetings {
		pairs[[2]uint64{m.HostOrgID, m.GuestOrgID}] = true
		if m.Reason == "" || m.HostName == "" {
			t.Errorf("meeting without reason or name: %+v", m)
		}
	}
	for _, want := range [][2]int{{3, 3}, {0, 1}, {1, 2}, {2, 0}, {3, 0}} {
		if !pairs[[2]uint64{h(want[0]), g(want[1])}] {
			t.Errorf("host %d with guest %d is not in the match list: %+v", want[0], want[1], ml.Meetings)
		}
	}
	for _, no := range [][2]int{{0, 0}, {1, 1}, {2, 2}} {
		if pairs[[2]uint64{h(no[0]), g(no[1])}] {
			t.Errorf("excluded pair host %d, guest %d is in the match list", no[0], no[1])
		}
	}
	if ml.TotalScore < ml.GreedyTotalScore-1e-9 || ml.TotalScore <= 0 {
		t.Errorf("total %v, greedy %v", ml.TotalScore, ml.GreedyTotalScore)
	}

	var sch scheduleResp
	ts.mustOK(t, 200, "POST", f.path("/schedule"), adminToken, nil).JSON(t, &sch)
	if sch.State != "provisional" || len(sch.Meetings)+len(sch.Unplaced) != len(ml.Meetings) || len(sch.Unplaced) != 0 {
		t.Fatalf("schedule %+v for %d meetings", sch, len(ml.Meetings))
	}
	checkSchedule(t, sch, 2)
	if sch.LowerBound != 2 || sch.SlotsUsed < sch.LowerBound {
		t.Errorf("slots used %d, lower bound %d", sch.SlotsUsed, sch.LowerBound)
	}
	for _, m := range sch.Meetings {
		if !m.InterpreterNeeded { // hosts speak vi/en, guests ko
			t.Errorf("meeting %d should need an interpreter", m.ID)
		}
		if !strings.HasSuffix(m.Start, "+07:00") {
			t.Errorf("start %q not in the event's zone", m.Start)
		}
	}

	// Not published: participants cannot read schedule or agenda; the organizer previews.
	agenda := fmt.Sprintf("/agenda/%d", g(0))
	if r := ts.do(t, "GET", f.path(agenda), f.guests[0].Token, nil); r.Status != 403 {
		t.Fatalf("agenda before publishing: %d", r.Status)
	}
	if r := ts.do(t, "GET", f.path("/schedule"), f.guests[0].Token, nil); r.Status != 403 {
		t.Fatalf("schedule before publishing: %d", r.Status)
	}
	ts.mustOK(t, 200, "GET", f.path(agenda), adminToken, nil)

	// Guest 0 meets hosts 2 and 3: moving one into the other's slot double-books it.
	var g0 []int
	for i, m := range sch.Meetings {
		if m.GuestOrgID == g(0) {
			g0 = append(g0, i)
		}
	}
	if len(g0) != 2 {
		t.Fatalf("guest 0 has %d meetings", len(g0))
	}
	a, b := sch.Meetings[g0[0]], sch.Meetings[g0[1]]
	r := ts.do(t, "PATCH", f.path(fmt.Sprintf("/meetings/%d", a.ID)), adminToken, map[string]any{"slot": b.Slot})
	if r.Status != 409 || !strings.Contains(string(r.Body), "already has meeting") {
		t.Fatalf("double booking: %d %s", r.Status, r.Body)
	}
	r.problem(t)
	// Overfilling: a third meeting into a slot with two tables taken.
	perSlot := map[int][]int{}
	for i, m := range sch.Meetings {
		perSlot[m.Slot] = append(perSlot[m.Slot], i)
	}
	for slot, ms := range perSlot {
		if len(ms) == 2 {
			for i, m := range sch.Meetings {
				if m.Slot != slot {
					r := ts.do(t, "PATCH", f.path(fmt.Sprintf("/meetings/%d", m.ID)), adminToken, map[string]any{"slot": slot})
					if r.Status != 409 {
						t.Fatalf("overfilling slot %d with meeting %d: %d %s", slot, i, r.Status, r.Body)
					}
					break
				}
			}
			break
		}
	}
	// A move to a free slot works.
	free := -1
	for s := 0; s < 4 && free < 0; s++ {
		if len(perSlot[s]) == 0 {
			free = s
		}
	}
	var moved scheduleResp
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/meetings/%d", a.ID)), adminToken, map[string]any{"slot": free}).JSON(t, &moved)
	checkSchedule(t, moved, 2)
	// Cancel one; publish; frozen.
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/meetings/%d", b.ID)), adminToken, map[string]any{"status": "cancelled"})
	var ev data.Event
	ts.mustOK(t, 200, "POST", f.path("/publish"), adminToken, nil).JSON(t, &ev)
	if ev.State != "final" {
		t.Fatalf("state %s after publishing", ev.State)
	}
	if r := ts.do(t, "PATCH", f.path(fmt.Sprintf("/meetings/%d", a.ID)), adminToken, map[string]any{"slot": 0}); r.Status != 409 {
		t.Fatalf("edit of a final schedule: %d", r.Status)
	}
	if r := ts.do(t, "POST", f.path("/schedule"), adminToken, nil); r.Status != 409 {
		t.Fatalf("rescheduling a final schedule: %d", r.Status)
	}
	late := ts.register(t, "Late Registrant Co.", "KR", "partner")
	if r := ts.do(t, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": late.Organization.ID, "side": "guest", "max_meetings": 2}); r.Status != 409 {
		t.Fatalf("a participant added to a final event: %d", r.Status)
	}

	// Agendas: the participant's own, not another's; outsiders are 403.
	var ag struct {
		Meetings []struct {
			MeetingID       uint64 `json:"meeting_id"`
			CounterpartName string `json:"counterpart_name"`
			Status          string `json:"status"`
			NeedTitle       string `json:"need_title"`
		} `json:"meetings"`
	}
	ts.mustOK(t, 200, "GET", f.path(agenda), f.guests[0].Token, nil).JSON(t, &ag)
	if len(ag.Meetings) != 2 || ag.Meetings[0].CounterpartName == "" || ag.Meetings[0].NeedTitle == "" {
		t.Fatalf("agenda %+v", ag)
	}
	if r := ts.do(t, "GET", f.path(agenda), f.guests[1].Token, nil); r.Status != 403 {
		t.Fatalf("another participant reads guest 0's agenda: %d", r.Status)
	}
	for _, p := range []string{"", "/schedule", "/participants", agenda} {
		if r := ts.do(t, "GET", f.path(p), f.outsider.Token, nil); r.Status != 403 {
			t.Errorf("an outsider reads %s: %d", p, r.Status)
		}
	}
	var own scheduleResp
	ts.mustOK(t, 200, "GET", f.path("/schedule"), f.guests[0].Token, nil).JSON(t, &own)
	for _, m := range own.Meetings {
		if m.GuestOrgID != g(0) {
			t.Errorf("guest 0 sees meeting %d of others", m.ID)
		}
	}
	// Participant-only routes refuse participants where the organizer rules.
	if r := ts.do(t, "POST", f.path("/match-list"), f.hosts[0].Token, nil); r.Status != 403 {
		t.Errorf("a participant made the match list: %d", r.Status)
	}
}

// An event edit that strands a meeting is refused naming it, or forced to
// unplaced with the reason; it is never silently dropped.
func TestAPI_EventEditNeverDropsMeetings(t *testing.T) {
	f := newEventFixture(t, 3, 2, 2)
	ts := f.ts
	var sch scheduleResp
	ts.mustOK(t, 200, "POST", f.path("/schedule"), adminToken, nil).JSON(t, &sch)
	if len(sch.Meetings) == 0 {
		t.Fatal("no meetings scheduled")
	}
	m := sch.Meetings[0]
	// Remove m's slot.
	var slots []map[string]any
	for i, s := range slotsJSON(3) {
		if i != m.Slot {
			slots = append(slots, s)
		}
	}
	r := ts.do(t, "PATCH", f.path(""), adminToken, map[string]any{"slots": slots})
	if r.Status != 409 || !strings.Contains(string(r.Body), fmt.Sprintf("meeting %d ", m.ID)) {
		t.Fatalf("stranding edit: %d %s", r.Status, r.Body)
	}
	var after scheduleResp
	ts.mustOK(t, 200, "GET", f.path("/schedule"), adminToken, nil).JSON(t, &after)
	if len(after.Meetings) != len(sch.Meetings) {
		t.Fatalf("a refused edit changed the schedule")
	}
	ts.mustOK(t, 200, "PATCH", f.path(""), adminToken, map[string]any{"slots": slots, "force": true})
	ts.mustOK(t, 200, "GET", f.path("/schedule"), adminToken, nil).JSON(t, &after)
	if len(after.Meetings)+len(after.Unplaced) != len(sch.Meetings) {
		t.Fatalf("meetings went missing: %d placed + %d unplaced of %d", len(after.Meetings), len(after.Unplaced), len(sch.Meetings))
	}
	found := false
	for _, u := range after.Unplaced {
		found = found || (u.HostOrgID == m.HostOrgID && u.GuestOrgID == m.GuestOrgID && u.Reason == data.UnplacedSlotRemoved)
	}
	if !found {
		t.Fatalf("the stranded meeting is not unplaced with its reason: %+v", after.Unplaced)
	}
	// Removing a participant with meetings: refused, then forced.
	other := after.Meetings[0]
	if r := ts.do(t, "DELETE", f.path(fmt.Sprintf("/participants/%d", other.HostOrgID)), adminToken, nil); r.Status != 409 {
		t.Fatalf("removing a participant with meetings: %d", r.Status)
	}
	ts.mustOK(t, 200, "DELETE", f.path(fmt.Sprintf("/participants/%d?force=true", other.HostOrgID)), adminToken, nil)
	ts.mustOK(t, 200, "GET", f.path("/schedule"), adminToken, nil).JSON(t, &after)
	if len(after.Meetings)+len(after.Unplaced) != len(sch.Meetings) {
		t.Fatalf("meetings went missing after removing a participant")
	}
}
