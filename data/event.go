package data

import (
	"fmt"
	"sort"
	"strconv"
	"time"
	_ "time/tzdata" // IANA zones on machines without a zoneinfo database
)

// Event states, in the order an event goes through them: participants
// register and request meetings (open), the organizer places the match list
// in a schedule and edits it (provisional), publishes it (final, frozen,
// agendas readable) and closes the event when it is over (closed).
const (
	EventOpen        = "open"
	EventProvisional = "provisional"
	EventFinal       = "final"
	EventClosed      = "closed"
)

// Sides of an event: hosts (the local enterprises that posted needs) receive
// guests (the visiting delegations) at their table.
const (
	SideHost  = "host"
	SideGuest = "guest"
)

// Intents a participant states about another.
const (
	IntentMustMeet  = "must_meet"
	IntentWouldMeet = "would_meet"
	IntentNoThanks  = "no_thanks"
)

// Organizer rules on a host-guest pair.
const (
	RuleForbid    = "forbid"
	RuleForce     = "force"
	RuleMetBefore = "met_before"
)

// Meeting request statuses.
const (
	RequestPending   = "pending"
	RequestAccepted  = "accepted"
	RequestDeclined  = "declined"
	RequestCancelled = "cancelled"
)

// Meeting statuses in a schedule.
const (
	MeetingScheduled = "scheduled"
	MeetingCancelled = "cancelled"
)

// Reasons a meeting is unplaced; the scheduler adds its own.
const (
	UnplacedSlotRemoved        = "slot_removed"
	UnplacedParticipantRemoved = "participant_removed"
	UnplacedOverCapacity       = "over_capacity"
	UnplacedUnavailable        = "participant_unavailable"
	UnplacedTablesFull         = "tables_full"
	UnplacedNoCommonSlot       = "no_common_slot"
)

// Limits of an event.
const (
	MaxSlots  = 500
	MaxTables = 10000
)

// Slot is one meeting round of an event. Slots are referred to by their
// 0-based index in the event's list.
type Slot struct {
	Start   time.Time `json:"start"`
	Minutes int       `json:"minutes"`
}

// End is when the slot ends.
func (s Slot) End() time.Time { return s.Start.Add(time.Duration(s.Minutes) * time.Minute) }

// EventFields are the parts of an Event the organizer writes.
type EventFields struct {
	Name  string `json:"name" validate:"required,min=2,max=200"`
	Venue string `json:"venue,omitempty" validate:"max=300"`
	// Timezone is an IANA zone name ("Asia/Ho_Chi_Minh"); agendas and
	// exports show times in it.
	Timezone string `json:"timezone" validate:"required,max=64"`
	Tables   int    `json:"tables" validate:"min=1,max=10000"`
	Slots    []Slot `json:"slots" validate:"max=500"`
}

// Location returns the event's time zone, UTC if it is not valid.
func (f EventFields) Location() *time.Location {
	if loc, err := LoadZone(f.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// LoadZone loads an IANA time zone by name. Unlike time.LoadLocation it
// refuses "" and "Local", which name no zone.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone", name)
	}
	return time.LoadLocation(name)
}

// Validate checks f, including what tags cannot say (an IANA zone, slots of
// positive length that do not overlap), and returns an *Error with code
// EINVALID naming each bad field.
func (f EventFields) Validate() error {
	err := validateStruct(f)
	var extra []FieldError
	if f.Timezone != "" {
		if _, zerr := LoadZone(f.Timezone); zerr != nil {
			extra = append(extra, FieldError{Field: "timezone", Message: "must be an IANA time zone such as Asia/Ho_Chi_Minh"})
		}
	}
	if len(f.Slots) > MaxSlots {
		return MergeFieldErrors(err, extra)
	}
	order := make([]int, 0, len(f.Slots))
	for i, s := range f.Slots {
		name := "slots[" + strconv.Itoa(i) + "]"
		switch {
		case s.Start.IsZero():
			extra = append(extra, FieldError{Field: name + ".start", Message: "is required (RFC 3339, e.g. 2026-12-10T09:00:00+07:00)"})
		case s.Minutes < 1 || s.Minutes > 24*60:
			extra = append(extra, FieldError{Field: name + ".minutes", Message: "must be from 1 to 1440"})
		default:
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return f.Slots[order[a]].Start.Before(f.Slots[order[b]].Start) })
	for k := 1; k < len(order); k++ {
		prev, cur := f.Slots[order[k-1]], f.Slots[order[k]]
		if cur.Start.Before(prev.End()) {
			extra = append(extra, FieldError{Field: "slots[" + strconv.Itoa(order[k]) + "].start",
				Message: "overlaps slot " + strconv.Itoa(order[k-1]) + " (" + prev.Start.Format(time.RFC3339) + ", " + strconv.Itoa(prev.Minutes) + " minutes)"})
		}
	}
	return MergeFieldErrors(err, extra)
}

