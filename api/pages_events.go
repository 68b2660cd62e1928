package api

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/api/export"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// Event pages: a participant's event (meeting requests, inbox, agenda with
// downloads) and the organizer's (participants and their import, requests,
// match list, schedule grid with moves, publishing, exports). They call the
// same store, matching and export code as /api/v1/events.

func (s *Server) eventPageRoutes() []pageRoute {
	return []pageRoute{
		{"GET", "/my/events/:id", s.myEventPage},
		{"POST", "/my/events/:id/requests", s.sendRequestForm},
		{"POST", "/my/events/:id/intents", s.intentForm},
		{"POST", "/my/events/:id/requests/:rid/:answer", s.answerRequestForm},
		{"GET", "/my/events/:id/agenda.pdf", s.myAgendaFile("pdf")},
		{"GET", "/my/events/:id/agenda.ics", s.myAgendaFile("ics")},

		{"POST", "/organizer/events", s.createEventForm},
		{"GET", "/organizer/events/:id", s.organizerEventPage("participants")},
		{"GET", "/organizer/events/:id/requests", s.organizerEventPage("requests")},
		{"GET", "/organizer/events/:id/matches", s.organizerEventPage("matches")},
		{"GET", "/organizer/events/:id/schedule", s.organizerEventPage("schedule")},
		{"POST", "/organizer/events/:id/import", s.importPreview},
		{"POST", "/organizer/events/:id/import/commit", s.importCommit},
		{"POST", "/organizer/events/:id/match-list", s.buildMatchListForm},
		{"POST", "/organizer/events/:id/schedule", s.buildScheduleForm},
		{"POST", "/organizer/events/:id/meetings/:mid", s.editMeetingForm},
		{"POST", "/organizer/events/:id/publish", s.publishForm},
		{"GET", "/organizer/events/:id/schedule.xlsx", s.organizerScheduleFile("xlsx")},
		{"GET", "/organizer/events/:id/schedule.csv", s.organizerScheduleFile("csv")},
		{"GET", "/organizer/events/:id/agenda/:org", s.organizerAgendaFile},
	}
}

// eventRef is an event in a list.
type eventRef struct {
	ID           uint64
	Name, Venue  string
	State        string
	When         string
	Participants int
	URL          string
}

// myEvents lists the events an organization takes part in.
func (s *Server) myEvents(w *webCtx, orgID uint64) []myEvent {
	ids, err := s.store.EventsOf(orgID)
	if err != nil {
		return nil
	}
	var out []myEvent
	for _, id := range ids {
		ev, err := s.store.Event(id)
		if err != nil {
			continue
		}
		out = append(out, myEvent{Name: ev.Name, URL: "/my/events/" + uitoa(id), Note: tr(w.lang, "event.state."+ev.State) + eventWhen(w.lang, ev)})
	}
	return out
}

func eventWhen(lang string, ev data.Event) string {
	if len(ev.Slots) == 0 {
		return ""
	}
	first := ev.Slots[0].Start
	for _, sl := range ev.Slots {
		if sl.Start.Before(first) {
			first = sl.Start
		}
	}
	return " · " + formatDate(lang, &first)
}

// slotLabel is a slot's time in the event's zone: "10/12 09:00–09:20".
func slotLabel(lang string, ev data.Event, i int) string {
	if i < 0 || i >= len(ev.Slots) {
		return "?"
	}
	loc := ev.Location()
	sl := ev.Slots[i]
	day := sl.Start.In(loc).Format("02/01")
	if lang == "en" {
		day = sl.Start.In(loc).Format("2 Jan")
	}
	return day + " " + sl.Start.In(loc).Format("15:04") + "–" + sl.End().In(loc).Format("15:04")
}

type requestView struct {
	data.Request
	FromName, ToName string
	Incoming         bool
}

type partnerView struct {
	OrgID      uint64
	Name       string
	Country    string
	Delegation string
	Score      int
	Strength   string
	Why        string
	Requested  string // the status of an open request between the two, if any
	Intent     string // the organization's own intent about this participant
}

