package bolt_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
)

func testSlots(n int) []data.Slot {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	start := time.Date(2026, 12, 10, 9, 0, 0, 0, loc)
	out := make([]data.Slot, n)
	for i := range out {
		out[i] = data.Slot{Start: start.Add(time.Duration(25*i) * time.Minute), Minutes: 20}
	}
	return out
}

func testEvent(tb testing.TB, s *bolt.Store, slots, tables int) data.Event {
	tb.Helper()
	ev, err := s.CreateEvent(data.EventFields{Name: "Techfest Haiphong connection session", Venue: "Hải Phòng", Timezone: "Asia/Ho_Chi_Minh", Tables: tables, Slots: testSlots(slots)})
	if err != nil {
		tb.Fatal(err)
	}
	return ev
}

// eventOrgs creates n organizations and adds them to ev on side, each with
// max meetings.
func eventOrgs(tb testing.TB, s *bolt.Store, ev data.Event, side string, n, maxMeetings int) []uint64 {
	tb.Helper()
	var ids []uint64
	for i := 0; i < n; i++ {
		o, err := s.CreateOrganization(testOrg(fmt.Sprintf("%s %d of event %d", side, i, ev.ID)), nil)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := s.AddParticipant(ev.ID, o.ID, data.ParticipantFields{Side: side, MaxMeetings: maxMeetings}); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	return ids
}

func wantCode(tb testing.TB, err error, code string, fields ...string) {
	tb.Helper()
	if data.ErrorCode(err) != code {
		tb.Fatalf("error %v, want code %s", err, code)
	}
	e, _ := err.(*data.Error)
	for _, f := range fields {
		found := false
		for _, fe := range e.Fields {
			found = found || fe.Field == f
		}
		if !found {
			tb.Errorf("error %v does not name field %q (fields %+v)", err, f, e.Fields)
		}
	}
}

func TestStore_EventBadInput(t *testing.T) {
	s := MustOpenStore(t)
	slots := testSlots(3)
	slots[2].Start = slots[1].Start.Add(10 * time.Minute) // inside slot 1
	_, err := s.CreateEvent(data.EventFields{Name: "x", Timezone: "Mars/Olympus", Tables: 0, Slots: slots})
	wantCode(t, err, data.EINVALID, "name", "timezone", "tables", "slots[2].start")
	_, err = s.CreateEvent(data.EventFields{Name: "Session", Timezone: "Local", Tables: 3, Slots: []data.Slot{{Minutes: 20}, {Start: slots[0].Start, Minutes: -5}}})
	wantCode(t, err, data.EINVALID, "timezone", "slots[0].start", "slots[1].minutes")
	if evs, _ := s.Events(0, 10); len(evs) != 0 {
		t.Fatalf("bad events were stored: %+v", evs)
	}

	ev := testEvent(t, s, 3, 2)
	org, _ := s.CreateOrganization(testOrg("Cảng Sao Biển"), nil)
	_, err = s.AddParticipant(ev.ID, 999, data.ParticipantFields{Side: "host", MaxMeetings: 2})
	wantCode(t, err, data.EINVALID, "org_id")
	_, err = s.AddParticipant(ev.ID, org.ID, data.ParticipantFields{Side: "visitor", MaxMeetings: -1, AvailableSlots: []int{0, 3, 0}, Languages: []string{"xx"}})
	wantCode(t, err, data.EINVALID, "side", "max_meetings", "available_slots[1]", "available_slots[2]", "languages[0]")
	if _, err := s.AddParticipant(ev.ID, org.ID, data.ParticipantFields{Side: "host", MaxMeetings: 2}); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddParticipant(ev.ID, org.ID, data.ParticipantFields{Side: "guest", MaxMeetings: 2})
	wantCode(t, err, data.ECONFLICT, "org_id")
	_, err = s.AddParticipant(ev.ID+7, org.ID, data.ParticipantFields{Side: "guest", MaxMeetings: 2})
	wantCode(t, err, data.ENOTFOUND)
}

func TestStore_IntentsRulesAndRequestsNeedOppositeSides(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 4, 2)
	hosts := eventOrgs(t, s, ev, "host", 2, 3)
	guests := eventOrgs(t, s, ev, "guest", 1, 3)
	outsider, _ := s.CreateOrganization(testOrg("Not in the event"), nil)

	_, err := s.SetIntent(ev.ID, data.Intent{FromOrgID: hosts[0], ToOrgID: outsider.ID, Intent: "must_meet"})
	wantCode(t, err, data.EINVALID, "to_org_id")
	_, err = s.SetIntent(ev.ID, data.Intent{FromOrgID: hosts[0], ToOrgID: hosts[1], Intent: "must_meet"})
	wantCode(t, err, data.EINVALID, "to_org_id")
	_, err = s.SetIntent(ev.ID, data.Intent{FromOrgID: hosts[0], ToOrgID: guests[0], Intent: "maybe"})
	wantCode(t, err, data.EINVALID, "intent")
	_, err = s.SetRule(ev.ID, data.Rule{HostOrgID: guests[0], GuestOrgID: hosts[0], Rule: "force"})
	wantCode(t, err, data.EINVALID, "host_org_id")

	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[0], ToOrgID: hosts[0]})
	wantCode(t, err, data.EINVALID, "to_org_id")
	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[0], ToOrgID: hosts[1]})
	wantCode(t, err, data.EINVALID, "to_org_id")

	// no_thanks from either side blocks requests and force rules.
	if _, err := s.SetIntent(ev.ID, data.Intent{FromOrgID: guests[0], ToOrgID: hosts[1], Intent: "no_thanks"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[1], ToOrgID: guests[0]})
	wantCode(t, err, data.ECONFLICT, "to_org_id")
	_, err = s.SetRule(ev.ID, data.Rule{HostOrgID: hosts[1], GuestOrgID: guests[0], Rule: "force"})
	wantCode(t, err, data.ECONFLICT)

	// A request, accepted once; twice is a conflict.
	r, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[0], ToOrgID: guests[0], Message: "Xin chào"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: guests[0], ToOrgID: hosts[0]})
	wantCode(t, err, data.ECONFLICT, "to_org_id")
	if _, err := s.AnswerRequest(ev.ID, r.ID, data.RequestAccepted, "see you"); err != nil {
		t.Fatal(err)
	}
	_, err = s.AnswerRequest(ev.ID, r.ID, data.RequestAccepted, "")
	wantCode(t, err, data.ECONFLICT, "status")
	// Forbidding or no-thanking an accepted pair is refused.
	_, err = s.SetRule(ev.ID, data.Rule{HostOrgID: hosts[0], GuestOrgID: guests[0], Rule: "forbid"})
	wantCode(t, err, data.ECONFLICT)
	_, err = s.SetIntent(ev.ID, data.Intent{FromOrgID: hosts[0], ToOrgID: guests[0], Intent: "no_thanks"})
	wantCode(t, err, data.ECONFLICT)
}