// Event is a matchmaking session: slots, tables and participants.
type Event struct {
	ID uint64 `json:"id"`
	EventFields
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ParticipantFields are the parts of a Participant the organizer (and, for
// some of them, the participant) writes.
type ParticipantFields struct {
	Side       string `json:"side" validate:"required,oneof=host guest"`
	Delegation string `json:"delegation,omitempty" validate:"max=100"`
	// MaxMeetings bounds the participant's meetings: scheduled ones, and
	// pending plus accepted requests, sent and received together.
	MaxMeetings int `json:"max_meetings" validate:"min=0,max=500"`
	// AvailableSlots are the slot indexes the participant can meet in;
	// empty means every slot.
	AvailableSlots    []int    `json:"available_slots" validate:"max=500"`
	Languages         []string `json:"languages,omitempty" validate:"max=10,dive,language"`
	BringsInterpreter bool     `json:"brings_interpreter"`
}

// Validate checks f against an event with the given number of slots and
// returns an *Error with code EINVALID naming each bad field.
func (f ParticipantFields) Validate(slots int) error {
	err := validateStruct(f)
	var extra []FieldError
	seen := map[int]bool{}
	for i, s := range f.AvailableSlots {
		name := "available_slots[" + strconv.Itoa(i) + "]"
		switch {
		case s < 0 || s >= slots:
			extra = append(extra, FieldError{Field: name, Message: slotRange(s, slots)})
		case seen[s]:
			extra = append(extra, FieldError{Field: name, Message: fmt.Sprintf("slot %d is listed twice", s)})
		}
		seen[s] = true
	}
	return MergeFieldErrors(err, extra)
}

// Available reports whether the participant can meet in slot.
func (f ParticipantFields) Available(slot int) bool {
	if len(f.AvailableSlots) == 0 {
		return true
	}
	for _, s := range f.AvailableSlots {
		if s == slot {
			return true
		}
	}
	return false
}

// AvailableCount is how many of the event's slots the participant can meet in.
func (f ParticipantFields) AvailableCount(slots int) int {
	if len(f.AvailableSlots) == 0 {
		return slots
	}
	return len(f.AvailableSlots)
}

// Participant is an organization taking part in an event.
type Participant struct {
	EventID uint64 `json:"event_id"`
	OrgID   uint64 `json:"org_id"`
	ParticipantFields
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Intent is what one participant wants of a meeting with another.
type Intent struct {
	EventID   uint64    `json:"event_id"`
	FromOrgID uint64    `json:"from_org_id" validate:"required"`
	ToOrgID   uint64    `json:"to_org_id" validate:"required"`
	Intent    string    `json:"intent" validate:"required,oneof=must_meet would_meet no_thanks"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks the tag rules of i.
func (i Intent) Validate() error { return validateStruct(i) }

// Rule is an organizer's rule on a host-guest pair: forbid it, force it in,
// or mark it as having met before (so it is not proposed again).
type Rule struct {
	EventID    uint64    `json:"event_id"`
	HostOrgID  uint64    `json:"host_org_id" validate:"required"`
	GuestOrgID uint64    `json:"guest_org_id" validate:"required"`
	Rule       string    `json:"rule" validate:"required,oneof=forbid force met_before"`
	Note       string    `json:"note,omitempty" validate:"max=500"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks the tag rules of r.
func (r Rule) Validate() error { return validateStruct(r) }

// RequestFields are what the sender of a meeting request writes.
type RequestFields struct {
	// FromOrgID is the sender; an organization's token may leave it out.
	FromOrgID uint64 `json:"from_org_id"`
	ToOrgID   uint64 `json:"to_org_id" validate:"required"`
	Message   string `json:"message,omitempty" validate:"max=2000"`
}

// Validate checks the tag rules of f.
func (f RequestFields) Validate() error { return validateStruct(f) }

// Request is a meeting request from one participant to one of the other side.
type Request struct {
	ID      uint64 `json:"id"`
	EventID uint64 `json:"event_id"`
	RequestFields
	Status string `json:"status"`
	// Reply is what the recipient said when accepting or declining.
	Reply     string    `json:"reply,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open reports whether the request holds capacity (pending or accepted).
func (r Request) Open() bool { return r.Status == RequestPending || r.Status == RequestAccepted }

// Involves reports whether org sent or received the request.
func (r Request) Involves(org uint64) bool { return r.FromOrgID == org || r.ToOrgID == org }

// ProposedMeeting is one pair of an event's match list.
type ProposedMeeting struct {
	HostOrgID  uint64  `json:"host_org_id"`
	GuestOrgID uint64  `json:"guest_org_id"`
	Score      float64 `json:"score"`
	NeedID     uint64  `json:"need_id,omitempty"`
	OfferID    uint64  `json:"offer_id,omitempty"`
	Reason     string  `json:"reason"`
	// Forced is set for accepted requests and the organizer's force rules.
	Forced bool `json:"forced"`
}

// MatchList is the stored proposal of an event: the set of meetings that
// maximizes the total score under everyone's capacity.
type MatchList struct {
	EventID          uint64            `json:"event_id"`
	Meetings         []ProposedMeeting `json:"meetings"`
	TotalScore       float64           `json:"total_score"`
	GreedyTotalScore float64           `json:"greedy_total_score"`
	GreedyCount      int               `json:"greedy_count"`
	Candidates       int               `json:"candidates"`
	// Unforced are forced pairs (accepted requests, force rules) left out
	// because the forced pairs alone exceed a capacity, each with why.
	Unforced  []ProposedMeeting `json:"unforced,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
}

// Meeting is one meeting of a schedule, placed in a slot at a table.
type Meeting struct {
	ID         uint64  `json:"id"`
	HostOrgID  uint64  `json:"host_org_id"`
	GuestOrgID uint64  `json:"guest_org_id"`
	Slot       int     `json:"slot"`
	Table      int     `json:"table"`
	Status     string  `json:"status"`
	Score      float64 `json:"score"`
	NeedID     uint64  `json:"need_id,omitempty"`
	OfferID    uint64  `json:"offer_id,omitempty"`
	Reason     string  `json:"reason,omitempty"`
	Forced     bool    `json:"forced,omitempty"`
	// InterpreterNeeded is set when the two sides share no language and
	// neither brings an interpreter.
	InterpreterNeeded bool `json:"interpreter_needed"`
	// Sequence counts the changes to the meeting (moves, cancellation), so
	// calendars replace an older copy; UpdatedAt is the last change.
	Sequence  int       `json:"sequence"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Involves reports whether org is a party of the meeting.
func (m Meeting) Involves(org uint64) bool { return m.HostOrgID == org || m.GuestOrgID == org }

// Unplaced is a meeting of the match list that has no slot, with why.
type Unplaced struct {
	ID         uint64  `json:"id"`
	HostOrgID  uint64  `json:"host_org_id"`
	GuestOrgID uint64  `json:"guest_org_id"`
	Reason     string  `json:"reason"`
	Detail     string  `json:"detail,omitempty"`
	Score      float64 `json:"score"`
	NeedID     uint64  `json:"need_id,omitempty"`
	OfferID    uint64  `json:"offer_id,omitempty"`
	Forced     bool    `json:"forced,omitempty"`
	// MatchReason is why the match list chose the pair (the Meeting's
	// Reason), kept so that placing it later keeps its explanation.
	MatchReason string `json:"match_reason,omitempty"`
}

// Schedule is an event's meetings in slots and tables, and the meetings of
// its match list that could not be placed.
type Schedule struct {
	EventID    uint64     `json:"event_id"`
	State      string     `json:"state"`
	Meetings   []Meeting  `json:"meetings"`
	Unplaced   []Unplaced `json:"unplaced"`
	SlotsUsed  int        `json:"slots_used"`
	LowerBound int        `json:"lower_bound"`
	// NextMeetingID numbers new meetings; a pair keeps its id across
	// reschedules, so calendar entries update instead of duplicating.
	NextMeetingID uint64    `json:"next_meeting_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Recount sets SlotsUsed from the scheduled meetings.
func (s *Schedule) Recount() {
	used := map[int]bool{}
	for _, m := range s.Meetings {
		if m.Status == MeetingScheduled {
			used[m.Slot] = true
		}
	}
	s.SlotsUsed = len(used)
}

// EventState is everything the match list and the scheduler read of an
// event, from one transaction.
type EventState struct {
	Event        Event
	Participants []Participant
	Intents      []Intent
	Rules        []Rule
	Requests     []Request
	MatchList    *MatchList
	Schedule     *Schedule
}

// EditResult says what an edit of an event or participant did to its
// schedule: the meetings it moved to unplaced (only with force).
type EditResult struct {
	Unplaced []FieldError `json:"unplaced,omitempty"`
}

// slotRange says why slot is not one of an event's n slots.
func slotRange(slot, n int) string {
	if n == 0 {
		return fmt.Sprintf("slot %d is out of range: the event has no slots yet", slot)
	}
	return fmt.Sprintf("slot %d is out of range: the event has %d slots (0 to %d)", slot, n, n-1)
}
