package data

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// This file holds the rules a schedule obeys and the organizer's edits of
// it, as plain functions on the records: the store runs them inside its
// transactions.

// PartyNames names participants in messages; an id without a name is shown
// as "organization N".
type PartyNames map[uint64]string

// Of is the name of organization id, or "organization N" when it has none.
func (n PartyNames) Of(id uint64) string {
	if s := n[id]; s != "" {
		return s
	}
	return "organization " + strconv.FormatUint(id, 10)
}

func meetingLabel(m Meeting, names PartyNames) string {
	return fmt.Sprintf("meeting %d (%s with %s)", m.ID, names.Of(m.HostOrgID), names.Of(m.GuestOrgID))
}

// CheckSchedule verifies every rule a schedule obeys: scheduled meetings are
// in a slot of the event, at a table of it, where both parties are
// participants who are available; nobody has two meetings in one slot; no
// table has two meetings in one slot; nobody has more meetings than their
// max_meetings. It returns one conflict per broken rule, empty when none.
func CheckSchedule(ev Event, parts map[uint64]Participant, s *Schedule, names PartyNames) []FieldError {
	var out []FieldError
	busy := map[[2]uint64]uint64{} // (org, slot) -> meeting id
	table := map[[2]int]uint64{}   // (slot, table) -> meeting id
	count := map[uint64]int{}
	for i, m := range s.Meetings {
		if m.Status != MeetingScheduled {
			continue
		}
		field := "meetings[" + strconv.Itoa(i) + "]"
		bad := func(msg string, args ...any) {
			out = append(out, FieldError{Field: field, Message: meetingLabel(m, names) + ": " + fmt.Sprintf(msg, args...)})
		}
		if m.Slot < 0 || m.Slot >= len(ev.Slots) {
			bad("slot %d is not a slot of the event (0 to %d)", m.Slot, len(ev.Slots)-1)
			continue
		}
		if m.Table < 1 || m.Table > ev.Tables {
			bad("table %d is not a table of the event (1 to %d)", m.Table, ev.Tables)
		}
		for _, org := range []uint64{m.HostOrgID, m.GuestOrgID} {
			p, ok := parts[org]
			if !ok {
				bad("%s is not a participant", names.Of(org))
				continue
			}
			if !p.Available(m.Slot) {
				bad("%s is not available in slot %d", names.Of(org), m.Slot)
			}
			if other, dup := busy[[2]uint64{org, uint64(m.Slot)}]; dup {
				bad("%s already has meeting %d in slot %d", names.Of(org), other, m.Slot)
			}
			busy[[2]uint64{org, uint64(m.Slot)}] = m.ID
			count[org]++
		}
		if other, dup := table[[2]int{m.Slot, m.Table}]; dup {
			bad("table %d in slot %d already holds meeting %d", m.Table, m.Slot, other)
		}
		table[[2]int{m.Slot, m.Table}] = m.ID
	}
	orgs := make([]uint64, 0, len(count))
	for org := range count {
		orgs = append(orgs, org)
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i] < orgs[j] })
	for _, org := range orgs {
		if p, ok := parts[org]; ok && count[org] > p.MaxMeetings {
			out = append(out, FieldError{Field: "max_meetings", Message: fmt.Sprintf("%s has %d meetings, above its max_meetings %d", names.Of(org), count[org], p.MaxMeetings)})
		}
	}
	return out
}

// MeetingEdit is an organizer's edit of one meeting: a move (Slot, and
// Table or 0 for any free table), a swap of places with another meeting, or
// a change of status (cancel, or schedule again).
type MeetingEdit struct {
	Slot     *int    `json:"slot,omitempty"`
	Table    *int    `json:"table,omitempty"`
	SwapWith uint64  `json:"swap_with,omitempty"`
	Status   *string `json:"status,omitempty" validate:"omitempty,oneof=scheduled cancelled"`
}

// Validate checks the tag rules of e and that it says one thing.
func (e MeetingEdit) Validate() error {
	err := validateStruct(e)
	var extra []FieldError
	switch {
	case e.Slot == nil && e.Table == nil && e.SwapWith == 0 && e.Status == nil:
		extra = append(extra, FieldError{Field: "", Message: `send "slot" (and "table"), "swap_with" or "status"`})
	case e.SwapWith != 0 && (e.Slot != nil || e.Table != nil):
		extra = append(extra, FieldError{Field: "swap_with", Message: "a swap takes no slot or table: the two meetings trade places"})
	case e.Status != nil && *e.Status == MeetingCancelled && (e.Slot != nil || e.Table != nil || e.SwapWith != 0):
		extra = append(extra, FieldError{Field: "status", Message: "a cancellation takes no slot, table or swap_with: cancel, or move, not both"})
	}
	if e.Table != nil && *e.Table < 1 {
		extra = append(extra, FieldError{Field: "table", Message: "must be at least 1"})
	}
	if e.Slot != nil && *e.Slot < 0 {
		extra = append(extra, FieldError{Field: "slot", Message: "must be at least 0"})
	}
	return MergeFieldErrors(err, extra)
}

