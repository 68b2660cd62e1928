package bolt

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// Event buckets, created by migration 2. Keys start with the event id, so
// everything of an event is one prefix scan away and goes with it.
var (
	bucketEvents        = []byte("events")             // event id -> Event
	bucketEventParts    = []byte("event_participants") // event id ++ org id -> Participant
	bucketOrgEvents     = []byte("org_events")         // org id ++ event id -> nil
	bucketEventIntents  = []byte("event_intents")      // event id ++ from org ++ to org -> Intent
	bucketEventRules    = []byte("event_rules")        // event id ++ host org ++ guest org -> Rule
	bucketRequests      = []byte("event_requests")     // request id -> Request
	bucketEventRequests = []byte("event_request_ids")  // event id ++ request id -> nil
	bucketMatchLists    = []byte("event_match_lists")  // event id -> MatchList
	bucketSchedules     = []byte("event_schedules")    // event id -> Schedule
)

var eventBuckets = [][]byte{bucketEvents, bucketEventParts, bucketOrgEvents, bucketEventIntents, bucketEventRules,
	bucketRequests, bucketEventRequests, bucketMatchLists, bucketSchedules}

func migrateEventBuckets(tx *bbolt.Tx) error {
	for _, name := range eventBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

func key3(a, b, c uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, a)
	binary.BigEndian.PutUint64(k[8:], b)
	binary.BigEndian.PutUint64(k[16:], c)
	return k
}

func getKeyJSON(b *bbolt.Bucket, key []byte, v any) bool {
	raw := b.Get(key)
	if raw == nil {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("store: corrupt record %x in %s: %v", key, b, err))
	}
	return true
}

func putKeyJSON(b *bbolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// eachPrefix calls fn with every key (and value) of b under prefix; fn may
// not change b (collect keys first to delete them).
func eachPrefix(b *bbolt.Bucket, prefix []byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// listPrefix decodes every value of b under prefix, in key order.
func listPrefix[T any](b *bbolt.Bucket, prefix []byte) ([]T, error) {
	var out []T
	err := eachPrefix(b, prefix, func(_, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// eventRecords reads the records bucket holds under the event's id, in key
// order. Returns ENOTFOUND when the event does not exist.
func eventRecords[T any](s *Store, bucket []byte, eventID uint64) ([]T, error) {
	var out []T
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := loadEvent(tx, eventID); err != nil {
			return err
		}
		var err error
		out, err = listPrefix[T](tx.Bucket(bucket), itob(eventID))
		return err
	})
	return out, err
}

// deleteEventRecord deletes key k of bucket, a record of the event; it
// returns notFound when there is none, ENOTFOUND when the event does not
// exist.
func (s *Store) deleteEventRecord(eventID uint64, bucket, k []byte, notFound error) error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		if _, err := loadEvent(tx, eventID); err != nil {
			return err
		}
		b := tx.Bucket(bucket)
		if b.Get(k) == nil {
			return notFound
		}
		return b.Delete(k)
	})
}

func deletePrefix(b *bbolt.Bucket, prefix []byte) error {
	var keys [][]byte
	_ = eachPrefix(b, prefix, func(k, _ []byte) error { keys = append(keys, slices.Clone(k)); return nil })
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// eventTx is what one transaction reads of an event.
type eventTx struct {
	tx    *bbolt.Tx
	ev    data.Event
	parts map[uint64]data.Participant
}

func eventNotFound(id uint64) error {
	return data.Errorf(data.ENOTFOUND, "event %d does not exist", id)
}

func loadEvent(tx *bbolt.Tx, id uint64) (data.Event, error) {
	var ev data.Event
	if !getJSON(tx.Bucket(bucketEvents), id, &ev) {
		return data.Event{}, eventNotFound(id)
	}
	return ev, nil
}

func loadEventTx(tx *bbolt.Tx, id uint64) (*eventTx, error) {
	ev, err := loadEvent(tx, id)
	if err != nil {
		return nil, err
	}
	et := &eventTx{tx: tx, ev: ev, parts: map[uint64]data.Participant{}}
	err = eachPrefix(tx.Bucket(bucketEventParts), itob(id), func(_, v []byte) error {
		var p data.Participant
		if err := json.Unmarshal(v, &p); err != nil {
			return err
		}
		et.parts[p.OrgID] = p
		return nil
	})
	return et, err
}

// names returns the names of the event's participants, for messages.
func (et *eventTx) names() data.PartyNames {
	return et.namesOf(slices.Collect(maps.Keys(et.parts))...)
}

// namesOf returns the names of those of ids that are participants: reading
// an organization decodes its whole record, so a call that names two of
// them reads two, not the whole event.
func (et *eventTx) namesOf(ids ...uint64) data.PartyNames {
	n := data.PartyNames{}
	for _, id := range ids {
		if _, ok := et.parts[id]; !ok {
			continue
		}
		var so storedOrg
		if getJSON(et.tx.Bucket(bucketOrgs), id, &so) {
			n[id] = so.Name
		}
	}
	return n
}

func (et *eventTx) schedule() (*data.Schedule, error) {
	var s data.Schedule
	if !getJSON(et.tx.Bucket(bucketSchedules), et.ev.ID, &s) {
		return nil, nil
	}
	return &s, nil
}

func (et *eventTx) matchList() *data.MatchList {
	var ml data.MatchList
	if !getJSON(et.tx.Bucket(bucketMatchLists), et.ev.ID, &ml) {
		return nil
	}
	return &ml
}

func (et *eventTx) requests() ([]data.Request, error) {
	var out []data.Request
	rb := et.tx.Bucket(bucketRequests)
	err := eachPrefix(et.tx.Bucket(bucketEventRequests), itob(et.ev.ID), func(k, _ []byte) error {
		var r data.Request
		if getJSON(rb, binary.BigEndian.Uint64(k[8:]), &r) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

func (et *eventTx) putEvent(s *Store) error {
	et.ev.UpdatedAt = s.now()
	return putJSON(et.tx.Bucket(bucketEvents), et.ev.ID, et.ev)
}

func (et *eventTx) putSchedule(s *Store, sch *data.Schedule) error {
	sch.UpdatedAt = s.now()
	sch.Recount()
	sch.State = ""
	return putJSON(et.tx.Bucket(bucketSchedules), et.ev.ID, sch)
}

func frozen(ev data.Event) error {
	if ev.State == data.EventFinal || ev.State == data.EventClosed {
		return data.Errorf(data.ECONFLICT, "event %d is %s: its schedule is frozen", ev.ID, ev.State)
	}
	return nil
}

// CreateEvent validates f and stores a new event in state open.
func (s *Store) CreateEvent(f data.EventFields) (data.Event, error) {
	if err := f.Validate(); err != nil {
		return data.Event{}, err
	}
	if f.Slots == nil {
		f.Slots = []data.Slot{} // "slots": [], not null, until the organizer sets them
	}
	var ev data.Event
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		now := s.now()
		ev = data.Event{ID: id, EventFields: f, State: data.EventOpen, CreatedAt: now, UpdatedAt: now}
		return putJSON(b, id, ev)
	})
	return ev, err
}

// Event returns the event with the given id, or ENOTFOUND.
func (s *Store) Event(id uint64) (data.Event, error) {
	var ev data.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		ev, err = loadEvent(tx, id)
		return err
	})
	return ev, err
}

