package api

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// Event routes: the organizer (admin token) creates and runs events; a
// participant's token reads the event, states its intents, sends and
// answers its own requests and, once the schedule is published, reads its
// own agenda.

func (s *Server) eventRoutes() []route {
	const p = "/api/v1/events"
	return append(s.exportRoutes(), []route{
		{Method: "POST", Path: p, Summary: "Create an event (organizer); state open", Auth: "admin", Body: data.EventFields{}, Response: data.Event{}, Status: 201, Handler: s.createEvent},
		{Method: "GET", Path: p, Summary: "List events: all to the organizer, a participant's own to its token", Auth: "org", Query: []string{"limit", "cursor"}, Response: page[data.Event]{}, Handler: s.listEvents},
		{Method: "GET", Path: p + "/:id", Summary: "Read an event (organizer or participant)", Auth: "org", Response: data.Event{}, Handler: s.getEvent},
		{Method: "PATCH", Path: p + "/:id", Summary: "Edit an event (organizer); an edit stranding scheduled meetings is 409 naming them unless \"force\": true moves them to unplaced", Auth: "admin", Body: eventPatch{}, Response: eventEdited{}, Handler: s.patchEvent},
		{Method: "DELETE", Path: p + "/:id", Summary: "Delete an event with its participants, intents, rules, requests and schedule (organizer)", Auth: "admin", Status: 204, Handler: s.deleteEvent},

		{Method: "POST", Path: p + "/:id/participants", Summary: "Add a participant (organizer); max_meetings defaults to the number of slots", Auth: "admin", Body: participantIn{}, Response: participantView{}, Status: 201, Handler: s.addParticipant},
		{Method: "POST", Path: p + "/:id/participants/import", Summary: "Add or update participants from a CSV or XLSX sheet (organizer); ?dry_run=true reports without writing; bad rows by line and field", Auth: "admin", Query: []string{"dry_run", "format"}, Response: importReport{}, Handler: s.importParticipants},
		{Method: "GET", Path: p + "/:id/participants", Summary: "The event's participants (organizer or participant)", Auth: "org", Response: []participantView{}, Handler: s.listParticipants},
		{Method: "GET", Path: p + "/:id/participants/:org_id", Summary: "One participant (organizer or participant)", Auth: "org", Response: participantView{}, Handler: s.getParticipant},
		{Method: "PATCH", Path: p + "/:id/participants/:org_id", Summary: "Edit a participation (organizer; the participant itself may set available_slots, languages and brings_interpreter)", Auth: "owner", Body: participantPatch{}, Response: participantEdited{}, Handler: s.patchParticipant},
		{Method: "DELETE", Path: p + "/:id/participants/:org_id", Summary: "Remove a participant with its intents, rules and requests (organizer); ?force=true moves its scheduled meetings to unplaced", Auth: "admin", Query: []string{"force"}, Response: data.EditResult{}, Handler: s.removeParticipant},

		{Method: "PUT", Path: p + "/:id/intents", Summary: "State an intent about a participant of the other side (that participant or the organizer)", Auth: "org", Body: data.Intent{}, Response: data.Intent{}, Handler: s.putIntent},
		{Method: "GET", Path: p + "/:id/intents", Summary: "Intents: all to the organizer, a participant's own to its token", Auth: "org", Response: []data.Intent{}, Handler: s.listIntents},
		{Method: "DELETE", Path: p + "/:id/intents/:to_org_id", Summary: "Withdraw an intent (the sender; the organizer adds ?from_org_id=)", Auth: "org", Query: []string{"from_org_id"}, Status: 204, Handler: s.deleteIntent},

		{Method: "POST", Path: p + "/:id/rules", Summary: "Set a rule on a host-guest pair: forbid, force or met_before (organizer)", Auth: "admin", Body: data.Rule{}, Response: data.Rule{}, Status: 201, Handler: s.putRule},
		{Method: "GET", Path: p + "/:id/rules", Summary: "The organizer's rules", Auth: "admin", Response: []data.Rule{}, Handler: s.listRules},
		{Method: "DELETE", Path: p + "/:id/rules/:host_org_id/:guest_org_id", Summary: "Lift a rule (organizer)", Auth: "admin", Status: 204, Handler: s.deleteRule},

		{Method: "POST", Path: p + "/:id/requests", Summary: "Request a meeting with a participant of the other side; pending plus accepted requests never exceed either side's max_meetings (409)", Auth: "org", Body: data.RequestFields{}, Response: data.Request{}, Status: 201, Handler: s.createRequest},
		{Method: "GET", Path: p + "/:id/requests", Summary: "Requests: all to the organizer, those a participant sent or received to its token", Auth: "org", Response: []data.Request{}, Handler: s.listRequests},
		{Method: "POST", Path: p + "/:id/requests/:rid/accept", Summary: "Accept a pending request (its recipient or the organizer)", Auth: "org", Body: requestAnswer{}, Response: data.Request{}, Handler: s.answerRequest(data.RequestAccepted)},
		{Method: "POST", Path: p + "/:id/requests/:rid/decline", Summary: "Decline a pending request (its recipient or the organizer)", Auth: "org", Body: requestAnswer{}, Response: data.Request{}, Handler: s.answerRequest(data.RequestDeclined)},
		{Method: "POST", Path: p + "/:id/requests/:rid/cancel", Summary: "Cancel a request (its sender, either side once accepted, or the organizer)", Auth: "org", Body: requestAnswer{}, Response: data.Request{}, Handler: s.answerRequest(data.RequestCancelled)},

		{Method: "POST", Path: p + "/:id/match-list", Summary: "Compute and store the optimal match list under capacities, accepted requests and forced pairs in (organizer)", Auth: "admin", Response: matchListView{}, Handler: s.makeMatchList},
		{Method: "GET", Path: p + "/:id/match-list", Summary: "The stored match list (organizer)", Auth: "admin", Response: matchListView{}, Handler: s.getMatchList},
		{Method: "POST", Path: p + "/:id/schedule", Summary: "Place the match list in slots and tables (organizer); state provisional", Auth: "admin", Response: scheduleView{}, Handler: s.makeSchedule},
		{Method: "GET", Path: p + "/:id/schedule", Summary: "The schedule: whole to the organizer (?org_id= for one participant's), a participant's own meetings once published", Auth: "org", Query: []string{"org_id"}, Response: scheduleView{}, Handler: s.getSchedule},
		{Method: "PATCH", Path: p + "/:id/meetings/:mid", Summary: "Move ({slot, table}), swap ({swap_with}) or cancel ({status: cancelled}) a meeting (organizer); 409 on double booking or a full slot", Auth: "admin", Body: data.MeetingEdit{}, Response: scheduleView{}, Handler: s.patchMeeting},
		{Method: "POST", Path: p + "/:id/publish", Summary: "Publish the schedule (organizer): state final, frozen, agendas readable", Auth: "admin", Response: data.Event{}, Handler: s.setEventState(data.EventFinal)},
		{Method: "POST", Path: p + "/:id/close", Summary: "Close a final event (organizer)", Auth: "admin", Response: data.Event{}, Handler: s.setEventState(data.EventClosed)},
		{Method: "GET", Path: p + "/:id/agenda/:org_id", Summary: "One participant's agenda (that participant once published, or the organizer)", Auth: "owner", Response: agendaView{}, Handler: s.getAgenda},
	}...)
}