// Capacity counts pending and accepted requests, sent and received.
func TestStore_RequestCapacityCountsIncoming(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 4, 4)
	hosts := eventOrgs(t, s, ev, "host", 3, 2)
	guests := eventOrgs(t, s, ev, "guest", 3, 5)
	// Host 0 receives one and sends one: full at 2.
	if _, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: guests[0], ToOrgID: hosts[0]}); err != nil {
		t.Fatal(err)
	}
	r2, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[0], ToOrgID: guests[1]})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: guests[2], ToOrgID: hosts[0]})
	wantCode(t, err, data.ECONFLICT, "to_org_id")
	_, err = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: hosts[0], ToOrgID: guests[2]})
	wantCode(t, err, data.ECONFLICT, "from_org_id")
	// Lowering max_meetings below the open requests is refused.
	_, _, err = s.UpdateParticipant(ev.ID, hosts[0], true, func(f *data.ParticipantFields) error { f.MaxMeetings = 1; return nil })
	wantCode(t, err, data.ECONFLICT, "max_meetings")
	// A declined request frees its place.
	if _, err := s.AnswerRequest(ev.ID, r2.ID, data.RequestDeclined, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: guests[2], ToOrgID: hosts[0]}); err != nil {
		t.Fatal(err)
	}
}

// Two racing requests to a participant with one place left: exactly one
// passes, on every attempt.
func TestStore_ConcurrentRequestsCannotBothPass(t *testing.T) {
	s := MustOpenStore(t)
	for round := 0; round < 10; round++ {
		ev := testEvent(t, s, 4, 4)
		hosts := eventOrgs(t, s, ev, "host", 1, 1)
		guests := eventOrgs(t, s, ev, "guest", 8, 3)
		var wg sync.WaitGroup
		errs := make([]error, len(guests))
		start := make(chan struct{})
		for i, g := range guests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: g, ToOrgID: hosts[0]})
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if data.ErrorCode(err) != data.ECONFLICT {
				t.Fatal(err)
			}
		}
		reqs, _ := s.Requests(ev.ID)
		if ok != 1 || len(reqs) != 1 {
			t.Fatalf("round %d: %d requests passed, %d stored; want 1", round, ok, len(reqs))
		}
	}
}