// Events returns up to limit events with id > after, by id.
func (s *Store) Events(after uint64, limit int) ([]data.Event, error) {
	var out []data.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var ev data.Event
			if err := json.Unmarshal(v, &ev); err != nil {
				return err
			}
			out = append(out, ev)
		}
		return nil
	})
	return out, err
}

// EventsOf returns the ids of the events orgID takes part in.
func (s *Store) EventsOf(orgID uint64) ([]uint64, error) {
	var out []uint64
	err := s.db.View(func(tx *bbolt.Tx) error {
		return eachPrefix(tx.Bucket(bucketOrgEvents), itob(orgID), func(k, _ []byte) error {
			out = append(out, binary.BigEndian.Uint64(k[8:]))
			return nil
		})
	})
	return out, err
}

// UpdateEvent applies fn to the event's fields, validates the result and
// stores it. Slots are matched old to new by index when their number is
// unchanged (times edited in place), otherwise by start time; a slot with
// no match is removed. Scheduled meetings in a removed slot, or in a slot
// with more meetings than the new number of tables, are stranded: without
// force the edit is refused (ECONFLICT naming each), with force they move
// to unplaced with the reason. Participants' available slots follow the
// new numbering. A final or closed event's slots, tables and time zone are
// frozen. Returns ENOTFOUND, EINVALID or ECONFLICT; on error nothing is written.
func (s *Store) UpdateEvent(id uint64, force bool, fn func(*data.EventFields) error) (data.Event, data.EditResult, error) {
	var res data.EditResult
	var out data.Event
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, id)
		if err != nil {
			return err
		}
		old := et.ev.EventFields
		f := et.ev.EventFields
		f.Slots = slices.Clone(old.Slots)
		if err := fn(&f); err != nil {
			return err
		}
		if f.Slots == nil {
			f.Slots = []data.Slot{}
		}
		if err := f.Validate(); err != nil {
			return err
		}
		mapping := slotMapping(old.Slots, f.Slots)
		changed := f.Tables != old.Tables || f.Timezone != old.Timezone || len(f.Slots) != len(old.Slots)
		for i := range old.Slots {
			if mapping[i] != i || !old.Slots[i].Start.Equal(f.Slots[i].Start) || old.Slots[i].Minutes != f.Slots[i].Minutes {
				changed = true
			}
		}
		if changed && (et.ev.State == data.EventFinal || et.ev.State == data.EventClosed) {
			return data.Conflict(fmt.Sprintf("event %d is %s: its slots, tables and time zone are frozen", id, et.ev.State),
				data.FieldError{Field: "slots", Message: "frozen once the schedule is published"})
		}
		names := et.names()
		sch, err := et.schedule()
		if err != nil {
			return err
		}
		var conflicts []data.FieldError
		// Participants' availability follows the new numbering.
		for org, p := range et.parts {
			if len(p.AvailableSlots) == 0 {
				continue
			}
			var avail []int
			for _, sl := range p.AvailableSlots {
				if sl < len(mapping) && mapping[sl] >= 0 {
					avail = append(avail, mapping[sl])
				}
			}
			if len(avail) == 0 {
				// Empty would mean "every slot": refuse rather than widen.
				conflicts = append(conflicts, data.FieldError{Field: "slots", Message: fmt.Sprintf("%s would be left with no available slot: edit its available_slots first", names.Of(org))})
				continue
			}
			sort.Ints(avail)
			p.AvailableSlots = avail
			et.parts[org] = p
		}
		if len(conflicts) > 0 {
			return data.Conflict(conflicts[0].Message, conflicts...)
		}
		if sch != nil {
			stranded := data.StrandMeetings(sch, force, names, "slots", func(m data.Meeting) (string, string) {
				if m.Slot >= len(mapping) || mapping[m.Slot] < 0 {
					return data.UnplacedSlotRemoved, fmt.Sprintf("slot %d (%s) was removed from the event", m.Slot, old.Slots[m.Slot].Start.In(old.Location()).Format("2006-01-02 15:04"))
				}
				return "", ""
			})
			kept := sch.Meetings[:0]
			for _, m := range sch.Meetings {
				if m.Slot >= 0 && m.Slot < len(mapping) && mapping[m.Slot] >= 0 {
					if was, now := old.Slots[m.Slot], f.Slots[mapping[m.Slot]]; !was.Start.Equal(now.Start) || was.Minutes != now.Minutes {
						// The meeting's time changed: calendars must update it.
						m.Sequence, m.UpdatedAt = m.Sequence+1, s.now()
					}
					m.Slot = mapping[m.Slot]
					kept = append(kept, m)
				} else if m.Status == data.MeetingCancelled {
					// A cancelled meeting of a removed slot keeps its record.
					sch.Unplaced = append(sch.Unplaced, data.Unplaced{ID: m.ID, HostOrgID: m.HostOrgID, GuestOrgID: m.GuestOrgID, Reason: data.UnplacedSlotRemoved,
						Detail: "cancelled, and its slot was removed", Score: m.Score, NeedID: m.NeedID, OfferID: m.OfferID, Forced: m.Forced, MatchReason: m.Reason})
				} else {
					kept = append(kept, m)
				}
			}
			sch.Meetings = kept
			stranded = append(stranded, data.StrandMeetings(sch, force, names, "tables", retable(sch, f.Tables))...)
			if len(stranded) > 0 && !force {
				return data.Conflict(strandMessage(len(stranded)), stranded...)
			}
			res.Unplaced = stranded
			et.ev.EventFields = f
			if err := et.putSchedule(s, sch); err != nil {
				return err
			}
		}
		et.ev.EventFields = f
		for org, p := range et.parts {
			if err := putKeyJSON(tx.Bucket(bucketEventParts), pairKey(id, org), p); err != nil {
				return err
			}
		}
		if err := et.putEvent(s); err != nil {
			return err
		}
		out = et.ev
		return nil
	})
	return out, res, err
}

// slotMapping maps each old slot index to its index in the new list, or -1
// if it was removed.
func slotMapping(old, cur []data.Slot) []int {
	m := make([]int, len(old))
	if len(old) == len(cur) {
		for i := range m {
			m[i] = i
		}
		return m
	}
	for i, o := range old {
		m[i] = -1
		for j, c := range cur {
			if c.Start.Equal(o.Start) {
				m[i] = j
				break
			}
		}
	}
	return m
}

// retable renumbers the tables of each slot that has meetings at tables
// above n, keeping the tables that still exist; it returns a why-function
// stranding the lowest-scored meetings of slots that have more than n.
func retable(s *data.Schedule, n int) func(data.Meeting) (string, string) {
	bySlot := map[int][]int{}
	for i, m := range s.Meetings {
		if m.Status == data.MeetingScheduled {
			bySlot[m.Slot] = append(bySlot[m.Slot], i)
		}
	}
	drop := map[uint64]bool{}
	for _, idx := range bySlot {
		if len(idx) > n {
			sort.SliceStable(idx, func(a, b int) bool { return s.Meetings[idx[a]].Score > s.Meetings[idx[b]].Score })
			for _, i := range idx[n:] {
				drop[s.Meetings[i].ID] = true
			}
			idx = idx[:n]
		}
		taken := map[int]bool{}
		for _, i := range idx {
			if t := s.Meetings[i].Table; t >= 1 && t <= n {
				taken[t] = true
			}
		}
		next := 1
		for _, i := range idx {
			if t := s.Meetings[i].Table; t >= 1 && t <= n {
				continue
			}
			for taken[next] {
				next++
			}
			s.Meetings[i].Table = next
			taken[next] = true
		}
	}
	return func(m data.Meeting) (string, string) {
		if drop[m.ID] {
			return data.UnplacedTablesFull, fmt.Sprintf("slot %d has more meetings than the %d tables left", m.Slot, n)
		}
		return "", ""
	}
}

// DeleteEvent removes the event with everything that hangs on it:
// participants, intents, rules, requests, match list and schedule.
func (s *Store) DeleteEvent(id uint64) error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, id)
		if err != nil {
			return err
		}
		p := itob(id)
		for org := range et.parts {
			if err := tx.Bucket(bucketOrgEvents).Delete(pairKey(org, id)); err != nil {
				return err
			}
		}
		reqs, err := et.requests()
		if err != nil {
			return err
		}
		for _, r := range reqs {
			if err := tx.Bucket(bucketRequests).Delete(itob(r.ID)); err != nil {
				return err
			}
		}
		for _, b := range [][]byte{bucketEventParts, bucketEventIntents, bucketEventRules, bucketEventRequests} {
			if err := deletePrefix(tx.Bucket(b), p); err != nil {
				return err
			}
		}
		for _, b := range [][]byte{bucketMatchLists, bucketSchedules, bucketEvents} {
			if err := tx.Bucket(b).Delete(p); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddParticipant validates f and adds orgID to the event. Returns ENOTFOUND
// (no such event), EINVALID (bad fields, or no such organization, named
// org_id) or ECONFLICT (already a participant).
func (s *Store) AddParticipant(eventID, orgID uint64, f data.ParticipantFields) (data.Participant, error) {
	var p data.Participant
	err := s.db.Update(func(tx *bbolt.Tx) error {
		ev, err := loadEvent(tx, eventID)
		if err != nil {
			return err
		}
		p, err = s.addParticipant(tx, ev, orgID, f)
		return err
	})
	return p, err
}

func (s *Store) addParticipant(tx *bbolt.Tx, ev data.Event, orgID uint64, f data.ParticipantFields) (data.Participant, error) {
	eventID := ev.ID
	verr := f.Validate(len(ev.Slots))
	var extra []data.FieldError
	if orgID == 0 {
		extra = append(extra, data.FieldError{Field: "org_id", Message: "is required"})
	} else if tx.Bucket(bucketOrgs).Get(itob(orgID)) == nil {
		extra = append(extra, data.FieldError{Field: "org_id", Message: fmt.Sprintf("organization %d does not exist", orgID)})
	}
	if err := data.MergeFieldErrors(verr, extra); err != nil {
		return data.Participant{}, err
	}
	// A published schedule is frozen, and so is who takes part in it: a
	// participant added now would have an agenda that can never hold a
	// meeting.
	if err := frozen(ev); err != nil {
		return data.Participant{}, err
	}
	b := tx.Bucket(bucketEventParts)
	if b.Get(pairKey(eventID, orgID)) != nil {
		return data.Participant{}, data.Conflict(fmt.Sprintf("organization %d already takes part in event %d", orgID, eventID),
			data.FieldError{Field: "org_id", Message: "is already a participant of this event"})
	}
	now := s.now()
	p := data.Participant{EventID: eventID, OrgID: orgID, ParticipantFields: f, CreatedAt: now, UpdatedAt: now}
	if len(p.AvailableSlots) > 0 {
		p.AvailableSlots = slices.Clone(p.AvailableSlots)
		sort.Ints(p.AvailableSlots)
	}
	if err := putKeyJSON(b, pairKey(eventID, orgID), p); err != nil {
		return data.Participant{}, err
	}
	return p, tx.Bucket(bucketOrgEvents).Put(pairKey(orgID, eventID), nil)
}

// Participant returns orgID's participation in the event, or ENOTFOUND.
func (s *Store) Participant(eventID, orgID uint64) (data.Participant, error) {
	var p data.Participant
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := loadEvent(tx, eventID); err != nil {
			return err
		}
		if !getKeyJSON(tx.Bucket(bucketEventParts), pairKey(eventID, orgID), &p) {
			return data.Errorf(data.ENOTFOUND, "organization %d is not a participant of event %d", orgID, eventID)
		}
		return nil
	})
	return p, err
}

// Participants returns the event's participants by organization id.
func (s *Store) Participants(eventID uint64) ([]data.Participant, error) {
	var out []data.Participant
	err := s.db.View(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		out = sortedParts(et.parts)
		return nil
	})
	return out, err
}

func sortedParts(m map[uint64]data.Participant) []data.Participant {
	out := make([]data.Participant, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OrgID < out[j].OrgID })
	return out
}

// UpdateParticipant applies fn to the participation's fields, validates and
// stores the result. Lowering max_meetings below the participant's pending
// and accepted requests is refused; scheduled meetings the edit strands (in
// a slot no longer available, or beyond the new max_meetings, lowest score
// first) are refused naming them, or with force moved to unplaced. The side
// can change only while nothing hangs on the participation. Returns
// ENOTFOUND, EINVALID or ECONFLICT; on error nothing is written.
func (s *Store) UpdateParticipant(eventID, orgID uint64, force bool, fn func(*data.ParticipantFields) error) (data.Participant, data.EditResult, error) {
	var p data.Participant
	var res data.EditResult
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		p, res, err = s.updateParticipant(et, orgID, force, fn)
		return err
	})
	return p, res, err
}

func (s *Store) updateParticipant(et *eventTx, orgID uint64, force bool, fn func(*data.ParticipantFields) error) (p data.Participant, res data.EditResult, err error) {
	tx, eventID := et.tx, et.ev.ID
	var ok bool
	if p, ok = et.parts[orgID]; !ok {
		return p, res, data.Errorf(data.ENOTFOUND, "organization %d is not a participant of event %d", orgID, eventID)
	}
	oldSide := p.Side
	f := p.ParticipantFields
	f.AvailableSlots = slices.Clone(f.AvailableSlots)
	if err := fn(&f); err != nil {
		return p, res, err
	}
	if err := f.Validate(len(et.ev.Slots)); err != nil {
		return p, res, err
	}
	sort.Ints(f.AvailableSlots)
	names := et.names()
	reqs, err := et.requests()
	if err != nil {
		return p, res, err
	}
	if f.Side != oldSide {
		if hangs := et.hangsOn(orgID, reqs); hangs != "" {
			return p, res, data.Conflict("the side cannot change while "+hangs, data.FieldError{Field: "side", Message: hangs})
		}
	}
	var open []data.FieldError
	for _, r := range reqs {
		if r.Open() && r.Involves(orgID) {
			open = append(open, data.FieldError{Field: "max_meetings", Message: fmt.Sprintf("request %d (%s to %s) is %s", r.ID, names.Of(r.FromOrgID), names.Of(r.ToOrgID), r.Status)})
		}
	}
	if len(open) > f.MaxMeetings {
		return p, res, data.Conflict(fmt.Sprintf("%s has %d pending or accepted requests, more than max_meetings %d: decline or cancel some first", names.Of(orgID), len(open), f.MaxMeetings), open...)
	}
	p.ParticipantFields = f
	p.UpdatedAt = s.now()
	sch, err := et.schedule()
	if err != nil {
		return p, res, err
	}
	if sch != nil {
		stranded := data.StrandMeetings(sch, force, names, "available_slots", func(m data.Meeting) (string, string) {
			if m.Involves(orgID) && !f.Available(m.Slot) {
				return data.UnplacedUnavailable, fmt.Sprintf("%s is no longer available in slot %d", names.Of(orgID), m.Slot)
			}
			return "", ""
		})
		stranded = append(stranded, data.StrandMeetings(sch, force, names, "max_meetings", data.OverCapacity(sch, orgID, f.MaxMeetings))...)
		if len(stranded) > 0 {
			if !force {
				return p, res, data.Conflict(strandMessage(len(stranded)), stranded...)
			}
			if err := frozen(et.ev); err != nil {
				return p, res, err
			}
			if err := et.putSchedule(s, sch); err != nil {
				return p, res, err
			}
		}
		res.Unplaced = stranded
	}
	et.parts[orgID] = p
	return p, res, putKeyJSON(tx.Bucket(bucketEventParts), pairKey(eventID, orgID), p)
}

// hangsOn describes what depends on orgID's side in the event, "" if nothing.
func (et *eventTx) hangsOn(orgID uint64, reqs []data.Request) string {
	for _, r := range reqs {
		if r.Involves(orgID) {
			return fmt.Sprintf("request %d involves it", r.ID)
		}
	}
	if n := countPrefix(et.tx.Bucket(bucketEventRules), itob(et.ev.ID), func(k []byte) bool {
		return binary.BigEndian.Uint64(k[8:]) == orgID || binary.BigEndian.Uint64(k[16:]) == orgID
	}); n > 0 {
		return "organizer rules name it"
	}
	if ml := et.matchList(); ml != nil {
		for _, m := range ml.Meetings {
			if m.HostOrgID == orgID || m.GuestOrgID == orgID {
				return "the match list has meetings of it"
			}
		}
	}
	return ""
}

func countPrefix(b *bbolt.Bucket, prefix []byte, pred func(k []byte) bool) int {
	n := 0
	_ = eachPrefix(b, prefix, func(k, _ []byte) error {
		if pred(k) {
			n++
		}
		return nil
	})
	return n
}

