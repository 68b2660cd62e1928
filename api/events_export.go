package api

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/api/export"
	"github.com/techmatch/techmatch/data"
)

// Exports of an event's schedule: the whole schedule (XLSX, CSV) for the
// organizer, one participant's agenda (ICS, PDF) for that participant once
// published, or the organizer (a preview while provisional).

func (s *Server) exportRoutes() []route {
	const p = "/api/v1/events/:id"
	lang := []string{"lang"}
	return []route{
		{Method: "GET", Path: p + "/schedule.xlsx", Summary: "The whole schedule as a spreadsheet: a sheet per day, unplaced pairs, participants (organizer)", Auth: "admin", Query: lang, Handler: s.exportTable("xlsx")},
		{Method: "GET", Path: p + "/schedule.csv", Summary: "The whole schedule as CSV, UTF-8 with a header row (organizer)", Auth: "admin", Query: lang, Handler: s.exportTable("csv")},
		// Before /agenda/:org_id, which would otherwise take "5.ics" as an id.
		{Method: "GET", Path: p + "/agenda/:org_id.ics", Summary: "One participant's agenda as iCalendar, stable UIDs (that participant once published, or the organizer)", Auth: "owner", Query: lang, Handler: s.exportAgenda("ics")},
		{Method: "GET", Path: p + "/agenda/:org_id.pdf", Summary: "One participant's printable agenda (that participant once published, or the organizer)", Auth: "owner", Query: lang, Handler: s.exportAgenda("pdf")},
	}
}

// exportSchedule maps an event's records onto the exports' view model.
func (s *Server) exportSchedule(st data.EventState) export.Schedule {
	ev := st.Event
	out := export.Schedule{
		Event:       export.Event{ID: ev.ID, Name: ev.Name, Venue: ev.Venue, TimeZone: ev.Timezone, Tables: ev.Tables},
		Provisional: ev.State == data.EventProvisional || ev.State == data.EventOpen,
		GeneratedAt: time.Now().UTC().Truncate(time.Second),
	}
	for _, sl := range ev.Slots {
		out.Event.Slots = append(out.Event.Slots, export.Slot{Start: sl.Start, Minutes: sl.Minutes})
	}
	parties := map[uint64]export.Party{}
	for _, p := range st.Participants {
		party := export.Party{OrgID: p.OrgID, Side: p.Side, Delegation: p.Delegation, Languages: p.Languages,
			BringsInterpreter: p.BringsInterpreter, MaxMeetings: p.MaxMeetings, AvailableSlots: p.AvailableSlots}
		if o, err := s.store.Organization(p.OrgID); err == nil {
			party.Name, party.Country = o.Name, countryName("en", o.Country)
		}
		parties[p.OrgID] = party
		out.Participants = append(out.Participants, party)
	}
	party := func(id uint64, side string) export.Party {
		if p, ok := parties[id]; ok {
			return p
		}
		// No longer a participant (an unplaced meeting's audit trail).
		p := export.Party{OrgID: id, Side: side}
		if o, err := s.store.Organization(id); err == nil {
			p.Name, p.Country = o.Name, countryName("en", o.Country)
		} else {
			p.Name = fmt.Sprintf("organization %d", id)
		}
		return p
	}
	if st.Schedule == nil {
		return out
	}
	for _, m := range st.Schedule.Meetings {
		if m.Slot < 0 || m.Slot >= len(ev.Slots) {
			continue
		}
		em := export.Meeting{ID: m.ID, Slot: m.Slot, Table: m.Table, Host: party(m.HostOrgID, data.SideHost), Guest: party(m.GuestOrgID, data.SideGuest),
			InterpreterNeeded: m.InterpreterNeeded, Status: m.Status, Score: m.Score, Sequence: m.Sequence, Updated: m.UpdatedAt}
		if m.NeedID != 0 {
			if n, err := s.store.Need(m.NeedID); err == nil {
				em.NeedTitle = n.Title
				em.NeedSide = data.SideHost
				if n.OrgID == m.GuestOrgID {
					em.NeedSide = data.SideGuest
				}
			}
		}
		if m.OfferID != 0 {
			if o, err := s.store.Offer(m.OfferID); err == nil {
				em.OfferTitle = o.Title
			}
		}
		out.Meetings = append(out.Meetings, em)
	}
	for _, u := range st.Schedule.Unplaced {
		reason := u.Reason
		if u.Detail != "" {
			reason += ": " + u.Detail
		}
		out.Unplaced = append(out.Unplaced, export.Unplaced{Host: party(u.HostOrgID, data.SideHost), Guest: party(u.GuestOrgID, data.SideGuest), Reason: reason})
	}
	return out
}

// exportLang is the language of an export: ?lang=vi or en (default en).
func exportLang(c *fiber.Ctx) (string, error) {
	switch l := c.Query("lang"); l {
	case "", "en":
		return "en", nil
	case "vi":
		return "vi", nil
	default:
		return "", data.Invalid(data.FieldError{Field: "lang", Message: "must be en or vi"})
	}
}

func sendFile(c *fiber.Ctx, contentType, name string, write func(w io.Writer) error) error {
	// Buffered: Fiber writes the body after the handler returns, and a
	// failed render must still become a problem document, not half a file.
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(buf.Bytes())
}

func (s *Server) exportTable(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st, err := s.adminEventState(c)
		if err != nil {
			return err
		}
		lang, err := exportLang(c)
		if err != nil {
			return err
		}
		ev := st.Event
		if st.Schedule == nil {
			return data.Errorf(data.ENOTFOUND, "event %d has no schedule yet: POST /api/v1/events/%d/schedule makes one", ev.ID, ev.ID)
		}
		sch := s.exportSchedule(st)
		name := fmt.Sprintf("event-%d-schedule.%s", ev.ID, format)
		if format == "csv" {
			return sendFile(c, "text/csv; charset=utf-8", name, func(w io.Writer) error { return export.WriteCSV(w, sch, lang) })
		}
		return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, func(w io.Writer) error { return export.WriteXLSX(w, sch, lang) })
	}
}

func (s *Server) exportAgenda(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st, org, err := s.agendaAccess(c)
		if err != nil {
			return err
		}
		lang, err := exportLang(c)
		if err != nil {
			return err
		}
		sch := s.exportSchedule(st)
		name := fmt.Sprintf("event-%d-agenda-%d.%s", st.Event.ID, org, format)
		if format == "ics" {
			return sendFile(c, "text/calendar; charset=utf-8", name, func(w io.Writer) error { return export.WriteICS(w, sch, org, lang) })
		}
		return sendFile(c, "application/pdf", name, func(w io.Writer) error { return export.WritePDF(w, sch, org, lang) })
	}
}
