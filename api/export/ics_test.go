package export

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func parseICS(t *testing.T, s Schedule, orgID uint64, lang string) (*ics.Calendar, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteICS(&buf, s, orgID, lang); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("the library cannot parse our file: %v\n%s", err, raw)
	}
	return cal, raw
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func eventsByUID(cal *ics.Calendar) map[string]*ics.VEvent {
	m := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		m[ev.Id()] = ev
	}
	return m
}

func TestWriteICS(t *testing.T) {
	t.Run("OneEventPerMeeting", func(t *testing.T) {
		cal, raw := parseICS(t, testSchedule(), guestHanbit.OrgID, "en")
		// Hanbit: 101, 105 (cancelled), 107.
		if n := len(cal.Events()); n != 3 {
			t.Fatalf("%d events, want 3:\n%s", n, raw)
		}
		if !strings.Contains(raw, "\r\n") || strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
			t.Error("lines must end with CRLF")
		}
		for _, line := range strings.Split(raw, "\r\n") {
			if len(line) > 75 {
				t.Errorf("line longer than 75 octets: %q", line)
			}
		}
	})
	t.Run("StartInEventZone", func(t *testing.T) {
		cal, raw := parseICS(t, testSchedule(), guestHanbit.OrgID, "en")
		ev := eventsByUID(cal)[UID(7, 101, "")]
		if ev == nil {
			t.Fatalf("no event %s:\n%s", UID(7, 101, ""), raw)
		}
		dt := ev.GetProperty(ics.ComponentPropertyDtStart)
		if dt.Value != "20261210T090000" || strings.Join(dt.ICalParameters["TZID"], "") != "Asia/Ho_Chi_Minh" {
			t.Errorf("DTSTART = %q %v, want 09:00 local with TZID", dt.Value, dt.ICalParameters)
		}
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC); !start.Equal(want) {
			t.Errorf("start = %v, want %v", start.UTC(), want)
		}
		end, _ := ev.GetEndAt()
		if end.Sub(start) != 20*time.Minute {
			t.Errorf("length = %v", end.Sub(start))
		}
		tz := cal.Timezones()
		if len(tz) != 1 || tz[0].GetProperty(ics.ComponentPropertyTzid).Value != "Asia/Ho_Chi_Minh" {
			t.Fatalf("VTIMEZONE missing or wrong:\n%s", raw)
		}
		if !strings.Contains(raw, "TZOFFSETTO:+0700") {
			t.Errorf("no +0700 observance:\n%s", raw)
		}
	})
	t.Run("SummaryLocationDescription", func(t *testing.T) {
		cal, _ := parseICS(t, testSchedule(), guestHanbit.OrgID, "en")
		ev := eventsByUID(cal)[UID(7, 101, "")]
		if got := prop(ev, ics.ComponentPropertySummary); got != "Table 1 · Meeting with Công ty Cổ phần Cơ khí Đông Hải (Vietnam)" {
			t.Errorf("SUMMARY = %q", got)
		}
		if got := ics.FromText(prop(ev, ics.ComponentPropertyLocation)); got != "Trung tâm Hội nghị Thành phố Hải Phòng, Table 1" {
			t.Errorf("LOCATION = %q", got)
		}
		desc := ics.FromText(prop(ev, ics.ComponentPropertyDescription))
		for _, want := range []string{"They need: Tự động hóa dây chuyền hàn khung thép",
			"You offer: 협동 로봇 용접 셀 (Collaborative welding cell)", "Interpreter needed"} {
			if !strings.Contains(desc, want) {
				t.Errorf("DESCRIPTION lacks %q:\n%s", want, desc)
			}
		}
		if prop(ev, ics.ComponentPropertyStatus) != "CONFIRMED" {
			t.Errorf("STATUS = %q", prop(ev, ics.ComponentPropertyStatus))
		}
	})
	t.Run("UIDsStableAcrossMove", func(t *testing.T) {
		before := testSchedule()
		after := testSchedule()
		after.Meetings[0].Slot, after.Meetings[0].Table, after.Meetings[0].Sequence = 4, 2, 1
		after.GeneratedAt = before.GeneratedAt.Add(time.Hour)
		c1, _ := parseICS(t, before, guestHanbit.OrgID, "en")
		c2, _ := parseICS(t, after, guestHanbit.OrgID, "en")
		e1, e2 := eventsByUID(c1), eventsByUID(c2)
		if len(e1) != 3 || len(e2) != 3 {
			t.Fatalf("events %d then %d", len(e1), len(e2))
		}
		for uid := range e1 {
			if e2[uid] == nil {
				t.Errorf("UID %s gone after the move", uid)
			}
		}
		moved1, moved2 := e1[UID(7, 101, "")], e2[UID(7, 101, "")]
		s1, _ := moved1.GetStartAt()
		s2, _ := moved2.GetStartAt()
		if want := time.Date(2026, 12, 10, 10, 20, 0, 0, hcm); !s2.Equal(want) || s1.Equal(s2) {
			t.Errorf("moved start %v -> %v, want %v", s1, s2, want)
		}
		if prop(moved1, ics.ComponentPropertySequence) != "0" || prop(moved2, ics.ComponentPropertySequence) != "1" {
			t.Errorf("SEQUENCE %s -> %s", prop(moved1, ics.ComponentPropertySequence), prop(moved2, ics.ComponentPropertySequence))
		}
		st1, _ := moved1.GetDtStampTime()
		st2, _ := moved2.GetDtStampTime()
		if !st2.After(st1) {
			t.Errorf("DTSTAMP %v -> %v", st1, st2)
		}
	})
	t.Run("CancelledKeepsUID", func(t *testing.T) {
		s := testSchedule()
		s.Meetings[4].Status, s.Meetings[4].Sequence = StatusScheduled, 0
		c1, _ := parseICS(t, s, guestHanbit.OrgID, "en")
		c2, _ := parseICS(t, testSchedule(), guestHanbit.OrgID, "en") // 105 cancelled
		uid := UID(7, 105, "")
		e1, e2 := eventsByUID(c1)[uid], eventsByUID(c2)[uid]
		if e1 == nil || e2 == nil {
			t.Fatalf("UID %s missing", uid)
		}
		if prop(e1, ics.ComponentPropertyStatus) != "CONFIRMED" || prop(e2, ics.ComponentPropertyStatus) != "CANCELLED" {
			t.Errorf("STATUS %s -> %s", prop(e1, ics.ComponentPropertyStatus), prop(e2, ics.ComponentPropertyStatus))
		}
		if prop(e2, ics.ComponentPropertySequence) <= prop(e1, ics.ComponentPropertySequence) {
			t.Errorf("SEQUENCE did not grow on cancellation")
		}
	})
	t.Run("ProvisionalIsTentative", func(t *testing.T) {
		s := testSchedule()
		s.Provisional = true
		cal, _ := parseICS(t, s, hostDongHai.OrgID, "vi")
		for _, ev := range cal.Events() {
			if prop(ev, ics.ComponentPropertyStatus) != "TENTATIVE" {
				t.Errorf("%s STATUS = %s", ev.Id(), prop(ev, ics.ComponentPropertyStatus))
			}
			if !strings.HasPrefix(prop(ev, ics.ComponentPropertySummary), "Bàn ") {
				t.Errorf("Vietnamese SUMMARY = %q", prop(ev, ics.ComponentPropertySummary))
			}
		}
	})
	t.Run("DaylightSavingZone", func(t *testing.T) {
		// Brussels goes to summer time on 28 March 2027 at 02:00: a slot on
		// the 27th is +01:00, one on the 29th +02:00.
		brussels := mustLoad("Europe/Brussels")
		s := testSchedule()
		s.Event.TimeZone = "Europe/Brussels"
		s.Event.Slots = []Slot{{Start: time.Date(2027, 3, 27, 9, 0, 0, 0, brussels), Minutes: 20},
			{Start: time.Date(2027, 3, 29, 9, 0, 0, 0, brussels), Minutes: 20}}
		s.Meetings = []Meeting{
			{ID: 1, Slot: 0, Table: 1, Host: hostDongHai, Guest: guestLumiere},
			{ID: 2, Slot: 1, Table: 1, Host: hostDongHai, Guest: guestMuller},
		}
		cal, raw := parseICS(t, s, hostDongHai.OrgID, "en")
		want := map[string]time.Time{UID(7, 1, ""): time.Date(2027, 3, 27, 8, 0, 0, 0, time.UTC),
			UID(7, 2, ""): time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC)}
		for uid, ev := range eventsByUID(cal) {
			got, err := ev.GetStartAt()
			if err != nil || !got.Equal(want[uid]) {
				t.Errorf("%s start %v (%v), want %v", uid, got.UTC(), err, want[uid])
			}
			if prop(ev, ics.ComponentPropertyDtStart) != "20270327T090000" && prop(ev, ics.ComponentPropertyDtStart) != "20270329T090000" {
				t.Errorf("DTSTART = %s, want local 09:00", prop(ev, ics.ComponentPropertyDtStart))
			}
		}
		for _, want := range []string{"BEGIN:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:20270328T020000",
			"TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST"} {
			if !strings.Contains(raw, want) {
				t.Errorf("VTIMEZONE lacks %s:\n%s", want, raw)
			}
		}
	})
	t.Run("UTCEvent", func(t *testing.T) {
		s := testSchedule()
		s.Event.TimeZone = ""
		cal, raw := parseICS(t, s, hostDongHai.OrgID, "en")
		ev := eventsByUID(cal)[UID(7, 101, "")]
		if got := prop(ev, ics.ComponentPropertyDtStart); got != "20261210T020000Z" {
			t.Errorf("DTSTART = %s", got)
		}
		if strings.Contains(raw, "VTIMEZONE") {
			t.Error("a UTC event needs no VTIMEZONE")
		}
	})
	t.Run("UIDDomain", func(t *testing.T) {
		s := testSchedule()
		s.UIDDomain = "match.techfest-haiphong.vn"
		cal, _ := parseICS(t, s, hostDongHai.OrgID, "en")
		if ev := eventsByUID(cal)["event-7-meeting-101@match.techfest-haiphong.vn"]; ev == nil {
			t.Error("UID does not use the domain")
		}
	})
	t.Run("NoMeetingsStillValid", func(t *testing.T) {
		s := testSchedule()
		s.Participants = append(s.Participants, Party{OrgID: 31, Name: "Công ty Khởi nghiệp Rạng Đông", Side: SideHost})
		cal, raw := parseICS(t, s, 31, "en")
		if len(cal.Events()) != 0 || len(cal.Timezones()) != 1 {
			t.Errorf("want no events and the zone:\n%s", raw)
		}
	})
	t.Run("ErrNotParticipant", func(t *testing.T) {
		err := WriteICS(&bytes.Buffer{}, testSchedule(), 999, "en")
		if !errors.Is(err, ErrNotParticipant) {
			t.Fatalf("err = %v", err)
		}
	})
}