type myEventView struct {
	Ev        data.Event
	Me        data.Participant
	Partners  []partnerView
	Inbox     []requestView
	Sent      []requestView
	Answered  []requestView
	Agenda    []agendaRow
	Published bool
	Error     string
	Remaining int
}

type agendaRow struct {
	When, Table, With, Delegation, Need, Offer string
	Interpreter, Cancelled                     bool
}

// myEventAccess reads the event of the address, which the signed-in
// organization must take part in.
func (s *Server) myEventAccess(c *fiber.Ctx, w *webCtx) (data.EventState, uint64, error) {
	orgID, err := requireOrg(w)
	if err != nil {
		return data.EventState{}, 0, err
	}
	id, err := pageID(c)
	if err != nil {
		return data.EventState{}, 0, err
	}
	if _, err := s.store.Participant(id, orgID); err != nil {
		if data.ErrorCode(err) == data.ENOTFOUND {
			return data.EventState{}, 0, data.Errorf(data.ENOTFOUND, "not a participant")
		}
		return data.EventState{}, 0, err
	}
	st, err := s.store.EventState(id)
	return st, orgID, err
}

func (s *Server) myEventPage(c *fiber.Ctx, w *webCtx) error {
	st, orgID, err := s.myEventAccess(c, w)
	if err != nil {
		return err
	}
	return s.renderMyEvent(c, w, st, orgID, 200, "")
}

func (s *Server) renderMyEvent(c *fiber.Ctx, w *webCtx, st data.EventState, orgID uint64, status int, problem string) error {
	v := myEventView{Ev: st.Event, Published: published(st.Event), Error: problem}
	parts := map[uint64]data.Participant{}
	for _, p := range st.Participants {
		parts[p.OrgID] = p
		if p.OrgID == orgID {
			v.Me = p
		}
	}
	names := data.PartyNames{}
	open := map[uint64]string{}
	used := 0
	for _, r := range st.Requests {
		if !r.Involves(orgID) {
			continue
		}
		names = s.addNames(names, r.FromOrgID, r.ToOrgID)
		rv := requestView{Request: r, FromName: names[r.FromOrgID], ToName: names[r.ToOrgID], Incoming: r.ToOrgID == orgID}
		other := r.ToOrgID
		if rv.Incoming {
			other = r.FromOrgID
		}
		if r.Open() {
			open[other] = r.Status
			used++
		}
		switch {
		case r.Status == data.RequestPending && rv.Incoming:
			v.Inbox = append(v.Inbox, rv)
		case r.Status == data.RequestPending:
			v.Sent = append(v.Sent, rv)
		default:
			v.Answered = append(v.Answered, rv)
		}
	}
	v.Remaining = v.Me.MaxMeetings - used
	if v.Remaining < 0 {
		v.Remaining = 0
	}
	if st.Event.State == data.EventOpen || st.Event.State == data.EventProvisional {
		v.Partners = s.partners(w.lang, st, orgID, parts, open)
		mine := map[uint64]string{}
		for _, in := range st.Intents {
			if in.FromOrgID == orgID {
				mine[in.ToOrgID] = in.Intent
			}
		}
		for i := range v.Partners {
			v.Partners[i].Intent = mine[v.Partners[i].OrgID]
		}
	}
	if v.Published && st.Schedule != nil {
		ag := s.agenda(st, orgID)
		sort.SliceStable(ag.Meetings, func(i, j int) bool { return ag.Meetings[i].Start < ag.Meetings[j].Start })
		for _, m := range ag.Meetings {
			v.Agenda = append(v.Agenda, agendaRow{When: slotLabel(w.lang, st.Event, m.Slot), Table: strconv.Itoa(m.Table), With: m.CounterpartName,
				Delegation: m.Delegation, Need: m.NeedTitle, Offer: m.OfferTitle, Interpreter: m.InterpreterNeeded, Cancelled: m.Status == data.MeetingCancelled})
		}
	}
	return s.render(c, w, status, "my_event", st.Event.Name, "my", v)
}