// scheduled puts a schedule on ev with one meeting per (host, guest, slot).
func scheduled(tb testing.TB, s *bolt.Store, ev data.Event, ms ...data.Meeting) data.Schedule {
	tb.Helper()
	for i := range ms {
		ms[i].Status = data.MeetingScheduled
		if ms[i].Table == 0 {
			ms[i].Table = 1
		}
	}
	sch, err := s.PutSchedule(ev.ID, data.Schedule{Meetings: ms})
	if err != nil {
		tb.Fatal(err)
	}
	return sch
}

func TestStore_MeetingEdits(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 3, 2)
	h := eventOrgs(t, s, ev, "host", 2, 3)
	g := eventOrgs(t, s, ev, "guest", 2, 3)
	sch := scheduled(t, s, ev,
		data.Meeting{HostOrgID: h[0], GuestOrgID: g[0], Slot: 0, Table: 1},
		data.Meeting{HostOrgID: h[1], GuestOrgID: g[1], Slot: 0, Table: 2},
		data.Meeting{HostOrgID: h[0], GuestOrgID: g[1], Slot: 1, Table: 1})
	if ev2, _ := s.Event(ev.ID); ev2.State != data.EventProvisional {
		t.Fatalf("state %s after scheduling", ev2.State)
	}
	id := func(i int) uint64 { return sch.Meetings[i].ID }
	intp := func(v int) *int { return &v }
	// Host 0 already meets in slot 1: moving its other meeting there double-books.
	_, err := s.EditMeeting(ev.ID, id(0), data.MeetingEdit{Slot: intp(1)})
	wantCode(t, err, data.ECONFLICT)
	// Table 2 of slot 0 is taken.
	_, err = s.EditMeeting(ev.ID, id(0), data.MeetingEdit{Table: intp(2)})
	wantCode(t, err, data.ECONFLICT)
	_, err = s.EditMeeting(ev.ID, id(0), data.MeetingEdit{Slot: intp(7)})
	wantCode(t, err, data.EINVALID, "slot")
	_, err = s.EditMeeting(ev.ID, 99, data.MeetingEdit{Slot: intp(2)})
	wantCode(t, err, data.ENOTFOUND)
	// A move to a free slot works and picks a table; nothing else changed.
	got, err := s.EditMeeting(ev.ID, id(0), data.MeetingEdit{Slot: intp(2)})
	if err != nil {
		t.Fatal(err)
	}
	if m := got.Meetings[0]; m.Slot != 2 || m.Table != 1 {
		t.Fatalf("moved meeting %+v", m)
	}
	// Swap meetings 2 (slot 1) and 0 (slot 2), then cancel one.
	if _, err := s.EditMeeting(ev.ID, id(2), data.MeetingEdit{SwapWith: id(0)}); err != nil {
		t.Fatal(err)
	}
	c := "cancelled"
	got, err = s.EditMeeting(ev.ID, id(1), data.MeetingEdit{Status: &c})
	if err != nil || got.Meetings[1].Status != "cancelled" {
		t.Fatalf("cancel: %v %+v", err, got.Meetings)
	}
	// Published: frozen.
	if _, err := s.SetEventState(ev.ID, data.EventFinal); err != nil {
		t.Fatal(err)
	}
	_, err = s.EditMeeting(ev.ID, id(0), data.MeetingEdit{Slot: intp(0)})
	wantCode(t, err, data.ECONFLICT)
	_, _, err = s.UpdateEvent(ev.ID, true, func(f *data.EventFields) error { f.Slots = f.Slots[:1]; return nil })
	wantCode(t, err, data.ECONFLICT)
}