// ApplyMeetingEdit applies edit to meeting mid of s (a scheduled or
// cancelled meeting, or an unplaced one, which a move places), then checks
// the whole schedule. Returns ENOTFOUND for an unknown meeting, EINVALID for
// a slot or table out of range, and ECONFLICT, naming who or what, for an
// edit that would double-book a participant, overfill a slot, put a party in
// a slot it is not available in, or exceed anyone's max_meetings. On error s
// may be partly changed: callers discard it.
func ApplyMeetingEdit(ev Event, parts map[uint64]Participant, s *Schedule, mid uint64, edit MeetingEdit, names PartyNames) error {
	idx := -1
	for i := range s.Meetings {
		if s.Meetings[i].ID == mid {
			idx = i
		}
	}
	if idx < 0 {
		for i, u := range s.Unplaced {
			if u.ID != mid {
				continue
			}
			if edit.Slot == nil {
				return Errorf(ECONFLICT, "meeting %d is unplaced: give it a slot (and a table) to place it", mid)
			}
			s.Unplaced = append(s.Unplaced[:i:i], s.Unplaced[i+1:]...)
			s.Meetings = append(s.Meetings, Meeting{ID: u.ID, HostOrgID: u.HostOrgID, GuestOrgID: u.GuestOrgID, Slot: -1,
				Status: MeetingScheduled, Score: u.Score, NeedID: u.NeedID, OfferID: u.OfferID, Reason: u.MatchReason, Forced: u.Forced,
				InterpreterNeeded: InterpreterNeeded(parts[u.HostOrgID], parts[u.GuestOrgID])})
			idx = len(s.Meetings) - 1
			break
		}
	}
	if idx < 0 {
		return Errorf(ENOTFOUND, "meeting %d is not in the schedule", mid)
	}
	m := &s.Meetings[idx]
	if edit.Status != nil {
		m.Status = *edit.Status
	}
	if m.Status == MeetingCancelled && (edit.Slot != nil || edit.Table != nil || edit.SwapWith != 0) {
		// Moving a cancelled meeting would leave a record in a slot at no table.
		return Conflict(fmt.Sprintf("meeting %d is cancelled: send \"status\": \"scheduled\" with the move to schedule it again", mid),
			FieldError{Field: "status", Message: "the meeting is cancelled"})
	}
	if edit.Slot != nil {
		if *edit.Slot >= len(ev.Slots) {
			return Invalid(FieldError{Field: "slot", Message: slotRange(*edit.Slot, len(ev.Slots))})
		}
		m.Slot = *edit.Slot
		m.Table = 0
	}
	if edit.Table != nil {
		if *edit.Table > ev.Tables {
			return Invalid(FieldError{Field: "table", Message: fmt.Sprintf("table %d is out of range: the event's tables are 1 to %d", *edit.Table, ev.Tables)})
		}
		m.Table = *edit.Table
	}
	if edit.SwapWith != 0 {
		if edit.SwapWith == mid {
			return Invalid(FieldError{Field: "swap_with", Message: "a meeting cannot swap with itself"})
		}
		j := -1
		for k := range s.Meetings {
			if s.Meetings[k].ID == edit.SwapWith {
				j = k
			}
		}
		if j < 0 {
			return Invalid(FieldError{Field: "swap_with", Message: fmt.Sprintf("meeting %d is not a placed meeting of the schedule", edit.SwapWith)})
		}
		o := &s.Meetings[j]
		if o.Status == MeetingCancelled {
			return Invalid(FieldError{Field: "swap_with", Message: fmt.Sprintf("meeting %d is cancelled: move this one to its slot instead", edit.SwapWith)})
		}
		m.Slot, o.Slot = o.Slot, m.Slot
		m.Table, o.Table = o.Table, m.Table
	}
	if m.Status == MeetingScheduled {
		// Double booking is the first thing to say, before a full slot.
		for k, x := range s.Meetings {
			if k == idx || x.Status != MeetingScheduled || x.Slot != m.Slot {
				continue
			}
			for _, org := range []uint64{m.HostOrgID, m.GuestOrgID} {
				if x.Involves(org) {
					return Conflict(fmt.Sprintf("%s already has meeting %d in slot %d", names.Of(org), x.ID, m.Slot),
						FieldError{Field: "slot", Message: fmt.Sprintf("%s already has meeting %d in slot %d", names.Of(org), x.ID, m.Slot)})
				}
			}
		}
	}
	if m.Status == MeetingScheduled && m.Table == 0 {
		// A move without a table takes the lowest free one.
		taken := map[int]bool{}
		for k, x := range s.Meetings {
			if k != idx && x.Status == MeetingScheduled && x.Slot == m.Slot {
				taken[x.Table] = true
			}
		}
		for t := 1; t <= ev.Tables; t++ {
			if !taken[t] {
				m.Table = t
				break
			}
		}
		if m.Table == 0 {
			return Conflict(fmt.Sprintf("slot %d is full: all %d tables hold meetings", m.Slot, ev.Tables),
				FieldError{Field: "slot", Message: fmt.Sprintf("all %d tables of slot %d are taken", ev.Tables, m.Slot)})
		}
	}
	if conflicts := CheckSchedule(ev, parts, s, names); len(conflicts) > 0 {
		return Conflict("the edit would break the schedule: "+conflicts[0].Message, conflicts...)
	}
	s.Recount()
	return nil
}