// paramID parses a positive id route parameter.
func paramID(c *fiber.Ctx, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Params(name), 10, 64)
	if err != nil || id == 0 {
		return 0, data.Invalid(data.FieldError{Field: name, Message: "must be a positive whole number"})
	}
	return id, nil
}

// eventCaller is who calls an event route: the organizer, or a participant.
type eventCaller struct {
	admin bool
	org   uint64
	ev    data.Event
}

// eventAccess checks that the request may read event :id: the organizer's
// token, or a participant's. Another organization's token is EFORBIDDEN.
func (s *Server) eventAccess(c *fiber.Ctx) (eventCaller, error) {
	id, err := pathID(c)
	if err != nil {
		return eventCaller{}, err
	}
	p, err := s.requireAuth(c)
	if err != nil {
		return eventCaller{}, err
	}
	ev, err := s.store.Event(id)
	if err != nil {
		return eventCaller{}, err
	}
	if p.Admin {
		return eventCaller{admin: true, ev: ev}, nil
	}
	if _, err := s.store.Participant(id, p.OrgID); err != nil {
		return eventCaller{}, data.Errorf(data.EFORBIDDEN, "this token's organization does not take part in event %d", id)
	}
	return eventCaller{org: p.OrgID, ev: ev}, nil
}

// adminEvent checks the organizer's token and that event :id exists.
func (s *Server) adminEvent(c *fiber.Ctx) (data.Event, error) {
	id, err := pathID(c)
	if err != nil {
		return data.Event{}, err
	}
	if err := s.requireAdmin(c); err != nil {
		return data.Event{}, err
	}
	return s.store.Event(id)
}