// partners ranks the participants of the other side by how well their
// records fit the organization's, with the best pair's reason.
func (s *Server) partners(lang string, st data.EventState, orgID uint64, parts map[uint64]data.Participant, open map[uint64]string) []partnerView {
	me, ok := parts[orgID]
	if !ok {
		return nil
	}
	listings, err := s.eventListings(st)
	if err != nil {
		return nil
	}
	eng := s.engine()
	var out []partnerView
	for _, p := range st.Participants {
		if p.Side == me.Side {
			continue
		}
		org, err := s.store.Organization(p.OrgID)
		if err != nil {
			continue
		}
		pv := partnerView{OrgID: p.OrgID, Name: org.Name, Country: org.Country, Delegation: p.Delegation, Requested: open[p.OrgID]}
		if ps := eng.BestPair(listings[orgID], listings[p.OrgID]); ps.Found {
			pv.Score = int(ps.Score*100 + 0.5)
			pv.Strength = ps.Match.Strength
			pv.Why = pairWhy(lang, s, ps)
		}
		out = append(out, pv)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// pairWhy names the best need and offer of a pair and their shared terms.
func pairWhy(lang string, s *Server, ps match.PairScore) string {
	var need, offer string
	if n, err := s.store.Need(ps.NeedID); err == nil {
		need = n.Title
	}
	if o, err := s.store.Offer(ps.OfferID); err == nil {
		offer = o.Title
	}
	why := tr(lang, "event.pair", need, offer)
	if len(ps.Match.MatchedTerms) > 0 {
		t := ps.Match.MatchedTerms
		if len(t) > 4 {
			t = t[:4]
		}
		why += " — " + tr(lang, "reason.terms", "“"+strings.Join(t, "”, “")+"”")
	}
	return why
}

// sendRequestForm sends a meeting request to another participant.
func (s *Server) sendRequestForm(c *fiber.Ctx, w *webCtx) error {
	st, orgID, err := s.myEventAccess(c, w)
	if err != nil {
		return err
	}
	to, _ := strconv.ParseUint(c.FormValue("to_org_id"), 10, 64)
	f := data.RequestFields{FromOrgID: orgID, ToOrgID: to, Message: strings.TrimSpace(c.FormValue("message"))}
	if err := f.Validate(); err != nil {
		return s.renderMyEvent(c, w, st, orgID, 422, tr(w.lang, "event.request_bad"))
	}
	if _, err := s.store.CreateRequest(st.Event.ID, f); err != nil {
		switch data.ErrorCode(err) {
		case data.ECONFLICT, data.EINVALID, data.ENOTFOUND:
			return s.renderMyEvent(c, w, st, orgID, fiber.StatusConflict, tr(w.lang, "event.request_refused")+" "+errDetail(err))
		}
		return err
	}
	setFlash(c, "flash.request_sent")
	if back := c.FormValue("back"); back != "" {
		return c.Redirect(localPath(back), fiber.StatusSeeOther)
	}
	return c.Redirect("/my/events/"+uitoa(st.Event.ID), fiber.StatusSeeOther)
}

// errDetail is what an application error says, each distinct message once.
func errDetail(err error) string {
	e, ok := err.(*data.Error)
	if !ok {
		return ""
	}
	if len(e.Fields) == 0 {
		return e.Message
	}
	seen := map[string]bool{}
	var parts []string
	for _, f := range e.Fields {
		if !seen[f.Message] {
			seen[f.Message] = true
			parts = append(parts, f.Message)
		}
	}
	return strings.Join(parts, "; ")
}

// intentForm states the organization's intent about another participant
// (must meet, would meet, no thanks), as PUT /events/{id}/intents does.
func (s *Server) intentForm(c *fiber.Ctx, w *webCtx) error {
	st, orgID, err := s.myEventAccess(c, w)
	if err != nil {
		return err
	}
	to, _ := strconv.ParseUint(c.FormValue("to_org_id"), 10, 64)
	in := data.Intent{FromOrgID: orgID, ToOrgID: to, Intent: c.FormValue("intent")}
	if _, err := s.store.SetIntent(st.Event.ID, in); err != nil {
		switch data.ErrorCode(err) {
		case data.ECONFLICT, data.EINVALID, data.ENOTFOUND:
			return s.renderMyEvent(c, w, st, orgID, fiber.StatusConflict, tr(w.lang, "event.intent_refused")+" "+errDetail(err))
		}
		return err
	}
	setFlash(c, "flash.intent_saved")
	return c.Redirect("/my/events/"+uitoa(st.Event.ID), fiber.StatusSeeOther)
}

// answerRequestForm accepts, declines or cancels a request, with the
// API's rules on who may do which.
func (s *Server) answerRequestForm(c *fiber.Ctx, w *webCtx) error {
	st, orgID, err := s.myEventAccess(c, w)
	if err != nil {
		return err
	}
	status := map[string]string{"accept": data.RequestAccepted, "decline": data.RequestDeclined, "cancel": data.RequestCancelled}[c.Params("answer")]
	if status == "" {
		return data.Errorf(data.ENOTFOUND, "no such answer")
	}
	rid, err := strconv.ParseUint(c.Params("rid"), 10, 64)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "no such request")
	}
	r, err := s.store.Request(st.Event.ID, rid)
	if err != nil {
		return err
	}
	switch {
	case !r.Involves(orgID):
		return data.Errorf(data.EFORBIDDEN, "request between other organizations")
	case status != data.RequestCancelled && r.ToOrgID != orgID:
		return data.Errorf(data.EFORBIDDEN, "only the recipient may answer")
	case status == data.RequestCancelled && r.FromOrgID != orgID && r.Status != data.RequestAccepted:
		return data.Errorf(data.EFORBIDDEN, "only the sender may cancel a pending request")
	}
	if _, err := s.store.AnswerRequest(st.Event.ID, rid, status, strings.TrimSpace(c.FormValue("reply"))); err != nil {
		if data.ErrorCode(err) == data.ECONFLICT || data.ErrorCode(err) == data.EINVALID {
			return s.renderMyEvent(c, w, st, orgID, fiber.StatusConflict, tr(w.lang, "event.answer_refused")+" "+errDetail(err))
		}
		return err
	}
	setFlash(c, "flash.request_"+status)
	return c.Redirect("/my/events/"+uitoa(st.Event.ID), fiber.StatusSeeOther)
}

