package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data/bolt"
)

type organizerView struct {
	Stats  bolt.Stats
	Events []eventRef
	Form   *formView
}

// organizerPage is the organizer's home: the events, and a form to create
// one.
func (s *Server) organizerPage(c *fiber.Ctx, w *webCtx) error {
	if err := requireOrganizer(w); err != nil {
		return err
	}
	v, err := s.organizerData(c)
	if err != nil {
		return err
	}
	v.Form = newForm("event", w.lang)
	v.Form.Val["timezone"] = "Asia/Ho_Chi_Minh"
	v.Form.Val["tables"] = "10"
	v.Form.Val["minutes"] = "20"
	v.Form.Val["count"] = "9"
	v.Form.Val["gap"] = "5"
	v.Form.Val["first"] = "09:00"
	return s.render(c, w, 200, "organizer", tr(w.lang, "organizer.title"), "organizer", v)
}

func (s *Server) organizerData(c *fiber.Ctx) (organizerView, error) {
	st, err := s.store.Stats()
	if err != nil {
		return organizerView{}, err
	}
	v := organizerView{Stats: st}
	evs, err := s.store.Events(0, 200)
	if err != nil {
		return v, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		ps, _ := s.store.Participants(ev.ID)
		v.Events = append(v.Events, eventRef{ID: ev.ID, Name: ev.Name, Venue: ev.Venue, State: ev.State, Participants: len(ps), URL: "/organizer/events/" + uitoa(ev.ID)})
	}
	return v, nil
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }
