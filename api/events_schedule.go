package api

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// proposedView is a match-list meeting with the two organizations' names.
type proposedView struct {
	data.ProposedMeeting
	HostName  string `json:"host_name"`
	GuestName string `json:"guest_name"`
}

// matchListView is the answer of POST and GET /events/{id}/match-list.
type matchListView struct {
	EventID          uint64         `json:"event_id"`
	Meetings         []proposedView `json:"meetings"`
	TotalScore       float64        `json:"total_score"`
	GreedyTotalScore float64        `json:"greedy_total_score"`
	GreedyCount      int            `json:"greedy_count"`
	Candidates       int            `json:"candidates"`
	// Unforced are forced pairs left out: the forced pairs alone exceed a
	// capacity (reason says whose).
	Unforced  []proposedView `json:"unforced"`
	CreatedAt time.Time      `json:"created_at"`
}

func (s *Server) matchListView(ml data.MatchList) matchListView {
	v := matchListView{EventID: ml.EventID, Meetings: make([]proposedView, 0, len(ml.Meetings)), TotalScore: ml.TotalScore,
		GreedyTotalScore: ml.GreedyTotalScore, GreedyCount: ml.GreedyCount, Candidates: ml.Candidates, CreatedAt: ml.CreatedAt}
	names := data.PartyNames{}
	for _, m := range ml.Meetings {
		names = s.addNames(names, m.HostOrgID, m.GuestOrgID)
		v.Meetings = append(v.Meetings, proposedView{ProposedMeeting: m, HostName: names[m.HostOrgID], GuestName: names[m.GuestOrgID]})
	}
	v.Unforced = []proposedView{}
	for _, m := range ml.Unforced {
		names = s.addNames(names, m.HostOrgID, m.GuestOrgID)
		v.Unforced = append(v.Unforced, proposedView{ProposedMeeting: m, HostName: names[m.HostOrgID], GuestName: names[m.GuestOrgID]})
	}
	return v
}

func (s *Server) addNames(n data.PartyNames, ids ...uint64) data.PartyNames {
	for _, id := range ids {
		if _, ok := n[id]; !ok {
			if o, err := s.store.Organization(id); err == nil {
				n[id] = o.Name
			} else {
				n[id] = ""
			}
		}
	}
	return n
}

// meetingView is a scheduled meeting with names and its time in the
// event's zone.
type meetingView struct {
	data.Meeting
	HostName  string `json:"host_name"`
	GuestName string `json:"guest_name"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
}

type unplacedView struct {
	data.Unplaced
	HostName  string `json:"host_name"`
	GuestName string `json:"guest_name"`
}

// scheduleView is the answer of the schedule routes.
type scheduleView struct {
	EventID    uint64         `json:"event_id"`
	State      string         `json:"state"`
	Timezone   string         `json:"timezone"`
	Meetings   []meetingView  `json:"meetings"`
	Unplaced   []unplacedView `json:"unplaced"`
	SlotsUsed  int            `json:"slots_used"`
	LowerBound int            `json:"lower_bound"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// scheduleView shows the schedule, or with only != 0 the meetings of one
// organization (and, with unplaced, its unplaced ones).
func (s *Server) scheduleView(ev data.Event, sch data.Schedule, only uint64, unplaced ...bool) scheduleView {
	v := scheduleView{EventID: ev.ID, State: ev.State, Timezone: ev.Timezone, Meetings: []meetingView{}, Unplaced: []unplacedView{},
		SlotsUsed: sch.SlotsUsed, LowerBound: sch.LowerBound, UpdatedAt: sch.UpdatedAt}
	loc := ev.Location()
	names := data.PartyNames{}
	for _, m := range sch.Meetings {
		if only != 0 && !m.Involves(only) {
			continue
		}
		names = s.addNames(names, m.HostOrgID, m.GuestOrgID)
		mv := meetingView{Meeting: m, HostName: names[m.HostOrgID], GuestName: names[m.GuestOrgID]}
		if m.Slot >= 0 && m.Slot < len(ev.Slots) {
			sl := ev.Slots[m.Slot]
			mv.Start, mv.End = sl.Start.In(loc).Format(time.RFC3339), sl.End().In(loc).Format(time.RFC3339)
		}
		v.Meetings = append(v.Meetings, mv)
	}
	if only == 0 || (len(unplaced) > 0 && unplaced[0]) {
		for _, u := range sch.Unplaced {
			if only != 0 && u.HostOrgID != only && u.GuestOrgID != only {
				continue
			}
			names = s.addNames(names, u.HostOrgID, u.GuestOrgID)
			v.Unplaced = append(v.Unplaced, unplacedView{Unplaced: u, HostName: names[u.HostOrgID], GuestName: names[u.GuestOrgID]})
		}
	}
	return v
}

// eventListings reads the live needs and offers of the event's participants.
func (s *Server) eventListings(st data.EventState) (map[uint64]match.OrgListings, error) {
	out := make(map[uint64]match.OrgListings, len(st.Participants))
	now := time.Now()
	for _, p := range st.Participants {
		org, err := s.store.Organization(p.OrgID)
		if err != nil {
			continue // deleted meanwhile: nothing to match
		}
		var l match.OrgListings
		needs, err := s.store.NeedsOf(p.OrgID)
		if err != nil {
			return nil, err
		}
		for _, n := range needs {
			if n.Live(now) {
				l.Needs = append(l.Needs, data.NeedProfile(n, org))
			}
		}
		offers, err := s.store.OffersOf(p.OrgID)
		if err != nil {
			return nil, err
		}
		for _, o := range offers {
			if o.Live(now) {
				l.Offers = append(l.Offers, data.OfferProfile(o, org))
			}
		}
		out[p.OrgID] = l
	}
	return out, nil
}

// buildMatchList computes the event's match list from its current state.
func (s *Server) buildMatchList(ctx context.Context, st data.EventState) (data.MatchList, error) {
	listings, err := s.eventListings(st)
	if err != nil {
		return data.MatchList{}, err
	}
	cands, err := s.engine().EventCandidates(ctx, st, listings)
	if err != nil {
		return data.MatchList{}, err
	}
	return match.EventMatchList(st, cands)
}

// newMatchList builds the event's match list and stores it in place of the
// last one.
func (s *Server) newMatchList(ctx context.Context, st data.EventState) (data.MatchList, error) {
	ml, err := s.buildMatchList(ctx, st)
	if err != nil {
		return data.MatchList{}, err
	}
	return s.store.PutMatchList(st.Event.ID, ml)
}

func (s *Server) makeMatchList(c *fiber.Ctx) error {
	defer s.timeOp(opMatchList)()
	st, err := s.adminEventState(c)
	if err != nil {
		return err
	}
	ml, err := s.newMatchList(c.UserContext(), st)
	if err != nil {
		return err
	}
	return c.JSON(s.matchListView(ml))
}

func (s *Server) getMatchList(c *fiber.Ctx) error {
	st, err := s.adminEventState(c)
	if err != nil {
		return err
	}
	if st.MatchList == nil {
		return data.Errorf(data.ENOTFOUND, "event %d has no match list yet: POST /api/v1/events/%d/match-list makes one", st.Event.ID, st.Event.ID)
	}
	return c.JSON(s.matchListView(*st.MatchList))
}

// published reports whether participants may read the event's schedule.
func published(ev data.Event) bool {
	return ev.State == data.EventFinal || ev.State == data.EventClosed
}

func (s *Server) getSchedule(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	if !ec.admin && !published(ec.ev) {
		return data.Errorf(data.EFORBIDDEN, "the schedule of event %d is not published yet", ec.ev.ID)
	}
	sch, err := s.store.Schedule(ec.ev.ID)
	if err != nil {
		return err
	}
	if ec.admin && c.Query("org_id") != "" {
		org, err := strconv.ParseUint(c.Query("org_id"), 10, 64)
		if err != nil || org == 0 {
			return data.Invalid(data.FieldError{Field: "org_id", Message: "must be a positive whole number"})
		}
		return c.JSON(s.scheduleView(ec.ev, sch, org, true))
	}
	return c.JSON(s.scheduleView(ec.ev, sch, ec.org))
}

func (s *Server) patchMeeting(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	mid, err := paramID(c, "mid")
	if err != nil {
		return err
	}
	var edit data.MeetingEdit
	if err := decodeInput(c, &edit); err != nil {
		return err
	}
	sch, err := s.store.EditMeeting(ev.ID, mid, edit)
	if err != nil {
		return err
	}
	return c.JSON(s.scheduleView(ev, sch, 0))
}

// agendaItem is one meeting of a participant's agenda.
type agendaItem struct {
	MeetingID         uint64 `json:"meeting_id"`
	Slot              int    `json:"slot"`
	Start             string `json:"start"`
	End               string `json:"end"`
	Table             int    `json:"table"`
	Status            string `json:"status"`
	CounterpartOrgID  uint64 `json:"counterpart_org_id"`
	CounterpartName   string `json:"counterpart_name"`
	CounterpartSide   string `json:"counterpart_side"`
	Delegation        string `json:"delegation,omitempty"`
	NeedID            uint64 `json:"need_id,omitempty"`
	NeedTitle         string `json:"need_title,omitempty"`
	OfferID           uint64 `json:"offer_id,omitempty"`
	OfferTitle        string `json:"offer_title,omitempty"`
	InterpreterNeeded bool   `json:"interpreter_needed"`
}

// agendaView is one participant's agenda.
type agendaView struct {
	EventID  uint64       `json:"event_id"`
	Event    string       `json:"event"`
	Venue    string       `json:"venue,omitempty"`
	Timezone string       `json:"timezone"`
	State    string       `json:"state"`
	OrgID    uint64       `json:"org_id"`
	Name     string       `json:"name"`
	Meetings []agendaItem `json:"meetings"`
}

// agendaAccess checks who may read :org_id's agenda: that participant once
// the schedule is published, the organizer always (a preview while
// provisional). It returns the event, its state and the schedule.
func (s *Server) agendaAccess(c *fiber.Ctx) (data.EventState, uint64, error) {
	ec, err := s.eventAccess(c)
	if err != nil {
		return data.EventState{}, 0, err
	}
	org, err := paramID(c, "org_id")
	if err != nil {
		return data.EventState{}, 0, err
	}
	if !ec.admin {
		if org != ec.org {
			return data.EventState{}, 0, data.Errorf(data.EFORBIDDEN, "an agenda is readable by its participant and the organizer only")
		}
		if !published(ec.ev) {
			return data.EventState{}, 0, data.Errorf(data.EFORBIDDEN, "the schedule of event %d is not published yet", ec.ev.ID)
		}
	}
	st, err := s.store.EventState(ec.ev.ID)
	if err != nil {
		return data.EventState{}, 0, err
	}
	if !participates(st, org) {
		return data.EventState{}, 0, data.Errorf(data.ENOTFOUND, "organization %d is not a participant of event %d", org, ec.ev.ID)
	}
	if st.Schedule == nil {
		return data.EventState{}, 0, data.Errorf(data.ENOTFOUND, "event %d has no schedule yet", ec.ev.ID)
	}
	return st, org, nil
}

func participates(st data.EventState, org uint64) bool {
	for _, p := range st.Participants {
		if p.OrgID == org {
			return true
		}
	}
	return false
}

func (s *Server) agenda(st data.EventState, org uint64) agendaView {
	ev := st.Event
	loc := ev.Location()
	v := agendaView{EventID: ev.ID, Event: ev.Name, Venue: ev.Venue, Timezone: ev.Timezone, State: ev.State, OrgID: org, Meetings: []agendaItem{}}
	names := s.addNames(data.PartyNames{}, org)
	v.Name = names[org]
	parts := map[uint64]data.Participant{}
	for _, p := range st.Participants {
		parts[p.OrgID] = p
	}
	for _, m := range st.Schedule.Meetings {
		if !m.Involves(org) || m.Slot < 0 || m.Slot >= len(ev.Slots) {
			continue
		}
		other := m.GuestOrgID
		if other == org {
			other = m.HostOrgID
		}
		names = s.addNames(names, other)
		sl := ev.Slots[m.Slot]
		it := agendaItem{MeetingID: m.ID, Slot: m.Slot, Start: sl.Start.In(loc).Format(time.RFC3339), End: sl.End().In(loc).Format(time.RFC3339),
			Table: m.Table, Status: m.Status, CounterpartOrgID: other, CounterpartName: names[other], CounterpartSide: parts[other].Side,
			Delegation: parts[other].Delegation, NeedID: m.NeedID, OfferID: m.OfferID, InterpreterNeeded: m.InterpreterNeeded}
		if m.NeedID != 0 {
			if n, err := s.store.Need(m.NeedID); err == nil {
				it.NeedTitle = n.Title
			}
		}
		if m.OfferID != 0 {
			if o, err := s.store.Offer(m.OfferID); err == nil {
				it.OfferTitle = o.Title
			}
		}
		v.Meetings = append(v.Meetings, it)
	}
	return v
}

func (s *Server) getAgenda(c *fiber.Ctx) error {
	st, org, err := s.agendaAccess(c)
	if err != nil {
		return err
	}
	return c.JSON(s.agenda(st, org))
}