// An edit of the event never drops a scheduled meeting silently: refused
// naming it, or with force moved to unplaced with the reason.
func TestStore_EventEditsNeverDropMeetings(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 3, 2)
	h := eventOrgs(t, s, ev, "host", 2, 3)
	g := eventOrgs(t, s, ev, "guest", 2, 3)
	if _, _, err := s.UpdateParticipant(ev.ID, g[1], false, func(f *data.ParticipantFields) error { f.AvailableSlots = []int{1, 2}; return nil }); err != nil {
		t.Fatal(err)
	}
	sch := scheduled(t, s, ev,
		data.Meeting{HostOrgID: h[0], GuestOrgID: g[0], Slot: 0, Table: 1, Score: 0.9},
		data.Meeting{HostOrgID: h[1], GuestOrgID: g[1], Slot: 1, Table: 2, Score: 0.5},
		data.Meeting{HostOrgID: h[0], GuestOrgID: g[1], Slot: 2, Table: 1, Score: 0.4})
	total := func(sc data.Schedule) int { return len(sc.Meetings) + len(sc.Unplaced) }

	// Removing slot 1 strands meeting 1.
	removeSlot1 := func(f *data.EventFields) error { f.Slots = append(f.Slots[:1:1], f.Slots[2]); return nil }
	_, _, err := s.UpdateEvent(ev.ID, false, removeSlot1)
	wantCode(t, err, data.ECONFLICT, "slots")
	if !strings.Contains(err.Error(), "") || !strings.Contains(fmt.Sprint(err.(*data.Error).Fields), fmt.Sprintf("meeting %d", sch.Meetings[1].ID)) {
		t.Errorf("refusal does not name the meeting: %+v", err.(*data.Error).Fields)
	}
	if now, _ := s.Schedule(ev.ID); len(now.Meetings) != 3 {
		t.Fatalf("a refused edit changed the schedule: %+v", now)
	}
	_, res, err := s.UpdateEvent(ev.ID, true, removeSlot1)
	if err != nil || len(res.Unplaced) != 1 {
		t.Fatalf("forced edit: %v %+v", err, res)
	}
	after, _ := s.Schedule(ev.ID)
	if total(after) != 3 || len(after.Unplaced) != 1 || after.Unplaced[0].Reason != data.UnplacedSlotRemoved {
		t.Fatalf("after removing a slot: %+v", after)
	}
	// The meeting of old slot 2 is now in slot 1, and g[1]'s availability follows.
	if after.Meetings[1].Slot != 1 {
		t.Fatalf("slots not renumbered: %+v", after.Meetings)
	}
	if p, _ := s.Participant(ev.ID, g[1]); fmt.Sprint(p.AvailableSlots) != "[1]" {
		t.Fatalf("availability not renumbered: %v", p.AvailableSlots)
	}
	// Lowering max_meetings of h[0] to 1 strands its lower-scored meeting.
	_, _, err = s.UpdateParticipant(ev.ID, h[0], false, func(f *data.ParticipantFields) error { f.MaxMeetings = 1; return nil })
	wantCode(t, err, data.ECONFLICT, "max_meetings")
	if _, _, err := s.UpdateParticipant(ev.ID, h[0], true, func(f *data.ParticipantFields) error { f.MaxMeetings = 1; return nil }); err != nil {
		t.Fatal(err)
	}
	after, _ = s.Schedule(ev.ID)
	if total(after) != 3 || len(after.Meetings) != 1 || after.Meetings[0].Score != 0.9 {
		t.Fatalf("after lowering max_meetings: %+v", after)
	}
	// Removing the participant of the last meeting: refused, then forced.
	_, err = s.RemoveParticipant(ev.ID, g[0], false)
	wantCode(t, err, data.ECONFLICT, "org_id")
	if _, err := s.RemoveParticipant(ev.ID, g[0], true); err != nil {
		t.Fatal(err)
	}
	after, _ = s.Schedule(ev.ID)
	if total(after) != 3 || len(after.Meetings) != 0 {
		t.Fatalf("after removing a participant: %+v", after)
	}
	reasons := map[string]int{}
	for _, u := range after.Unplaced {
		reasons[u.Reason]++
	}
	if reasons[data.UnplacedSlotRemoved] != 1 || reasons[data.UnplacedOverCapacity] != 1 || reasons[data.UnplacedParticipantRemoved] != 1 {
		t.Fatalf("reasons %v", reasons)
	}
}

// Lowering the number of tables renumbers tables where it can and strands
// only what no longer fits.
func TestStore_FewerTables(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 2, 3)
	h := eventOrgs(t, s, ev, "host", 3, 3)
	g := eventOrgs(t, s, ev, "guest", 3, 3)
	scheduled(t, s, ev,
		data.Meeting{HostOrgID: h[0], GuestOrgID: g[0], Slot: 0, Table: 3, Score: 0.9},
		data.Meeting{HostOrgID: h[1], GuestOrgID: g[1], Slot: 1, Table: 1, Score: 0.5},
		data.Meeting{HostOrgID: h[2], GuestOrgID: g[2], Slot: 1, Table: 3, Score: 0.4})
	_, _, err := s.UpdateEvent(ev.ID, false, func(f *data.EventFields) error { f.Tables = 2; return nil })
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.UpdateEvent(ev.ID, false, func(f *data.EventFields) error { f.Tables = 1; return nil })
	wantCode(t, err, data.ECONFLICT, "tables")
	sch, _ := s.Schedule(ev.ID)
	if sch.Meetings[0].Table != 1 || sch.Meetings[2].Table != 2 {
		t.Fatalf("tables not renumbered: %+v", sch.Meetings)
	}
}

// Deleting an event or an organization removes what hangs on it.
func TestStore_DeletesCascade(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 3, 2)
	h := eventOrgs(t, s, ev, "host", 2, 3)
	g := eventOrgs(t, s, ev, "guest", 2, 3)
	if _, err := s.SetIntent(ev.ID, data.Intent{FromOrgID: g[0], ToOrgID: h[0], Intent: "must_meet"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRule(ev.ID, data.Rule{HostOrgID: h[1], GuestOrgID: g[0], Rule: "met_before"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: h[0], ToOrgID: g[0]}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutMatchList(ev.ID, data.MatchList{Meetings: []data.ProposedMeeting{{HostOrgID: h[0], GuestOrgID: g[0], Score: 1}, {HostOrgID: h[1], GuestOrgID: g[1], Score: 0.5}}}); err != nil {
		t.Fatal(err)
	}
	scheduled(t, s, ev, data.Meeting{HostOrgID: h[0], GuestOrgID: g[0], Slot: 0}, data.Meeting{HostOrgID: h[1], GuestOrgID: g[1], Slot: 0, Table: 2})

	// Deleting organization g[0] takes it out of the event.
	if err := s.DeleteOrganization(g[0]); err != nil {
		t.Fatal(err)
	}
	st, err := s.EventState(ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Participants) != 3 || len(st.Intents) != 0 || len(st.Rules) != 0 || len(st.Requests) != 0 || len(st.MatchList.Meetings) != 1 {
		t.Fatalf("after deleting a participant's organization: %+v", st)
	}
	if len(st.Schedule.Meetings) != 1 || len(st.Schedule.Unplaced) != 1 || st.Schedule.Unplaced[0].Reason != data.UnplacedParticipantRemoved {
		t.Fatalf("schedule after deleting an organization: %+v", st.Schedule)
	}
	if evs, _ := s.EventsOf(g[0]); len(evs) != 0 {
		t.Fatalf("org_events keeps %v", evs)
	}
	if err := s.DeleteEvent(ev.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EventState(ev.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("deleted event: %v", err)
	}
	for _, org := range append(h, g[1]) {
		if evs, _ := s.EventsOf(org); len(evs) != 0 {
			t.Fatalf("org %d still lists events %v", org, evs)
		}
	}
	// A new event with the same id space starts clean.
	ev2 := testEvent(t, s, 2, 2)
	if st, _ := s.EventState(ev2.ID); len(st.Participants)+len(st.Requests)+len(st.Intents) != 0 || st.Schedule != nil {
		t.Fatalf("new event inherits %+v", st)
	}
}

func TestStore_IntentsAndRulesListAndDelete(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 3, 2)
	h := eventOrgs(t, s, ev, "host", 2, 3)
	g := eventOrgs(t, s, ev, "guest", 1, 3)
	if ins, err := s.Intents(ev.ID); err != nil || len(ins) != 0 {
		t.Fatalf("intents of a new event: %v, %v", ins, err)
	}
	for _, in := range []data.Intent{{FromOrgID: g[0], ToOrgID: h[1], Intent: "must_meet"}, {FromOrgID: g[0], ToOrgID: h[0], Intent: "would_meet"}} {
		if _, err := s.SetIntent(ev.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetRule(ev.ID, data.Rule{HostOrgID: h[1], GuestOrgID: g[0], Rule: "met_before"}); err != nil {
		t.Fatal(err)
	}
	ins, err := s.Intents(ev.ID)
	if err != nil || len(ins) != 2 || ins[0].ToOrgID != h[0] || ins[1].ToOrgID != h[1] {
		t.Fatalf("intents by sender then recipient: %+v, %v", ins, err)
	}
	if rs, err := s.Rules(ev.ID); err != nil || len(rs) != 1 || rs[0].HostOrgID != h[1] {
		t.Fatalf("rules: %+v, %v", rs, err)
	}

	if err := s.DeleteIntent(ev.ID, g[0], h[0]); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteIntent(ev.ID, g[0], h[0]), data.ENOTFOUND)
	if ins, _ := s.Intents(ev.ID); len(ins) != 1 || ins[0].ToOrgID != h[1] {
		t.Fatalf("intents after a delete: %+v", ins)
	}
	if err := s.DeleteRule(ev.ID, h[1], g[0]); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteRule(ev.ID, h[1], g[0]), data.ENOTFOUND)
	if rs, _ := s.Rules(ev.ID); len(rs) != 0 {
		t.Fatalf("rules after a delete: %+v", rs)
	}

	missing := ev.ID + 100
	for _, err := range []error{s.DeleteIntent(missing, g[0], h[1]), s.DeleteRule(missing, h[1], g[0])} {
		wantCode(t, err, data.ENOTFOUND)
	}
	if _, err := s.Intents(missing); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("intents of a missing event: %v", err)
	}
	if _, err := s.Rules(missing); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("rules of a missing event: %v", err)
	}
}