// RemoveParticipant removes orgID from the event with its intents (sent and
// received), the rules and requests that name it and its pairs in the
// match list. Its scheduled meetings are refused (ECONFLICT naming them),
// or with force moved to unplaced with the reason; a final schedule stays
// frozen. Returns ENOTFOUND or ECONFLICT.
func (s *Store) RemoveParticipant(eventID, orgID uint64, force bool) (data.EditResult, error) {
	var res data.EditResult
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		if _, ok := et.parts[orgID]; !ok {
			return data.Errorf(data.ENOTFOUND, "organization %d is not a participant of event %d", orgID, eventID)
		}
		names := et.names()
		stranded, err := s.removeParticipant(et, orgID, force, names)
		res.Unplaced = stranded
		return err
	})
	return res, err
}

func (s *Store) removeParticipant(et *eventTx, orgID uint64, force bool, names data.PartyNames) ([]data.FieldError, error) {
	tx, eventID := et.tx, et.ev.ID
	sch, err := et.schedule()
	if err != nil {
		return nil, err
	}
	var stranded []data.FieldError
	if sch != nil {
		stranded = data.StrandMeetings(sch, force, names, "org_id", func(m data.Meeting) (string, string) {
			if m.Involves(orgID) {
				return data.UnplacedParticipantRemoved, names.Of(orgID) + " no longer takes part in the event"
			}
			return "", ""
		})
		if len(stranded) > 0 {
			if !force {
				return nil, data.Conflict(fmt.Sprintf("%s has %d scheduled meetings; move or cancel them first, or send force=true to move them to unplaced", names.Of(orgID), len(stranded)), stranded...)
			}
			if err := frozen(et.ev); err != nil {
				return nil, err
			}
			if err := et.putSchedule(s, sch); err != nil {
				return nil, err
			}
		}
	}
	// Intents from and to it, and the rules that name it.
	for _, bn := range [][]byte{bucketEventIntents, bucketEventRules} {
		b := tx.Bucket(bn)
		var keys [][]byte
		_ = eachPrefix(b, itob(eventID), func(k, _ []byte) error {
			if binary.BigEndian.Uint64(k[8:]) == orgID || binary.BigEndian.Uint64(k[16:]) == orgID {
				keys = append(keys, slices.Clone(k))
			}
			return nil
		})
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return nil, err
			}
		}
	}
	reqs, err := et.requests()
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		if !r.Involves(orgID) {
			continue
		}
		if err := tx.Bucket(bucketRequests).Delete(itob(r.ID)); err != nil {
			return nil, err
		}
		if err := tx.Bucket(bucketEventRequests).Delete(pairKey(eventID, r.ID)); err != nil {
			return nil, err
		}
	}
	if ml := et.matchList(); ml != nil {
		kept := ml.Meetings[:0]
		for _, m := range ml.Meetings {
			if m.HostOrgID != orgID && m.GuestOrgID != orgID {
				kept = append(kept, m)
			}
		}
		ml.Meetings = kept
		ml.TotalScore = 0
		for _, m := range kept {
			ml.TotalScore += m.Score
		}
		// Rounded as the match list rounds it (scores have four decimals;
		// their float sum need not).
		ml.TotalScore = math.Round(ml.TotalScore*1e4) / 1e4
		if err := putJSON(tx.Bucket(bucketMatchLists), eventID, ml); err != nil {
			return nil, err
		}
	}
	if err := tx.Bucket(bucketEventParts).Delete(pairKey(eventID, orgID)); err != nil {
		return nil, err
	}
	delete(et.parts, orgID)
	return stranded, tx.Bucket(bucketOrgEvents).Delete(pairKey(orgID, eventID))
}

// pairParts checks that a and b are participants of opposite sides and
// returns them host first. field names the second organization in errors.
func (et *eventTx) pairParts(aField string, a uint64, bField string, b uint64) (data.Participant, data.Participant, error) {
	var bad []data.FieldError
	pa, oka := et.parts[a]
	pb, okb := et.parts[b]
	if !oka {
		bad = append(bad, data.FieldError{Field: aField, Message: fmt.Sprintf("organization %d is not a participant of this event", a)})
	}
	if !okb {
		bad = append(bad, data.FieldError{Field: bField, Message: fmt.Sprintf("organization %d is not a participant of this event", b)})
	}
	if len(bad) > 0 {
		return data.Participant{}, data.Participant{}, data.Invalid(bad...)
	}
	if a == b {
		return data.Participant{}, data.Participant{}, data.Invalid(data.FieldError{Field: bField, Message: "must be another organization than " + aField})
	}
	if pa.Side == pb.Side {
		return data.Participant{}, data.Participant{}, data.Invalid(data.FieldError{Field: bField, Message: fmt.Sprintf("organization %d is a %s like %s: meetings pair a host with a guest", b, pb.Side, aField)})
	}
	if pa.Side == data.SideGuest {
		return pb, pa, nil
	}
	return pa, pb, nil
}

// openRequestBetween returns an open request between host and guest, if any.
func openRequestBetween(reqs []data.Request, a, b uint64) (data.Request, bool) {
	for _, r := range reqs {
		if r.Open() && r.Involves(a) && r.Involves(b) {
			return r, true
		}
	}
	return data.Request{}, false
}

func (et *eventTx) rule(host, guest uint64) (data.Rule, bool) {
	var r data.Rule
	ok := getKeyJSON(et.tx.Bucket(bucketEventRules), key3(et.ev.ID, host, guest), &r)
	return r, ok
}

func (et *eventTx) noThanks(a, b uint64) bool {
	ib := et.tx.Bucket(bucketEventIntents)
	for _, k := range [][]byte{key3(et.ev.ID, a, b), key3(et.ev.ID, b, a)} {
		var in data.Intent
		if getKeyJSON(ib, k, &in) && in.Intent == data.IntentNoThanks {
			return true
		}
	}
	return false
}