func (s *Server) myAgendaFile(format string) pageHandler {
	return func(c *fiber.Ctx, w *webCtx) error {
		st, orgID, err := s.myEventAccess(c, w)
		if err != nil {
			return err
		}
		if !published(st.Event) || st.Schedule == nil {
			return data.Errorf(data.EFORBIDDEN, "the schedule is not published yet")
		}
		return s.sendAgenda(c, w, st, orgID, format)
	}
}

func (s *Server) sendAgenda(c *fiber.Ctx, w *webCtx, st data.EventState, orgID uint64, format string) error {
	sch := s.exportSchedule(st)
	name := fmt.Sprintf("event-%d-agenda-%d.%s", st.Event.ID, orgID, format)
	if format == "ics" {
		return sendFile(c, "text/calendar; charset=utf-8", name, func(out io.Writer) error { return export.WriteICS(out, sch, orgID, w.lang) })
	}
	return sendFile(c, "application/pdf", name, func(out io.Writer) error { return export.WritePDF(out, sch, orgID, w.lang) })
}

// The organizer's pages.

type organizerEventView struct {
	Ev        data.Event
	Tab       string
	Parts     []partRow
	Requests  []requestView
	Intents   []intentRow
	ML        *matchListView
	Grid      *gridView
	Unplaced  []unplacedRow
	Meetings  []meetingRow
	Import    *importView
	Error     string
	SlotsUsed int
	Lower     int
	Slots     []slotOption
	Tables    []int
	CanEdit   bool
	Published bool
}

type partRow struct {
	OrgID                               uint64
	Name, Side, Delegation, Avail, Lang string
	Max                                 int
	Interpreter                         bool
}

type intentRow struct{ From, To, Intent string }

type slotOption struct {
	Index int
	Label string
}

type gridView struct {
	Tables []int
	Rows   []gridRow
}

type gridRow struct {
	Label string
	Cells []*meetingRow
}

type meetingRow struct {
	ID                uint64
	Slot, Table       int
	When              string
	Host, Guest       string
	Interpreter, Gone bool
	Score             int
}