// Removing a participant takes its meetings out of the match list, and the
// total of what is left is rounded as the match list rounds it.
func TestStore_RemoveParticipantKeepsMatchListTotalRounded(t *testing.T) {
	s := MustOpenStore(t)
	ev := testEvent(t, s, 4, 4)
	hosts := eventOrgs(t, s, ev, data.SideHost, 2, 4)
	guests := eventOrgs(t, s, ev, data.SideGuest, 2, 4)
	ml := data.MatchList{Meetings: []data.ProposedMeeting{
		{HostOrgID: hosts[0], GuestOrgID: guests[0], Score: 0.1},
		{HostOrgID: hosts[1], GuestOrgID: guests[0], Score: 0.2},
		{HostOrgID: hosts[0], GuestOrgID: guests[1], Score: 0.7},
	}, TotalScore: 1}
	if _, err := s.PutMatchList(ev.ID, ml); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RemoveParticipant(ev.ID, guests[1], false); err != nil {
		t.Fatal(err)
	}
	st, err := s.EventState(ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.MatchList == nil || len(st.MatchList.Meetings) != 2 {
		t.Fatalf("match list after the removal: %+v", st.MatchList)
	}
	if st.MatchList.TotalScore != 0.3 { // 0.1 + 0.2 is 0.30000000000000004 in floats
		t.Fatalf("total %v, want 0.3", st.MatchList.TotalScore)
	}
}