// adminEventState is adminEvent with all that hangs on the event.
func (s *Server) adminEventState(c *fiber.Ctx) (data.EventState, error) {
	ev, err := s.adminEvent(c)
	if err != nil {
		return data.EventState{}, err
	}
	return s.store.EventState(ev.ID)
}

// actingOrg is the organization a participant's call acts for: its own, or
// for the organizer the one named by field (required).
func (ec eventCaller) actingOrg(field string, named uint64) (uint64, error) {
	if ec.admin {
		if named == 0 {
			return 0, data.Invalid(data.FieldError{Field: field, Message: "is required when the organizer acts for a participant"})
		}
		return named, nil
	}
	if named != 0 && named != ec.org {
		return 0, data.Errorf(data.EFORBIDDEN, "this token belongs to organization %d, not %d", ec.org, named)
	}
	return ec.org, nil
}

func (s *Server) createEvent(c *fiber.Ctx) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	var f data.EventFields
	if err := decodeInput(c, &f); err != nil {
		return err
	}
	ev, err := s.store.CreateEvent(f)
	if err != nil {
		return err
	}
	c.Location("/api/v1/events/" + strconv.FormatUint(ev.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(ev)
}

func (s *Server) listEvents(c *fiber.Ctx) error {
	p, err := s.requireAuth(c)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	after, err := cursorID(c)
	if err != nil {
		return err
	}
	out := page[data.Event]{Items: []data.Event{}}
	if p.Admin {
		evs, err := s.store.Events(after, limit)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, evs...)
		if len(evs) == limit {
			out.NextCursor = strconv.FormatUint(evs[len(evs)-1].ID, 10)
		}
		return c.JSON(out)
	}
	ids, err := s.store.EventsOf(p.OrgID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id <= after {
			continue
		}
		if ev, err := s.store.Event(id); err == nil {
			out.Items = append(out.Items, ev)
		}
		if len(out.Items) == limit {
			out.NextCursor = strconv.FormatUint(id, 10)
			break
		}
	}
	return c.JSON(out)
}

func (s *Server) getEvent(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	return c.JSON(ec.ev)
}

// eventPatch is the body of PATCH /events/{id}: any event fields, and force.
type eventPatch struct {
	data.EventFields
	// Force moves the meetings the edit strands to unplaced instead of
	// refusing the edit.
	Force bool `json:"force"`
}

type eventEdited struct {
	data.Event
	// MovedToUnplaced names the meetings a forced edit moved to unplaced.
	MovedToUnplaced []data.FieldError `json:"moved_to_unplaced,omitempty"`
}

// bodyForce reads the "force" member of a JSON body, or ?force=true.
func bodyForce(c *fiber.Ctx) bool {
	if c.QueryBool("force") {
		return true
	}
	var b struct {
		Force bool `json:"force"`
	}
	_ = json.Unmarshal(c.Body(), &b)
	return b.Force
}