// SetIntent stores what in.FromOrgID wants of a meeting with in.ToOrgID,
// replacing an earlier intent. Both must be participants of opposite sides
// (EINVALID naming the field). A no_thanks on a pair with an accepted or
// pending request or an organizer's force rule is ECONFLICT: cancel those
// first.
func (s *Store) SetIntent(eventID uint64, in data.Intent) (data.Intent, error) {
	if err := in.Validate(); err != nil {
		return data.Intent{}, err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		host, guest, err := et.pairParts("from_org_id", in.FromOrgID, "to_org_id", in.ToOrgID)
		if err != nil {
			return err
		}
		if in.Intent == data.IntentNoThanks {
			reqs, err := et.requests()
			if err != nil {
				return err
			}
			if r, ok := openRequestBetween(reqs, host.OrgID, guest.OrgID); ok {
				return data.Conflict(fmt.Sprintf("request %d between the two is %s: cancel or decline it first", r.ID, r.Status),
					data.FieldError{Field: "intent", Message: fmt.Sprintf("request %d is %s", r.ID, r.Status)})
			}
			if r, ok := et.rule(host.OrgID, guest.OrgID); ok && r.Rule == data.RuleForce {
				return data.Conflict("the organizer has set this meeting; ask the organizer to lift it",
					data.FieldError{Field: "intent", Message: "the organizer has forced this meeting"})
			}
		}
		in.EventID = eventID
		in.UpdatedAt = s.now()
		return putKeyJSON(tx.Bucket(bucketEventIntents), key3(eventID, in.FromOrgID, in.ToOrgID), in)
	})
	return in, err
}

// DeleteIntent removes from's intent about to. Returns ENOTFOUND.
func (s *Store) DeleteIntent(eventID, from, to uint64) error {
	return s.deleteEventRecord(eventID, bucketEventIntents, key3(eventID, from, to),
		data.Errorf(data.ENOTFOUND, "organization %d has stated no intent about %d", from, to))
}

// Intents returns the event's intents, by sender then recipient.
func (s *Store) Intents(eventID uint64) ([]data.Intent, error) {
	return eventRecords[data.Intent](s, bucketEventIntents, eventID)
}

// SetRule stores the organizer's rule on a host-guest pair, replacing an
// earlier one. The host must be a host participant and the guest a guest
// (EINVALID naming the field). Forcing a pair either side said no_thanks to,
// or forbidding one with an open request, is ECONFLICT.
func (s *Store) SetRule(eventID uint64, r data.Rule) (data.Rule, error) {
	if err := r.Validate(); err != nil {
		return data.Rule{}, err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		host, _, err := et.pairParts("host_org_id", r.HostOrgID, "guest_org_id", r.GuestOrgID)
		if err != nil {
			return err
		}
		if host.OrgID != r.HostOrgID {
			return data.Invalid(data.FieldError{Field: "host_org_id", Message: fmt.Sprintf("organization %d is a guest: name the host first", r.HostOrgID)})
		}
		switch r.Rule {
		case data.RuleForce:
			if et.noThanks(r.HostOrgID, r.GuestOrgID) {
				return data.Conflict("one of the two said no_thanks to this meeting",
					data.FieldError{Field: "rule", Message: "a no_thanks intent excludes this pair"})
			}
		case data.RuleForbid:
			reqs, err := et.requests()
			if err != nil {
				return err
			}
			if q, ok := openRequestBetween(reqs, r.HostOrgID, r.GuestOrgID); ok {
				return data.Conflict(fmt.Sprintf("request %d between the two is %s: cancel it first", q.ID, q.Status),
					data.FieldError{Field: "rule", Message: fmt.Sprintf("request %d is %s", q.ID, q.Status)})
			}
		}
		r.EventID = eventID
		r.UpdatedAt = s.now()
		return putKeyJSON(tx.Bucket(bucketEventRules), key3(eventID, r.HostOrgID, r.GuestOrgID), r)
	})
	return r, err
}

// DeleteRule removes the organizer's rule on a pair. Returns ENOTFOUND.
func (s *Store) DeleteRule(eventID, host, guest uint64) error {
	return s.deleteEventRecord(eventID, bucketEventRules, key3(eventID, host, guest),
		data.Errorf(data.ENOTFOUND, "no rule on host %d and guest %d", host, guest))
}

// Rules returns the event's organizer rules, by host then guest.
func (s *Store) Rules(eventID uint64) ([]data.Rule, error) {
	return eventRecords[data.Rule](s, bucketEventRules, eventID)
}

// CreateRequest stores a pending meeting request. Sender and recipient must
// be participants of opposite sides (EINVALID naming to_org_id otherwise).
// It is ECONFLICT when the pair already has an open request, when either
// side said no_thanks, when the organizer forbids the pair, when the event's
// schedule is final, or when the sender's or the recipient's pending and
// accepted requests, sent and received together, already reach its
// max_meetings: the count and the write are one transaction, so two racing
// requests cannot both pass.
func (s *Store) CreateRequest(eventID uint64, f data.RequestFields) (data.Request, error) {
	if err := f.Validate(); err != nil {
		return data.Request{}, err
	}
	var r data.Request
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		if f.FromOrgID == 0 {
			return data.Invalid(data.FieldError{Field: "from_org_id", Message: "is required"})
		}
		host, guest, err := et.pairParts("from_org_id", f.FromOrgID, "to_org_id", f.ToOrgID)
		if err != nil {
			return err
		}
		if err := frozen(et.ev); err != nil {
			return err
		}
		// Every organization the messages below name is one of the two.
		names := et.namesOf(host.OrgID, guest.OrgID)
		reqs, err := et.requests()
		if err != nil {
			return err
		}
		if q, ok := openRequestBetween(reqs, host.OrgID, guest.OrgID); ok {
			return data.Conflict(fmt.Sprintf("request %d between %s and %s is already %s", q.ID, names.Of(q.FromOrgID), names.Of(q.ToOrgID), q.Status),
				data.FieldError{Field: "to_org_id", Message: fmt.Sprintf("request %d is already %s", q.ID, q.Status)})
		}
		if et.noThanks(host.OrgID, guest.OrgID) {
			return data.Conflict("this meeting is not wanted", data.FieldError{Field: "to_org_id", Message: "a no_thanks intent excludes this pair"})
		}
		if rule, ok := et.rule(host.OrgID, guest.OrgID); ok && rule.Rule == data.RuleForbid {
			return data.Conflict("the organizer does not allow this meeting", data.FieldError{Field: "to_org_id", Message: "the organizer forbids this pair"})
		}
		var full []data.FieldError
		for _, x := range []struct {
			field string
			org   uint64
		}{{"from_org_id", f.FromOrgID}, {"to_org_id", f.ToOrgID}} {
			n := 0
			for _, q := range reqs {
				if q.Open() && q.Involves(x.org) {
					n++
				}
			}
			if max := et.parts[x.org].MaxMeetings; n >= max {
				full = append(full, data.FieldError{Field: x.field, Message: fmt.Sprintf("%s already has %d pending or accepted requests (sent and received), its max_meetings is %d", names.Of(x.org), n, max)})
			}
		}
		if len(full) > 0 {
			return data.Conflict(full[0].Message, full...)
		}
		rb := tx.Bucket(bucketRequests)
		id, err := rb.NextSequence()
		if err != nil {
			return err
		}
		now := s.now()
		r = data.Request{ID: id, EventID: eventID, RequestFields: f, Status: data.RequestPending, CreatedAt: now, UpdatedAt: now}
		if err := putJSON(rb, id, r); err != nil {
			return err
		}
		return tx.Bucket(bucketEventRequests).Put(pairKey(eventID, id), nil)
	})
	return r, err
}

