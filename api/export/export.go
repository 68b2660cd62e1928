// Package export renders a matchmaking event's schedule as the files people
// open on the day: the organizer's whole schedule as XLSX and CSV, and one
// participant's agenda as an iCalendar file and a printable PDF. It also
// reads an event's participants from a spreadsheet (participants.go).
//
// The package owns its own view model (Schedule, Event, Meeting, Party...):
// callers map their records onto it, so export imports neither the store nor
// the HTTP layer. Every writer renders times in the event's IANA time zone
// and takes all its text from the Schedule, so the same Schedule always
// gives the same file (apart from GeneratedAt, which the caller sets).
package export

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // event time zones resolve on machines without zoneinfo

	"golang.org/x/text/unicode/norm"
)

// Sides of a participant.
const (
	SideHost  = "host"
	SideGuest = "guest"
)

// Meeting statuses.
const (
	StatusScheduled = "scheduled"
	StatusCancelled = "cancelled"
)

// DefaultUIDDomain ends calendar UIDs when Schedule.UIDDomain is empty.
const DefaultUIDDomain = "events.techmatch"

// ErrNotParticipant is returned by the agenda writers (WriteICS, WritePDF)
// when the organization is not a participant of the event.
var ErrNotParticipant = errors.New("export: organization is not a participant of the event")

// Event is what the exports show of an event.
type Event struct {
	ID       uint64
	Name     string
	Venue    string
	TimeZone string // IANA name, e.g. "Asia/Ho_Chi_Minh"; "" means UTC
	Tables   int
	Slots    []Slot // a meeting's Slot is an index into Slots
}

// Slot is one meeting slot of an event.
type Slot struct {
	Start   time.Time
	Minutes int
}

// End is the end of the slot.
func (s Slot) End() time.Time { return s.Start.Add(time.Duration(s.Minutes) * time.Minute) }

// Party is a participant of an event (an organization on one side).
type Party struct {
	OrgID             uint64
	Name              string
	Country           string
	Side              string // SideHost or SideGuest
	Delegation        string // e.g. "Korea"; mostly for guests
	Languages         []string
	BringsInterpreter bool
	MaxMeetings       int
	// AvailableSlots are the slot indexes the party can meet in; empty
	// means every slot.
	AvailableSlots []int
}

// Meeting is one scheduled (or cancelled) meeting between a host and a guest.
type Meeting struct {
	ID                uint64
	Slot              int // index into Event.Slots
	Table             int // 1-based table number
	Host, Guest       Party
	InterpreterNeeded bool
	// NeedTitle and OfferTitle are the need and the offer that made the
	// match. NeedSide says whose need it is (SideHost or SideGuest; the
	// other side made the offer); "" when unknown.
	NeedTitle, OfferTitle string
	NeedSide              string
	Status                string // StatusScheduled or StatusCancelled; "" means scheduled
	Score                 float64
	// Sequence counts the changes to the meeting (moves, cancellation); it
	// is the calendar SEQUENCE, so calendars replace an older copy with a
	// newer one. A cancelled meeting is exported with at least 1.
	Sequence int
	// Updated is when the meeting last changed (LAST-MODIFIED); zero means
	// unknown.
	Updated time.Time
}

// Cancelled reports whether the meeting was cancelled.
func (m Meeting) Cancelled() bool { return m.Status == StatusCancelled }

// Unplaced is a chosen pair that could not be given a slot and table.
type Unplaced struct {
	Host, Guest Party
	Reason      string
}

// Schedule is everything the exports render.
type Schedule struct {
	Event        Event
	Meetings     []Meeting
	Unplaced     []Unplaced
	Participants []Party
	// Provisional marks a schedule that is not yet published; the files
	// say so (PDF watermark, XLSX print header, ICS TENTATIVE).
	Provisional bool
	GeneratedAt time.Time
	// UIDDomain ends the calendar UIDs (the deployment's host name keeps
	// two installations' UIDs apart); "" means DefaultUIDDomain.
	UIDDomain string
}

// prepared is a validated Schedule with its time zone and days resolved.
type prepared struct {
	Schedule
	loc  *time.Location
	days []day
	// dayOf maps a slot index to its index in days.
	dayOf []int
}

