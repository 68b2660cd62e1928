package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

const icsLocalFormat = "20060102T150405"

// UID is the calendar UID of a meeting: derived from the event and the
// meeting only, so a moved or cancelled meeting replaces the entry a
// calendar already has instead of adding a second one.
func UID(eventID, meetingID uint64, domain string) string {
	if domain == "" {
		domain = DefaultUIDDomain
	}
	return fmt.Sprintf("event-%d-meeting-%d@%s", eventID, meetingID, domain)
}

// WriteICS writes one participant's agenda as an iCalendar file (RFC 5545,
// METHOD:PUBLISH): a VEVENT per meeting of orgID, with DTSTART and DTEND
// in the event's time zone (TZID plus a VTIMEZONE that covers the event's
// dates, so the times stay right in calendars set to another zone), the
// table and the counterpart in SUMMARY and LOCATION, and the need and offer
// in DESCRIPTION (English, or Vietnamese for lang "vi"). UIDs come from
// UID, SEQUENCE from Meeting.Sequence, DTSTAMP is GeneratedAt; a cancelled
// meeting keeps its UID and has STATUS:CANCELLED, a provisional one
// STATUS:TENTATIVE. Returns ErrNotParticipant if orgID is not in the event.
func WriteICS(w io.Writer, s Schedule, orgID uint64, lang string) error {
	p, err := prepare(s)
	if err != nil {
		return err
	}
	me, ok := p.participant(orgID)
	if !ok {
		return ErrNotParticipant
	}
	l := labelsFor(lang)
	stamp := s.GeneratedAt
	if stamp.IsZero() {
		stamp = time.Now()
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//techmatch//Event agenda//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(clean(s.Event.Name) + " – " + clean(me.Name))
	tzid := p.loc.String()
	cal.SetXWRTimezone(tzid)
	meetings := p.agendaOf(orgID)
	addTimezone(cal, p)
	for _, m := range meetings {
		sl := p.Event.Slots[m.Slot]
		other := counterpart(m, orgID)
		ev := cal.AddEvent(UID(s.Event.ID, m.ID, s.UIDDomain))
		ev.SetDtStampTime(stamp)
		if !m.Updated.IsZero() {
			ev.SetModifiedAt(m.Updated)
		}
		if p.loc == time.UTC {
			ev.SetStartAt(sl.Start)
			ev.SetEndAt(sl.End())
		} else {
			ev.SetProperty(ics.ComponentPropertyDtStart, sl.Start.In(p.loc).Format(icsLocalFormat), ics.WithTZID(tzid))
			ev.SetProperty(ics.ComponentPropertyDtEnd, sl.End().In(p.loc).Format(icsLocalFormat), ics.WithTZID(tzid))
		}
		seq := m.Sequence
		if m.Cancelled() && seq < 1 {
			seq = 1
		}
		ev.SetSequence(seq)
		table := fmt.Sprintf(l.TableN, m.Table)
		summary := table + " · " + l.MeetingWith + " " + l.orgLabel(other)
		if m.Cancelled() {
			summary += " (" + l.CancelledNote + ")"
		}
		ev.SetSummary(summary)
		loc := table
		if v := clean(s.Event.Venue); v != "" {
			loc = v + ", " + table
		}
		ev.SetLocation(loc)
		ev.SetDescription(agendaDescription(p, l, m, me, other))
		switch {
		case m.Cancelled():
			ev.SetStatus(ics.ObjectStatusCancelled)
			ev.SetTimeTransparency(ics.TransparencyTransparent)
		case s.Provisional:
			ev.SetStatus(ics.ObjectStatusTentative)
		default:
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	// bufio keeps the first write error, which SerializeTo drops for the
	// BEGIN and END lines.
	bw := bufio.NewWriter(w)
	if err := cal.SerializeTo(bw, ics.WithNewLine("\r\n")); err != nil {
		return err
	}
	return bw.Flush()
}

// agendaDescription is the DESCRIPTION of a meeting: the event, the
// counterpart, what each side brings, the interpreter flag.
func agendaDescription(p *prepared, l *labels, m Meeting, me, other Party) string {
	var b strings.Builder
	b.WriteString(clean(p.Event.Name))
	b.WriteString("\n")
	b.WriteString(l.MeetingWith + ": " + l.orgLabel(other))
	if d := clean(other.Delegation); d != "" {
		b.WriteString(" – " + l.Delegation + ": " + d)
	}
	b.WriteString("\n")
	for _, line := range topicLines(l, m, me.OrgID) {
		b.WriteString(line + "\n")
	}
	if m.InterpreterNeeded {
		b.WriteString(l.InterpreterNeeded + "\n")
	}
	if p.Provisional {
		b.WriteString(l.ProvisionalNote + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// topicLines says what the meeting is about from orgID's point of view:
// "They need: ...", "You offer: ...".
func topicLines(l *labels, m Meeting, orgID uint64) []string {
	need, offer := clean(m.NeedTitle), clean(m.OfferTitle)
	mySide := SideGuest
	if m.Host.OrgID == orgID {
		mySide = SideHost
	}
	var lines []string
	switch {
	case m.NeedSide == "":
		if need != "" {
			lines = append(lines, l.NeedLabel+": "+need)
		}
		if offer != "" {
			lines = append(lines, l.OfferLabel+": "+offer)
		}
	case m.NeedSide == mySide:
		if need != "" {
			lines = append(lines, l.YouNeed+": "+need)
		}
		if offer != "" {
			lines = append(lines, l.TheyOffer+": "+offer)
		}
	default:
		if need != "" {
			lines = append(lines, l.TheyNeed+": "+need)
		}
		if offer != "" {
			lines = append(lines, l.YouOffer+": "+offer)
		}
	}
	return lines
}

// addTimezone adds the VTIMEZONE of the event's zone: one observance per
// UTC offset in force from a week before the first slot to a week after the
// last (each observance from its transition, no RRULE), so any calendar
// converts the event's local times exactly, whatever its own zone. UTC
// events use UTC times and need none.
func addTimezone(cal *ics.Calendar, p *prepared) {
	if p.loc == time.UTC {
		return
	}
	tz := cal.AddTimezone(p.loc.String())
	from, to := p.GeneratedAt, p.GeneratedAt
	if len(p.Event.Slots) > 0 {
		from, to = p.Event.Slots[0].Start, p.Event.Slots[0].End()
		for _, sl := range p.Event.Slots {
			from, to = minTime(from, sl.Start), maxTime(to, sl.End())
		}
	}
	if from.IsZero() {
		from, to = time.Now(), time.Now()
	}
	from, to = from.Add(-7*24*time.Hour).In(p.loc), to.Add(7*24*time.Hour)
	for t := from; ; {
		start, end := t.ZoneBounds()
		name, offset := t.Zone()
		prev := offset
		dtstart := "19700101T000000"
		if !start.IsZero() {
			_, prev = start.Add(-time.Second).Zone()
			dtstart = start.In(time.FixedZone("", prev)).Format(icsLocalFormat)
		}
		obs := &ics.ComponentBase{}
		obs.SetProperty(ics.ComponentPropertyDtStart, dtstart)
		obs.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icsOffset(prev))
		obs.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icsOffset(offset))
		if name != "" {
			obs.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		}
		if t.IsDST() {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: *obs})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: *obs})
		}
		if end.IsZero() || end.After(to) {
			break
		}
		t = end.In(p.loc)
	}
}

// icsOffset formats a UTC offset as iCalendar's UTC-OFFSET: +0700, -0330.
func icsOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