type unplacedRow struct{ Host, Guest, Reason string }

func (s *Server) adminEventAccess(c *fiber.Ctx, w *webCtx) (data.EventState, error) {
	if err := requireOrganizer(w); err != nil {
		return data.EventState{}, err
	}
	id, err := pageID(c)
	if err != nil {
		return data.EventState{}, err
	}
	return s.store.EventState(id)
}

func (s *Server) organizerEventPage(tab string) pageHandler {
	return func(c *fiber.Ctx, w *webCtx) error {
		st, err := s.adminEventAccess(c, w)
		if err != nil {
			return err
		}
		return s.renderOrganizerEvent(c, w, st, tab, 200, "", nil)
	}
}

func (s *Server) renderOrganizerEvent(c *fiber.Ctx, w *webCtx, st data.EventState, tab string, status int, problem string, imp *importView) error {
	ev := st.Event
	v := organizerEventView{Ev: ev, Tab: tab, Error: problem, Import: imp, Published: published(ev), CanEdit: ev.State == data.EventProvisional}
	ids := []uint64{}
	for _, p := range st.Participants {
		ids = append(ids, p.OrgID)
	}
	names := s.addNames(data.PartyNames{}, ids...)
	for _, p := range st.Participants {
		avail := tr(w.lang, "event.all_slots")
		if len(p.AvailableSlots) > 0 {
			var ls []string
			for _, i := range p.AvailableSlots {
				ls = append(ls, slotLabel(w.lang, ev, i))
			}
			avail = strings.Join(ls, ", ")
		}
		v.Parts = append(v.Parts, partRow{OrgID: p.OrgID, Name: names[p.OrgID], Side: p.Side, Delegation: p.Delegation, Avail: avail,
			Lang: strings.Join(p.Languages, ", "), Max: p.MaxMeetings, Interpreter: p.BringsInterpreter})
	}
	sort.SliceStable(v.Parts, func(i, j int) bool { return v.Parts[i].Side > v.Parts[j].Side })
	for _, r := range st.Requests {
		names = s.addNames(names, r.FromOrgID, r.ToOrgID)
		v.Requests = append(v.Requests, requestView{Request: r, FromName: names[r.FromOrgID], ToName: names[r.ToOrgID]})
	}
	for _, in := range st.Intents {
		names = s.addNames(names, in.FromOrgID, in.ToOrgID)
		v.Intents = append(v.Intents, intentRow{From: names[in.FromOrgID], To: names[in.ToOrgID], Intent: in.Intent})
	}
	if st.MatchList != nil {
		ml := s.matchListView(*st.MatchList)
		v.ML = &ml
	}
	for i := range ev.Slots {
		v.Slots = append(v.Slots, slotOption{Index: i, Label: slotLabel(w.lang, ev, i)})
	}
	for t := 1; t <= ev.Tables; t++ {
		v.Tables = append(v.Tables, t)
	}
	if sch := st.Schedule; sch != nil {
		v.SlotsUsed, v.Lower = sch.SlotsUsed, sch.LowerBound
		g := &gridView{Tables: v.Tables}
		rows := make([]gridRow, len(ev.Slots))
		for i := range rows {
			rows[i] = gridRow{Label: slotLabel(w.lang, ev, i), Cells: make([]*meetingRow, ev.Tables)}
		}
		for _, m := range sch.Meetings {
			names = s.addNames(names, m.HostOrgID, m.GuestOrgID)
			mr := &meetingRow{ID: m.ID, Slot: m.Slot, Table: m.Table, When: slotLabel(w.lang, ev, m.Slot), Host: names[m.HostOrgID], Guest: names[m.GuestOrgID],
				Interpreter: m.InterpreterNeeded, Gone: m.Status == data.MeetingCancelled, Score: int(m.Score*100 + 0.5)}
			v.Meetings = append(v.Meetings, *mr)
			if !mr.Gone && m.Slot >= 0 && m.Slot < len(rows) && m.Table >= 1 && m.Table <= ev.Tables {
				rows[m.Slot].Cells[m.Table-1] = mr
			}
		}
		sort.SliceStable(v.Meetings, func(i, j int) bool {
			if v.Meetings[i].Slot != v.Meetings[j].Slot {
				return v.Meetings[i].Slot < v.Meetings[j].Slot
			}
			return v.Meetings[i].Table < v.Meetings[j].Table
		})
		g.Rows = rows
		v.Grid = g
		for _, u := range sch.Unplaced {
			names = s.addNames(names, u.HostOrgID, u.GuestOrgID)
			reason := unplacedReason(w.lang, u.Reason)
			if u.Detail != "" {
				reason += " (" + u.Detail + ")"
			}
			v.Unplaced = append(v.Unplaced, unplacedRow{Host: names[u.HostOrgID], Guest: names[u.GuestOrgID], Reason: reason})
		}
	}
	return s.render(c, w, status, "organizer_event", ev.Name, "organizer", v)
}