func (s *Server) patchEvent(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	force := bodyForce(c)
	out, res, err := s.store.UpdateEvent(ev.ID, force, func(f *data.EventFields) error {
		p := eventPatch{EventFields: *f}
		if err := decodeInput(c, &p); err != nil {
			return err
		}
		*f = p.EventFields
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(eventEdited{Event: out, MovedToUnplaced: res.Unplaced})
}

func (s *Server) deleteEvent(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteEvent(ev.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// participantIn is the body of POST /events/{id}/participants.
type participantIn struct {
	OrgID uint64 `json:"org_id" validate:"required"`
	data.ParticipantFields
	slots int
}

func (p participantIn) Validate() error {
	err := p.ParticipantFields.Validate(p.slots)
	if p.OrgID == 0 {
		return withFields(err, []data.FieldError{{Field: "org_id", Message: "is required"}})
	}
	return err
}

// participantView is a participant with its organization's name and country.
type participantView struct {
	data.Participant
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

func (s *Server) participantView(p data.Participant) participantView {
	v := participantView{Participant: p}
	if o, err := s.store.Organization(p.OrgID); err == nil {
		v.Name, v.Country = o.Name, o.Country
	}
	if v.AvailableSlots == nil {
		v.AvailableSlots = []int{}
	}
	return v
}

func (s *Server) addParticipant(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	in := participantIn{slots: len(ev.Slots)}
	// max_meetings left out means as many as there are slots.
	in.MaxMeetings = len(ev.Slots)
	if err := decodeInput(c, &in); err != nil {
		return err
	}
	if len(in.Languages) == 0 {
		// The organization's languages, unless the registration says otherwise.
		if o, err := s.store.Organization(in.OrgID); err == nil {
			in.Languages = o.Languages
		}
	}
	p, err := s.store.AddParticipant(ev.ID, in.OrgID, in.ParticipantFields)
	if err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/events/%d/participants/%d", ev.ID, p.OrgID))
	return c.Status(fiber.StatusCreated).JSON(s.participantView(p))
}

func (s *Server) listParticipants(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	ps, err := s.store.Participants(ec.ev.ID)
	if err != nil {
		return err
	}
	out := make([]participantView, 0, len(ps))
	for _, p := range ps {
		out = append(out, s.participantView(p))
	}
	return c.JSON(out)
}

func (s *Server) getParticipant(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	org, err := paramID(c, "org_id")
	if err != nil {
		return err
	}
	p, err := s.store.Participant(ec.ev.ID, org)
	if err != nil {
		return err
	}
	return c.JSON(s.participantView(p))
}

// participantPatch is the body of PATCH /events/{id}/participants/{org_id}.
type participantPatch struct {
	data.ParticipantFields
	Force bool `json:"force"`
	slots int
}

func (p participantPatch) Validate() error { return p.ParticipantFields.Validate(p.slots) }

type participantEdited struct {
	participantView
	MovedToUnplaced []data.FieldError `json:"moved_to_unplaced,omitempty"`
}

// selfEditable are the fields a participant may change of its own participation.
var selfEditable = map[string]bool{"available_slots": true, "languages": true, "brings_interpreter": true, "force": true}

func (s *Server) patchParticipant(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	org, err := paramID(c, "org_id")
	if err != nil {
		return err
	}
	if !ec.admin {
		if org != ec.org {
			return data.Errorf(data.EFORBIDDEN, "this token belongs to organization %d, not %d", ec.org, org)
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(c.Body(), &members) == nil {
			var bad []data.FieldError
			for name := range members {
				if !selfEditable[name] {
					bad = append(bad, data.FieldError{Field: name, Message: "only the organizer may change it"})
				}
			}
			if len(bad) > 0 {
				sortFields(bad)
				return &data.Error{Code: data.EFORBIDDEN, Message: "a participant may change its available_slots, languages and brings_interpreter only", Fields: bad}
			}
		}
	}
	force := bodyForce(c)
	p, res, err := s.store.UpdateParticipant(ec.ev.ID, org, force, func(f *data.ParticipantFields) error {
		in := participantPatch{ParticipantFields: *f, slots: len(ec.ev.Slots)}
		if err := decodeInput(c, &in); err != nil {
			return err
		}
		*f = in.ParticipantFields
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(participantEdited{participantView: s.participantView(p), MovedToUnplaced: res.Unplaced})
}

func (s *Server) removeParticipant(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	org, err := paramID(c, "org_id")
	if err != nil {
		return err
	}
	force, err := queryFlag(c, "force")
	if err != nil {
		return err
	}
	res, err := s.store.RemoveParticipant(ev.ID, org, force)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *Server) putIntent(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	var in data.Intent
	if !ec.admin {
		in.FromOrgID = ec.org // a participant may leave from_org_id out
	}
	if err := decodeInput(c, &in); err != nil {
		return err
	}
	if in.FromOrgID, err = ec.actingOrg("from_org_id", in.FromOrgID); err != nil {
		return err
	}
	out, err := s.store.SetIntent(ec.ev.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) listIntents(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	all, err := s.store.Intents(ec.ev.ID)
	if err != nil {
		return err
	}
	// A participant sees the intents it stated, never what others think of it.
	out := make([]data.Intent, 0, len(all))
	for _, in := range all {
		if ec.admin || in.FromOrgID == ec.org {
			out = append(out, in)
		}
	}
	return c.JSON(out)
}

func (s *Server) deleteIntent(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	to, err := paramID(c, "to_org_id")
	if err != nil {
		return err
	}
	named, _ := strconv.ParseUint(c.Query("from_org_id"), 10, 64)
	from, err := ec.actingOrg("from_org_id", named)
	if err != nil {
		return err
	}
	if err := s.store.DeleteIntent(ec.ev.ID, from, to); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) putRule(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	var r data.Rule
	if err := decodeInput(c, &r); err != nil {
		return err
	}
	out, err := s.store.SetRule(ev.ID, r)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) listRules(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	rs, err := s.store.Rules(ev.ID)
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []data.Rule{}
	}
	return c.JSON(rs)
}

func (s *Server) deleteRule(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	host, err := paramID(c, "host_org_id")
	if err != nil {
		return err
	}
	guest, err := paramID(c, "guest_org_id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteRule(ev.ID, host, guest); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) createRequest(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	var f data.RequestFields
	if err := decodeInput(c, &f); err != nil {
		return err
	}
	if f.FromOrgID, err = ec.actingOrg("from_org_id", f.FromOrgID); err != nil {
		return err
	}
	r, err := s.store.CreateRequest(ec.ev.ID, f)
	if err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/events/%d/requests/%d", ec.ev.ID, r.ID))
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *Server) listRequests(c *fiber.Ctx) error {
	ec, err := s.eventAccess(c)
	if err != nil {
		return err
	}
	all, err := s.store.Requests(ec.ev.ID)
	if err != nil {
		return err
	}
	out := make([]data.Request, 0, len(all))
	for _, r := range all {
		if ec.admin || r.Involves(ec.org) {
			out = append(out, r)
		}
	}
	return c.JSON(out)
}

// requestAnswer is the optional body of accept, decline and cancel.
type requestAnswer struct {
	Reply string `json:"reply,omitempty" validate:"max=2000"`
}

func (r requestAnswer) Validate() error { return nil }

func (s *Server) answerRequest(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ec, err := s.eventAccess(c)
		if err != nil {
			return err
		}
		rid, err := paramID(c, "rid")
		if err != nil {
			return err
		}
		r, err := s.store.Request(ec.ev.ID, rid)
		if err != nil {
			return err
		}
		var ans requestAnswer
		if len(c.Body()) > 0 {
			if err := decodeInput(c, &ans); err != nil {
				return err
			}
		}
		if !ec.admin {
			switch {
			case !r.Involves(ec.org):
				return data.Errorf(data.EFORBIDDEN, "request %d is between other organizations", rid)
			case status != data.RequestCancelled && r.ToOrgID != ec.org:
				return data.Errorf(data.EFORBIDDEN, "only the recipient of request %d may %s it", rid, map[string]string{data.RequestAccepted: "accept", data.RequestDeclined: "decline"}[status])
			case status == data.RequestCancelled && r.FromOrgID != ec.org && r.Status != data.RequestAccepted:
				return data.Errorf(data.EFORBIDDEN, "only the sender may cancel pending request %d; the recipient declines it", rid)
			}
		}
		out, err := s.store.AnswerRequest(ec.ev.ID, rid, status, ans.Reply)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

func (s *Server) setEventState(to string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ev, err := s.adminEvent(c)
		if err != nil {
			return err
		}
		out, err := s.store.SetEventState(ev.ID, to)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}