// Request returns the event's request rid, or ENOTFOUND.
func (s *Store) Request(eventID, rid uint64) (data.Request, error) {
	var r data.Request
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := loadEvent(tx, eventID); err != nil {
			return err
		}
		if !getJSON(tx.Bucket(bucketRequests), rid, &r) || r.EventID != eventID {
			return data.Errorf(data.ENOTFOUND, "request %d is not a request of event %d", rid, eventID)
		}
		return nil
	})
	return r, err
}

// Requests returns the event's requests, oldest first.
func (s *Store) Requests(eventID uint64) ([]data.Request, error) {
	var out []data.Request
	err := s.db.View(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		out, err = et.requests()
		return err
	})
	return out, err
}

// AnswerRequest moves request rid to status (accepted, declined or
// cancelled) with an optional reply. Accept and decline take a pending
// request; cancel a pending or accepted one. Anything else, or accepting
// once the schedule is final, is ECONFLICT naming the request's status.
func (s *Store) AnswerRequest(eventID, rid uint64, status, reply string) (data.Request, error) {
	var r data.Request
	if len([]rune(reply)) > 2000 {
		return r, data.Invalid(data.FieldError{Field: "reply", Message: "must be at most 2000 characters long"})
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		ev, err := loadEvent(tx, eventID)
		if err != nil {
			return err
		}
		rb := tx.Bucket(bucketRequests)
		if !getJSON(rb, rid, &r) || r.EventID != eventID {
			return data.Errorf(data.ENOTFOUND, "request %d is not a request of event %d", rid, eventID)
		}
		ok := false
		switch status {
		case data.RequestAccepted, data.RequestDeclined:
			ok = r.Status == data.RequestPending
		case data.RequestCancelled:
			ok = r.Open()
		default:
			return data.Invalid(data.FieldError{Field: "status", Message: "must be accepted, declined or cancelled"})
		}
		if !ok {
			return data.Conflict(fmt.Sprintf("request %d is already %s", rid, r.Status),
				data.FieldError{Field: "status", Message: fmt.Sprintf("request %d is %s", rid, r.Status)})
		}
		if status == data.RequestAccepted {
			if err := frozen(ev); err != nil {
				return err
			}
		}
		r.Status = status
		if reply != "" {
			r.Reply = reply
		}
		r.UpdatedAt = s.now()
		return putJSON(rb, rid, r)
	})
	return r, err
}

// EventState reads the event with all that hangs on it. Returns ENOTFOUND.
func (s *Store) EventState(eventID uint64) (data.EventState, error) {
	var st data.EventState
	err := s.db.View(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		st.Event = et.ev
		st.Participants = sortedParts(et.parts)
		if st.Requests, err = et.requests(); err != nil {
			return err
		}
		st.MatchList = et.matchList()
		if st.Schedule, err = et.schedule(); err != nil {
			return err
		}
		if st.Schedule != nil {
			st.Schedule.State = et.ev.State
		}
		if st.Intents, err = listPrefix[data.Intent](tx.Bucket(bucketEventIntents), itob(eventID)); err != nil {
			return err
		}
		st.Rules, err = listPrefix[data.Rule](tx.Bucket(bucketEventRules), itob(eventID))
		return err
	})
	return st, err
}

// PutMatchList stores ml as the event's match list, replacing the last one.
// It is ECONFLICT once the schedule is final.
func (s *Store) PutMatchList(eventID uint64, ml data.MatchList) (data.MatchList, error) {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		if err := frozen(et.ev); err != nil {
			return err
		}
		for i, m := range ml.Meetings {
			h, g := et.parts[m.HostOrgID], et.parts[m.GuestOrgID]
			if h.Side != data.SideHost || g.Side != data.SideGuest {
				// A participant left or changed side while the list was made.
				return data.Errorf(data.ECONFLICT, "the event changed while the match list was being made (meeting %d pairs organizations %d and %d, no longer a host and a guest): make it again", i, m.HostOrgID, m.GuestOrgID)
			}
		}
		ml.EventID = eventID
		ml.CreatedAt = s.now()
		return putJSON(tx.Bucket(bucketMatchLists), eventID, ml)
	})
	return ml, err
}