func unplacedReason(lang, code string) string {
	if hasMessage("unplaced." + code) {
		return tr(lang, "unplaced."+code)
	}
	return strings.ReplaceAll(code, "_", " ")
}

// createEventForm creates an event from a day, a first start time, a slot
// length, a number of slots and a break between slots.
func (s *Server) createEventForm(c *fiber.Ctx, w *webCtx) error {
	if err := requireOrganizer(w); err != nil {
		return err
	}
	f := newForm("event", w.lang)
	f.keep(c, []string{"ev_name", "venue", "timezone", "tables", "day", "first", "minutes", "count", "gap"}, nil)
	ef := data.EventFields{Name: strings.TrimSpace(f.Val["ev_name"]), Venue: strings.TrimSpace(f.Val["venue"]), Timezone: strings.TrimSpace(f.Val["timezone"])}
	f.intField("tables", &ef.Tables)
	var minutes, count, gap int
	f.intField("minutes", &minutes)
	f.intField("count", &count)
	f.intField("gap", &gap)
	loc, zerr := data.LoadZone(ef.Timezone)
	if zerr != nil {
		loc = vietnamTime
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Val["day"])+" "+strings.TrimSpace(f.Val["first"]), loc)
	if err != nil {
		f.bad("day", "must be a date (YYYY-MM-DD)")
	}
	if count < 1 || count > data.MaxSlots {
		f.bad("count", fmt.Sprintf("must be from 1 to %d", data.MaxSlots))
	}
	if minutes < 1 || minutes > 24*60 {
		f.bad("minutes", "must be from 1 to 1440")
	}
	if f.ok() {
		for i := 0; i < count; i++ {
			ef.Slots = append(ef.Slots, data.Slot{Start: start.Add(time.Duration(i*(minutes+gap)) * time.Minute), Minutes: minutes})
		}
	}
	if err := ef.Validate(); err != nil {
		for _, fe := range err.(*data.Error).Fields {
			name := map[string]string{"name": "ev_name", "venue": "venue", "timezone": "timezone", "tables": "tables"}[fe.Field]
			if name == "" {
				name = "day"
			}
			f.bad(name, fe.Message)
		}
	}
	if !f.ok() {
		v, err := s.organizerData(c)
		if err != nil {
			return err
		}
		v.Form = f
		return s.render(c, w, 422, "organizer", tr(w.lang, "organizer.title"), "organizer", v)
	}
	ev, err := s.store.CreateEvent(ef)
	if err != nil {
		return err
	}
	setFlash(c, "flash.event_created")
	return c.Redirect("/organizer/events/"+uitoa(ev.ID), fiber.StatusSeeOther)
}

// importView is a participant sheet read: in the preview, what each good
// row would do and the rows that are wrong, by line; after loading, what
// was done.
type importView struct {
	File    string
	Data    string
	Rows    []importRow
	Bad     []importBad
	Done    bool
	Created int
	Updated int
	Same    int
}

type importRow struct {
	Line   int
	OrgID  uint64
	Name   string
	Action string
}

type importBad struct {
	Line     int
	Messages []string
}