// day is a calendar day of the event in its time zone.
type day struct {
	date  time.Time // midnight, event zone
	slots []int     // slot indexes, by start time
}

func prepare(s Schedule) (*prepared, error) {
	p := &prepared{Schedule: s}
	loc, err := eventLocation(s.Event.TimeZone)
	if err != nil {
		return nil, err
	}
	p.loc = loc
	for i, m := range s.Meetings {
		if m.Slot < 0 || m.Slot >= len(s.Event.Slots) {
			return nil, fmt.Errorf("export: meeting %d (index %d): slot %d out of range [0, %d)", m.ID, i, m.Slot, len(s.Event.Slots))
		}
	}
	order := make([]int, len(s.Event.Slots))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return s.Event.Slots[order[a]].Start.Before(s.Event.Slots[order[b]].Start)
	})
	p.dayOf = make([]int, len(s.Event.Slots))
	for _, i := range order {
		t := s.Event.Slots[i].Start.In(loc)
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		if n := len(p.days); n == 0 || !p.days[n-1].date.Equal(d) {
			p.days = append(p.days, day{date: d})
		}
		p.days[len(p.days)-1].slots = append(p.days[len(p.days)-1].slots, i)
		p.dayOf[i] = len(p.days) - 1
	}
	return p, nil
}

// eventLocation resolves an event's IANA time zone; "" is UTC.
func eventLocation(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("export: event time zone %q: %w", name, err)
	}
	return loc, nil
}

// sortedMeetings returns the meetings by slot start, then table, then ID.
func (p *prepared) sortedMeetings(keep func(Meeting) bool) []Meeting {
	var out []Meeting
	for _, m := range p.Meetings {
		if keep == nil || keep(m) {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		sa, sb := p.Event.Slots[out[a].Slot].Start, p.Event.Slots[out[b].Slot].Start
		if !sa.Equal(sb) {
			return sa.Before(sb)
		}
		if out[a].Table != out[b].Table {
			return out[a].Table < out[b].Table
		}
		return out[a].ID < out[b].ID
	})
	return out
}

// participant finds an organization among the participants, or in the
// meetings when the participant list leaves it out.
func (p *prepared) participant(orgID uint64) (Party, bool) {
	for _, q := range p.Participants {
		if q.OrgID == orgID {
			return q, true
		}
	}
	for _, m := range p.Meetings {
		if m.Host.OrgID == orgID {
			return m.Host, true
		}
		if m.Guest.OrgID == orgID {
			return m.Guest, true
		}
	}
	return Party{}, false
}

// agendaOf returns the meetings of one organization, by time.
func (p *prepared) agendaOf(orgID uint64) []Meeting {
	return p.sortedMeetings(func(m Meeting) bool { return m.Host.OrgID == orgID || m.Guest.OrgID == orgID })
}

// slotTimes formats a slot as "09:00–09:20" in the event's zone.
func (p *prepared) slotTimes(i int) string {
	sl := p.Event.Slots[i]
	return sl.Start.In(p.loc).Format("15:04") + "–" + sl.End().In(p.loc).Format("15:04")
}

// counterpart returns the other party of a meeting for orgID.
func counterpart(m Meeting, orgID uint64) Party {
	if m.Host.OrgID == orgID {
		return m.Guest
	}
	return m.Host
}

// delegation is the delegation a meeting belongs to: the guest's, else the
// host's.
func delegation(m Meeting) string {
	if m.Guest.Delegation != "" {
		return m.Guest.Delegation
	}
	return m.Host.Delegation
}

// clean makes a value safe to render: NFC (so Vietnamese uses precomposed
// letters the fonts have), no control characters, single-line.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0), r == 0xfffe, r == 0xffff:
			// Controls and the noncharacters XML refuses.
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// isVietnamese reports whether lang asks for Vietnamese ("vi", "vi-VN").
func isVietnamese(lang string) bool {
	lang = strings.ToLower(strings.TrimSpace(lang))
	return lang == "vi" || strings.HasPrefix(lang, "vi-") || strings.HasPrefix(lang, "vi_")
}