// PutSchedule stores sch as the event's schedule and moves the event to
// provisional. A pair keeps the meeting id it had in the schedule it
// replaces; new pairs get new ids. The schedule must pass CheckSchedule
// (ECONFLICT otherwise), and a final schedule is frozen (ECONFLICT).
func (s *Store) PutSchedule(eventID uint64, sch data.Schedule) (data.Schedule, error) {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		if err := frozen(et.ev); err != nil {
			return err
		}
		prev, err := et.schedule()
		if err != nil {
			return err
		}
		ids := map[[2]uint64]uint64{}
		next := uint64(1)
		if prev != nil {
			for _, m := range prev.Meetings {
				ids[[2]uint64{m.HostOrgID, m.GuestOrgID}] = m.ID
			}
			for _, u := range prev.Unplaced {
				ids[[2]uint64{u.HostOrgID, u.GuestOrgID}] = u.ID
			}
			next = max(next, prev.NextMeetingID)
			sch.CreatedAt = prev.CreatedAt
		} else {
			sch.CreatedAt = s.now()
		}
		id := func(h, g uint64) uint64 {
			if v, ok := ids[[2]uint64{h, g}]; ok {
				return v
			}
			v := next
			next++
			ids[[2]uint64{h, g}] = v
			return v
		}
		for i := range sch.Meetings {
			sch.Meetings[i].ID = id(sch.Meetings[i].HostOrgID, sch.Meetings[i].GuestOrgID)
		}
		for i := range sch.Unplaced {
			sch.Unplaced[i].ID = id(sch.Unplaced[i].HostOrgID, sch.Unplaced[i].GuestOrgID)
		}
		sch.NextMeetingID = next
		sch.EventID = eventID
		data.Restamp(prev, &sch, s.now())
		if conflicts := data.CheckSchedule(et.ev, et.parts, &sch, et.names()); len(conflicts) > 0 {
			// The plan was made from an earlier state of the event.
			return data.Conflict("the event changed while the schedule was being made: make it again ("+conflicts[0].Message+")", conflicts...)
		}
		if err := et.putSchedule(s, &sch); err != nil {
			return err
		}
		et.ev.State = data.EventProvisional
		sch.State = data.EventProvisional
		return et.putEvent(s)
	})
	return sch, err
}

// Schedule returns the event's schedule, or ENOTFOUND if none was made.
func (s *Store) Schedule(eventID uint64) (data.Schedule, error) {
	var sch data.Schedule
	err := s.db.View(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		p, err := et.schedule()
		if err != nil {
			return err
		}
		if p == nil {
			return data.Errorf(data.ENOTFOUND, "event %d has no schedule yet: POST /events/%d/schedule makes one", eventID, eventID)
		}
		sch = *p
		sch.State = et.ev.State
		return nil
	})
	return sch, err
}

// EditMeeting applies an organizer's edit to meeting mid of the event's
// provisional schedule (see ApplyMeetingEdit), in one transaction.
// Returns ENOTFOUND, EINVALID or ECONFLICT (also for a final schedule).
func (s *Store) EditMeeting(eventID, mid uint64, edit data.MeetingEdit) (data.Schedule, error) {
	if err := edit.Validate(); err != nil {
		return data.Schedule{}, err
	}
	var sch data.Schedule
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		p, err := et.schedule()
		if err != nil {
			return err
		}
		if p == nil {
			return data.Errorf(data.ENOTFOUND, "event %d has no schedule yet", eventID)
		}
		if err := frozen(et.ev); err != nil {
			return err
		}
		before := *p
		before.Meetings = slices.Clone(p.Meetings)
		if err := data.ApplyMeetingEdit(et.ev, et.parts, p, mid, edit, et.names()); err != nil {
			return err
		}
		data.Restamp(&before, p, s.now())
		if err := et.putSchedule(s, p); err != nil {
			return err
		}
		sch = *p
		sch.State = et.ev.State
		return nil
	})
	return sch, err
}

// SetEventState moves the event from one state to the next: provisional to
// final (publish: needs a schedule) or final to closed. Anything else is
// ECONFLICT naming the current state.
func (s *Store) SetEventState(eventID uint64, to string) (data.Event, error) {
	var ev data.Event
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		from := map[string]string{data.EventFinal: data.EventProvisional, data.EventClosed: data.EventFinal}[to]
		if from == "" {
			return data.Invalid(data.FieldError{Field: "state", Message: "must be final or closed"})
		}
		if et.ev.State != from {
			hint := ""
			if to == data.EventFinal && et.ev.State == data.EventOpen {
				hint = ": make the schedule first (POST /events/{id}/schedule)"
			}
			return data.Errorf(data.ECONFLICT, "event %d is %s; only a %s event can become %s%s", eventID, et.ev.State, from, to, hint)
		}
		et.ev.State = to
		if err := et.putEvent(s); err != nil {
			return err
		}
		ev = et.ev
		return nil
	})
	return ev, err
}

// removeFromEvents takes orgID out of every event it takes part in, with
// force (its scheduled meetings move to unplaced), for DeleteOrganization.
func (s *Store) removeFromEvents(tx *bbolt.Tx, orgID uint64) error {
	var events []uint64
	_ = eachPrefix(tx.Bucket(bucketOrgEvents), itob(orgID), func(k, _ []byte) error {
		events = append(events, binary.BigEndian.Uint64(k[8:]))
		return nil
	})
	for _, id := range events {
		et, err := loadEventTx(tx, id)
		if err != nil {
			return err
		}
		if sch, _ := et.schedule(); sch != nil && (et.ev.State == data.EventFinal) {
			for _, m := range sch.Meetings {
				if m.Status == data.MeetingScheduled && m.Involves(orgID) {
					return data.Errorf(data.ECONFLICT, "organization %d has meetings in the published schedule of event %d: the organizer must close the event first", orgID, id)
				}
			}
		}
		// The removal is forced; a closed event's schedule is history, and
		// its meetings with the organization move to unplaced.
		et.ev.State = data.EventOpen
		if _, err := s.removeParticipant(et, orgID, true, et.names()); err != nil {
			return err
		}
	}
	return nil
}

// strandMessage is the refusal of an edit that would strand n meetings.
func strandMessage(n int) string {
	if n == 1 {
		return "the edit would strand 1 scheduled meeting; move it first, or send \"force\": true to move it to unplaced"
	}
	return fmt.Sprintf("the edit would strand %d scheduled meetings; move them first, or send \"force\": true to move them to unplaced", n)
}