// sheetView runs a participant sheet through the API's import (a dry run
// for the preview) and shows its report in the page's language.
func (s *Server) sheetView(lang string, ev data.Event, name string, raw []byte, dryRun bool) (*importView, error) {
	isXLSX := strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(raw, []byte("PK\x03\x04"))
	rep, err := s.importSheet(ev, raw, isXLSX, dryRun)
	if err != nil {
		if data.ErrorCode(err) != data.EINVALID {
			return nil, err
		}
		iv := &importView{}
		for _, f := range err.(*data.Error).Fields {
			iv.Bad = append(iv.Bad, importBad{Messages: []string{localizeMessage(lang, f.Message)}})
		}
		return iv, nil
	}
	iv := &importView{File: name, Data: base64.StdEncoding.EncodeToString(raw), Done: !dryRun, Created: rep.Created, Updated: rep.Updated, Same: rep.Unchanged}
	names := data.PartyNames{}
	for _, r := range rep.Rows {
		names = s.addNames(names, r.OrgID)
		iv.Rows = append(iv.Rows, importRow{Line: r.Line, OrgID: r.OrgID, Name: names[r.OrgID], Action: r.Action})
	}
	for _, p := range rep.Errors {
		ib := importBad{Line: p.Line}
		for _, f := range p.Errors {
			ib.Messages = append(ib.Messages, fieldLabel(lang, f.Field)+": "+localizeMessage(lang, f.Message))
		}
		iv.Bad = append(iv.Bad, ib)
	}
	sort.SliceStable(iv.Rows, func(i, j int) bool { return iv.Rows[i].Line < iv.Rows[j].Line })
	sort.SliceStable(iv.Bad, func(i, j int) bool { return iv.Bad[i].Line < iv.Bad[j].Line })
	return iv, nil
}

// importPreview reads an uploaded participant sheet and shows what would be
// loaded and which rows are wrong; nothing is written yet.
func (s *Server) importPreview(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return s.renderOrganizerEvent(c, w, st, "participants", 422, tr(w.lang, "import.no_file"), nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, 4<<20))
	if err != nil {
		return err
	}
	iv, err := s.sheetView(w.lang, st.Event, fh.Filename, raw, true)
	if err != nil {
		return err
	}
	return s.renderOrganizerEvent(c, w, st, "participants", 200, "", iv)
}

// importCommit loads the previewed sheet (carried in the preview's form):
// its good rows add or update participants, in one transaction.
func (s *Server) importCommit(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	raw, err := base64.StdEncoding.DecodeString(c.FormValue("data"))
	if err != nil || len(raw) == 0 {
		return s.renderOrganizerEvent(c, w, st, "participants", 422, tr(w.lang, "import.no_file"), nil)
	}
	iv, err := s.sheetView(w.lang, st.Event, c.FormValue("file"), raw, false)
	if err != nil {
		return err
	}
	if st, err = s.store.EventState(st.Event.ID); err != nil {
		return err
	}
	return s.renderOrganizerEvent(c, w, st, "participants", 200, "", iv)
}

func (s *Server) buildMatchListForm(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	ml, err := s.buildMatchList(c.UserContext(), st)
	if err == nil {
		_, err = s.store.PutMatchList(st.Event.ID, ml)
	}
	if err != nil {
		if data.ErrorCode(err) == data.ECONFLICT || data.ErrorCode(err) == data.EINVALID {
			return s.renderOrganizerEvent(c, w, st, "matches", fiber.StatusConflict, tr(w.lang, "event.matchlist_refused")+" "+errDetail(err), nil)
		}
		return err
	}
	setFlash(c, "flash.matchlist_built")
	return c.Redirect("/organizer/events/"+uitoa(st.Event.ID)+"/matches", fiber.StatusSeeOther)
}

func (s *Server) buildScheduleForm(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	if st.MatchList == nil {
		return s.renderOrganizerEvent(c, w, st, "schedule", fiber.StatusConflict, tr(w.lang, "event.no_schedule_ml"), nil)
	}
	// The scheduler of POST /api/v1/events/{id}/schedule.
	if _, err := s.store.PutSchedule(st.Event.ID, match.PlanSchedule(st)); err != nil {
		if data.ErrorCode(err) == data.ECONFLICT {
			return s.renderOrganizerEvent(c, w, st, "schedule", fiber.StatusConflict, tr(w.lang, "event.schedule_refused")+" "+errDetail(err), nil)
		}
		return err
	}
	setFlash(c, "flash.scheduled")
	return c.Redirect("/organizer/events/"+uitoa(st.Event.ID)+"/schedule", fiber.StatusSeeOther)
}

