package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// A slot whose start is not a time is named by its index and member, with
// a message a person can act on (not Go's parse error).
func TestAPI_EventSlotStartNamed(t *testing.T) {
	ts := mustStart(t)
	slots := slotsJSON(3)
	slots[1]["start"] = "tomorrow morning"
	r := ts.do(t, "POST", "/api/v1/events", adminToken, map[string]any{"name": "Techfest", "timezone": "Asia/Ho_Chi_Minh", "tables": 2, "slots": slots})
	if r.Status != 400 {
		t.Fatalf("bad slot start: %d %s", r.Status, r.Body)
	}
	p := r.problem(t)
	if names := fieldNames(p); names != "slots[1].start" {
		t.Fatalf("problem names %q, want slots[1].start: %s", names, r.Body)
	}
	if msg := p.Errors[0].Message; !strings.Contains(msg, "RFC 3339") || strings.Contains(msg, "parsing time") {
		t.Fatalf("message %q", msg)
	}
	var evs struct{ Items []map[string]any }
	ts.mustOK(t, 200, "GET", "/api/v1/events", adminToken, nil).JSON(t, &evs)
	if len(evs.Items) != 0 {
		t.Fatalf("a refused event was stored: %v", evs.Items)
	}
}

type qaSchedule struct {
	Meetings []struct {
		ID         uint64 `json:"id"`
		HostOrgID  uint64 `json:"host_org_id"`
		GuestOrgID uint64 `json:"guest_org_id"`
		Slot       int    `json:"slot"`
		Table      int    `json:"table"`
		Status     string `json:"status"`
		Reason     string `json:"reason"`
	} `json:"meetings"`
	Unplaced []struct {
		ID         uint64 `json:"id"`
		HostOrgID  uint64 `json:"host_org_id"`
		GuestOrgID uint64 `json:"guest_org_id"`
		Reason     string `json:"reason"`
	} `json:"unplaced"`
}

// A meeting that the scheduler could not place keeps the match list's
// reason for it, and has it again once the organizer places it.
func TestAPI_UnplacedMeetingKeepsItsReason(t *testing.T) {
	f := newEventFixture(t, 3, 4, 2)
	ts := f.ts
	host, guest := f.hostID(0), f.guestID(0)
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/participants/%d", host)), adminToken, map[string]any{"available_slots": []int{0}})
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/participants/%d", guest)), adminToken, map[string]any{"available_slots": []int{1}})
	var ml matchListResp
	ts.mustOK(t, 200, "POST", f.path("/match-list"), adminToken, nil).JSON(t, &ml)
	want := ""
	for _, m := range ml.Meetings {
		if m.HostOrgID == host && m.GuestOrgID == guest {
			want = m.Reason
		}
	}
	if want == "" {
		t.Fatalf("the fitting pair is not in the match list with a reason: %+v", ml.Meetings)
	}
	var sch qaSchedule
	ts.mustOK(t, 200, "POST", f.path("/schedule"), adminToken, nil).JSON(t, &sch)
	var mid uint64
	for _, u := range sch.Unplaced {
		if u.HostOrgID == host && u.GuestOrgID == guest && u.Reason == "no_common_slot" {
			mid = u.ID
		}
	}
	if mid == 0 {
		t.Fatalf("the pair with no common slot is not unplaced: %+v", sch.Unplaced)
	}
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/participants/%d", guest)), adminToken, map[string]any{"available_slots": []int{0, 1}})
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/meetings/%d", mid)), adminToken, map[string]any{"slot": 0}).JSON(t, &sch)
	for _, m := range sch.Meetings {
		if m.ID == mid {
			if m.Reason != want || m.Status != "scheduled" || m.Slot != 0 {
				t.Fatalf("placed meeting: %+v, want reason %q", m, want)
			}
			// Taking slot 0 back would strand it: one meeting, said in the singular.
			r := ts.do(t, "PATCH", f.path(fmt.Sprintf("/participants/%d", guest)), adminToken, map[string]any{"available_slots": []int{1}})
			if r.Status != 409 || !strings.Contains(string(r.Body), "would strand 1 scheduled meeting; move it first") {
				t.Fatalf("stranding edit: %d %s", r.Status, r.Body)
			}
			return
		}
	}
	t.Fatalf("meeting %d is not placed: %+v", mid, sch)
}