// InterpreterNeeded reports whether a meeting of a and b needs an
// interpreter: they share no language and neither brings one. Participants
// who stated no languages are taken to need none.
func InterpreterNeeded(a, b Participant) bool {
	if a.BringsInterpreter || b.BringsInterpreter || len(a.Languages) == 0 || len(b.Languages) == 0 {
		return false
	}
	for _, x := range a.Languages {
		for _, y := range b.Languages {
			if x == y {
				return false
			}
		}
	}
	return true
}

// StrandMeetings finds the scheduled meetings for which why returns a reason
// and, when force, moves them to the schedule's unplaced list with that
// reason. It returns one conflict naming each such meeting.
func StrandMeetings(s *Schedule, force bool, names PartyNames, field string, why func(m Meeting) (reason, detail string)) []FieldError {
	if s == nil {
		return nil
	}
	var out []FieldError
	kept := s.Meetings[:0:0]
	for _, m := range s.Meetings {
		reason, detail := "", ""
		if m.Status == MeetingScheduled {
			reason, detail = why(m)
		}
		if reason == "" {
			kept = append(kept, m)
			continue
		}
		out = append(out, FieldError{Field: field, Message: fmt.Sprintf("%s in slot %d at table %d: %s", meetingLabel(m, names), m.Slot, m.Table, detail)})
		if force {
			s.Unplaced = append(s.Unplaced, Unplaced{ID: m.ID, HostOrgID: m.HostOrgID, GuestOrgID: m.GuestOrgID, Reason: reason, Detail: detail,
				Score: m.Score, NeedID: m.NeedID, OfferID: m.OfferID, Forced: m.Forced, MatchReason: m.Reason})
		} else {
			kept = append(kept, m)
		}
	}
	s.Meetings = kept
	s.Recount()
	return out
}

// OverCapacity returns a why-function for StrandMeetings that picks, for
// each org whose scheduled meetings exceed max, the lowest-scored extras.
func OverCapacity(s *Schedule, org uint64, max int) func(Meeting) (string, string) {
	var mine []Meeting
	for _, m := range s.Meetings {
		if m.Status == MeetingScheduled && m.Involves(org) {
			mine = append(mine, m)
		}
	}
	drop := map[uint64]bool{}
	if len(mine) > max {
		sort.SliceStable(mine, func(i, j int) bool { return mine[i].Score > mine[j].Score })
		for _, m := range mine[max:] {
			drop[m.ID] = true
		}
	}
	return func(m Meeting) (string, string) {
		if drop[m.ID] {
			return UnplacedOverCapacity, fmt.Sprintf("max_meetings lowered to %d", max)
		}
		return "", ""
	}
}

// Restamp carries each meeting's Sequence and UpdatedAt over from prev (the
// schedule before a change; nil for none) and counts one more change, at
// now, for each meeting whose slot, table or status changed.
func Restamp(prev, cur *Schedule, now time.Time) {
	before := map[uint64]Meeting{}
	if prev != nil {
		for _, m := range prev.Meetings {
			before[m.ID] = m
		}
	}
	for i := range cur.Meetings {
		m := &cur.Meetings[i]
		old, ok := before[m.ID]
		switch {
		case !ok:
			if m.UpdatedAt.IsZero() {
				m.UpdatedAt = now
			}
		case old.Slot != m.Slot || old.Table != m.Table || old.Status != m.Status:
			m.Sequence, m.UpdatedAt = old.Sequence+1, now
		default:
			m.Sequence, m.UpdatedAt = old.Sequence, old.UpdatedAt
		}
	}
}