// editMeetingForm moves or cancels a meeting; a move that would double-book
// someone or overfill a slot is refused and the grid says why.
func (s *Server) editMeetingForm(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseUint(c.Params("mid"), 10, 64)
	if err != nil {
		return data.Errorf(data.ENOTFOUND, "no such meeting")
	}
	var edit data.MeetingEdit
	if c.FormValue("action") == "cancel" {
		cancelled := data.MeetingCancelled
		edit.Status = &cancelled
	} else {
		slot, serr := strconv.Atoi(c.FormValue("slot"))
		table, terr := strconv.Atoi(c.FormValue("table"))
		if serr != nil || terr != nil {
			return s.renderOrganizerEvent(c, w, st, "schedule", 422, tr(w.lang, "event.move_refused"), nil)
		}
		edit.Slot, edit.Table = &slot, &table
	}
	if err := edit.Validate(); err != nil {
		return s.renderOrganizerEvent(c, w, st, "schedule", 422, tr(w.lang, "event.move_refused")+" "+errDetail(err), nil)
	}
	if _, err := s.store.EditMeeting(st.Event.ID, mid, edit); err != nil {
		switch data.ErrorCode(err) {
		case data.ECONFLICT, data.EINVALID, data.ENOTFOUND:
			return s.renderOrganizerEvent(c, w, st, "schedule", fiber.StatusConflict, tr(w.lang, "event.move_refused")+" "+errDetail(err), nil)
		}
		return err
	}
	if edit.Status != nil {
		setFlash(c, "flash.meeting_cancelled")
	} else {
		setFlash(c, "flash.meeting_moved")
	}
	return c.Redirect("/organizer/events/"+uitoa(st.Event.ID)+"/schedule", fiber.StatusSeeOther)
}

func (s *Server) publishForm(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	if _, err := s.store.SetEventState(st.Event.ID, data.EventFinal); err != nil {
		if data.ErrorCode(err) == data.ECONFLICT {
			return s.renderOrganizerEvent(c, w, st, "schedule", fiber.StatusConflict, tr(w.lang, "event.publish_refused")+" "+errDetail(err), nil)
		}
		return err
	}
	setFlash(c, "flash.published")
	return c.Redirect("/organizer/events/"+uitoa(st.Event.ID)+"/schedule", fiber.StatusSeeOther)
}

func (s *Server) organizerScheduleFile(format string) pageHandler {
	return func(c *fiber.Ctx, w *webCtx) error {
		st, err := s.adminEventAccess(c, w)
		if err != nil {
			return err
		}
		if st.Schedule == nil {
			return data.Errorf(data.ENOTFOUND, "no schedule yet")
		}
		sch := s.exportSchedule(st)
		name := fmt.Sprintf("event-%d-schedule.%s", st.Event.ID, format)
		if format == "csv" {
			return sendFile(c, "text/csv; charset=utf-8", name, func(out io.Writer) error { return export.WriteCSV(out, sch, w.lang) })
		}
		return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, func(out io.Writer) error { return export.WriteXLSX(out, sch, w.lang) })
	}
}

// organizerAgendaFile is a participant's agenda, 12.pdf or 12.ics.
func (s *Server) organizerAgendaFile(c *fiber.Ctx, w *webCtx) error {
	st, err := s.adminEventAccess(c, w)
	if err != nil {
		return err
	}
	name := c.Params("org")
	ext := filepath.Ext(name)
	org, err := strconv.ParseUint(strings.TrimSuffix(name, ext), 10, 64)
	if err != nil || (ext != ".pdf" && ext != ".ics") || !participates(st, org) || st.Schedule == nil {
		return data.Errorf(data.ENOTFOUND, "no such agenda")
	}
	return s.sendAgenda(c, w, st, org, ext[1:])
}