// "Cancel and move" in one edit is refused naming status, and a cancelled
// meeting is not moved (it would sit in a slot at no table); neither
// refusal changes the schedule.
func TestAPI_MeetingCancelNotMoved(t *testing.T) {
	f := newEventFixture(t, 3, 2, 2)
	ts := f.ts
	var sch qaSchedule
	ts.mustOK(t, 200, "POST", f.path("/schedule"), adminToken, nil).JSON(t, &sch)
	if len(sch.Meetings) == 0 {
		t.Fatal("no meetings")
	}
	m := sch.Meetings[0]
	to := (m.Slot + 1) % 3
	mpath := f.path(fmt.Sprintf("/meetings/%d", m.ID))
	r := ts.do(t, "PATCH", mpath, adminToken, map[string]any{"slot": to, "status": "cancelled"})
	if r.Status != 400 || fieldNames(r.problem(t)) != "status" {
		t.Fatalf("cancel and move: %d %s", r.Status, r.Body)
	}
	ts.mustOK(t, 200, "PATCH", mpath, adminToken, map[string]any{"status": "cancelled"})
	r = ts.do(t, "PATCH", mpath, adminToken, map[string]any{"slot": to})
	if r.Status != 409 || fieldNames(r.problem(t)) != "status" {
		t.Fatalf("moving a cancelled meeting: %d %s", r.Status, r.Body)
	}
	var after qaSchedule
	ts.mustOK(t, 200, "GET", f.path("/schedule"), adminToken, nil).JSON(t, &after)
	for _, x := range after.Meetings {
		if x.ID == m.ID && (x.Slot != m.Slot || x.Table != m.Table || x.Status != "cancelled") {
			t.Fatalf("the cancelled meeting changed: %+v (was %+v)", x, m)
		}
	}
	// Scheduling it again with a move works.
	ts.mustOK(t, 200, "PATCH", mpath, adminToken, map[string]any{"slot": m.Slot, "status": "scheduled"})
}

// A dry_run the server cannot read is refused naming it: ?dry_run=yes must
// not apply the sheet. Nothing changes.
func TestAPI_ParticipantImportDryRunUnreadable(t *testing.T) {
	f := newEventFixture(t, 3, 2, 2)
	ts := f.ts
	sheet := []byte("Organization,Side,Max meetings\nHaiphong Host 0,host,1\n")
	for _, v := range []string{"yes", "on", "maybe"} {
		r := ts.upload(t, f.path("/participants/import?dry_run="+v), adminToken, "p.csv", sheet)
		if r.Status != 400 || fieldNames(r.problem(t)) != "dry_run" {
			t.Fatalf("dry_run=%s: %d %s", v, r.Status, r.Body)
		}
	}
	var p struct {
		MaxMeetings int `json:"max_meetings"`
	}
	ts.mustOK(t, 200, "GET", f.path(fmt.Sprintf("/participants/%d", f.hostID(0))), adminToken, nil).JSON(t, &p)
	if p.MaxMeetings != 2 {
		t.Fatalf("an unreadable dry run applied the sheet: max_meetings %d", p.MaxMeetings)
	}
	r := ts.do(t, "DELETE", f.path(fmt.Sprintf("/participants/%d?force=sure", f.hostID(0))), adminToken, nil)
	if r.Status != 400 || fieldNames(r.problem(t)) != "force" {
		t.Fatalf("force=sure: %d %s", r.Status, r.Body)
	}
}

// A body that is JSON but not an object is refused in plain words, without
// Go's type names.
func TestAPI_EventBodyNotAnObject(t *testing.T) {
	ts := mustStart(t)
	r := ts.do(t, "POST", "/api/v1/events", adminToken, []int{1, 2})
	if r.Status != 400 {
		t.Fatalf("array body: %d %s", r.Status, r.Body)
	}
	if p := r.problem(t); len(p.Errors) != 1 || strings.Contains(p.Errors[0].Message, "Go value") || !strings.Contains(p.Errors[0].Message, "not array") {
		t.Fatalf("array body: %s", r.Body)
	}
}

// An event created before its slots are known lists "slots": [] (not
// null), and a slot given for it is refused in words that fit.
func TestAPI_EventWithoutSlotsYet(t *testing.T) {
	ts := mustStart(t)
	r := ts.mustOK(t, 201, "POST", "/api/v1/events", adminToken, map[string]any{"name": "Techfest", "timezone": "Asia/Ho_Chi_Minh", "tables": 2})
	if !strings.Contains(string(r.Body), `"slots":[]`) {
		t.Fatalf("slots of a new event without slots: %s", r.Body)
	}
	var ev struct{ ID uint64 }
	r.JSON(t, &ev)
	org := ts.register(t, "Haiphong Host", "VN", "enterprise")
	r = ts.do(t, "POST", fmt.Sprintf("/api/v1/events/%d/participants", ev.ID), adminToken, map[string]any{"org_id": org.Organization.ID, "side": "host", "available_slots": []int{0}})
	if r.Status != 400 || fieldNames(r.problem(t)) != "available_slots[0]" || !strings.Contains(string(r.Body), "no slots yet") {
		t.Fatalf("a slot of an event without slots: %d %s", r.Status, r.Body)
	}
	r = ts.mustOK(t, 200, "PATCH", fmt.Sprintf("/api/v1/events/%d", ev.ID), adminToken, map[string]any{"slots": nil})
	if !strings.Contains(string(r.Body), `"slots":[]`) {
		t.Fatalf("slots after \"slots\": null: %s", r.Body)
	}
}
