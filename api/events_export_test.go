package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
)

// scheduleDirect stores a schedule of three meetings through the store, so
// the export routes are tested apart from the scheduler.
func (f *eventFixture) scheduleDirect(t *testing.T) data.Schedule {
	t.Helper()
	h, g := f.hostID, f.guestID
	ms := []data.Meeting{
		{HostOrgID: h(0), GuestOrgID: g(0), Slot: 0, Table: 1, InterpreterNeeded: true},
		{HostOrgID: h(1), GuestOrgID: g(0), Slot: 1, Table: 1},
		{HostOrgID: h(1), GuestOrgID: g(1), Slot: 0, Table: 2},
	}
	for i := range ms {
		ms[i].Status = data.MeetingScheduled
	}
	sch, err := f.ts.Store.PutSchedule(f.ev.ID, data.Schedule{Meetings: ms,
		Unplaced: []data.Unplaced{{HostOrgID: h(2), GuestOrgID: g(2), Reason: data.UnplacedNoCommonSlot, Detail: "no slot both are free in"}}})
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func parseICS(t *testing.T, body []byte) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse ics: %v\n%s", err, body)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func TestAPI_EventExports(t *testing.T) {
	f := newEventFixture(t, 3, 2, 3)
	ts := f.ts
	sch := f.scheduleDirect(t)
	g0 := fmt.Sprintf("/agenda/%d", f.guestID(0))

	t.Run("XLSXForTheOrganizer", func(t *testing.T) {
		r := ts.mustOK(t, 200, "GET", f.path("/schedule.xlsx"), adminToken, nil)
		if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("content type %q", r.Header.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if sheets := x.GetSheetList(); len(sheets) < 3 {
			t.Fatalf("sheets %v", sheets)
		}
		found := false
		for _, sh := range x.GetSheetList() {
			rows, _ := x.GetRows(sh)
			for _, row := range rows {
				found = found || strings.Contains(strings.Join(row, "|"), "Busan Guest 0")
			}
		}
		if !found {
			t.Fatal("no sheet names Busan Guest 0")
		}
		if r := ts.do(t, "GET", f.path("/schedule.xlsx"), f.hosts[0].Token, nil); r.Status != 403 {
			t.Fatalf("a participant downloads the whole schedule: %d", r.Status)
		}
	})
	t.Run("CSVRowsPerMeeting", func(t *testing.T) {
		r := ts.mustOK(t, 200, "GET", f.path("/schedule.csv?lang=vi"), adminToken, nil)
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(sch.Meetings) {
			t.Fatalf("%d CSV rows for %d meetings: %v", len(rows), len(sch.Meetings), rows)
		}
		if r := ts.do(t, "GET", f.path("/schedule.csv?lang=xx"), adminToken, nil); r.Status != 400 || !strings.Contains(string(r.Body), `"lang"`) {
			t.Fatalf("bad lang: %d %s", r.Status, r.Body)
		}
	})
	t.Run("AgendaVisibility", func(t *testing.T) {
		for _, ext := range []string{".ics", ".pdf", ""} {
			if r := ts.do(t, "GET", f.path(g0+ext), f.guests[0].Token, nil); r.Status != 403 {
				t.Errorf("agenda%s before publishing: %d", ext, r.Status)
			}
			ts.mustOK(t, 200, "GET", f.path(g0+ext), adminToken, nil) // the organizer's preview
		}
	})
	var before map[string]*ics.VEvent
	t.Run("ICSStableUIDsAcrossAMove", func(t *testing.T) {
		before = parseICS(t, ts.mustOK(t, 200, "GET", f.path(g0+".ics"), adminToken, nil).Body)
		if len(before) != 2 {
			t.Fatalf("%d events in guest 0's calendar, want 2", len(before))
		}
		// Move guest 0's slot-1 meeting to slot 2 and cancel the other.
		ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/meetings/%d", sch.Meetings[1].ID)), adminToken, map[string]any{"slot": 2})
		ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/meetings/%d", sch.Meetings[0].ID)), adminToken, map[string]any{"status": "cancelled"})
		after := parseICS(t, ts.mustOK(t, 200, "GET", f.path(g0+".ics"), adminToken, nil).Body)
		if len(after) != 2 {
			t.Fatalf("%d events after the move", len(after))
		}
		for uid, ev := range after {
			old, ok := before[uid]
			if !ok {
				t.Fatalf("UID %s is new after a move", uid)
			}
			seq := func(e *ics.VEvent) string {
				if p := e.GetProperty(ics.ComponentPropertySequence); p != nil {
					return p.Value
				}
				return "0"
			}
			if seq(ev) == seq(old) {
				t.Errorf("UID %s: SEQUENCE %s unchanged after a change", uid, seq(ev))
			}
			start := ev.GetProperty(ics.ComponentPropertyDtStart)
			if start == nil || !strings.Contains(fmt.Sprint(start.ICalParameters), "Asia/Ho_Chi_Minh") {
				t.Errorf("DTSTART %v not in the event's zone", start)
			}
		}
		cancelled := 0
		for _, ev := range after {
			if p := ev.GetProperty(ics.ComponentPropertyStatus); p != nil && p.Value == "CANCELLED" {
				cancelled++
			}
		}
		if cancelled != 1 {
			t.Errorf("%d cancelled events, want 1", cancelled)
		}
	})
	t.Run("PublishedAgendas", func(t *testing.T) {
		ts.mustOK(t, 200, "POST", f.path("/publish"), adminToken, nil)
		r := ts.mustOK(t, 200, "GET", f.path(g0+".pdf"), f.guests[0].Token, nil)
		if !bytes.HasPrefix(r.Body, []byte("%PDF")) || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("not a PDF: %q %q", r.Header.Get("Content-Type"), r.Body[:min(8, len(r.Body))])
		}
		cal := parseICS(t, ts.mustOK(t, 200, "GET", f.path(g0+".ics"), f.guests[0].Token, nil).Body)
		for uid := range cal {
			if _, ok := before[uid]; !ok {
				t.Errorf("published UID %s differs from the preview's", uid)
			}
		}
		for name, token := range map[string]string{"another participant": f.guests[1].Token, "an outsider": f.outsider.Token, "no token": ""} {
			for _, ext := range []string{".ics", ".pdf"} {
				if r := ts.do(t, "GET", f.path(g0+ext), token, nil); r.Status != 403 && r.Status != 401 {
					t.Errorf("%s reads guest 0's agenda%s: %d", name, ext, r.Status)
				}
			}
		}
		if r := ts.do(t, "GET", f.path(fmt.Sprintf("/agenda/%d.ics", f.outsider.Organization.ID)), adminToken, nil); r.Status != 404 {
			t.Errorf("agenda of a non-participant: %d", r.Status)
		}
	})
}
