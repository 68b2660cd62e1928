package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
)

type organizerView struct {
	Stats bolt.Stats
	Orgs  []data.Organization
	Next  string
}

// organizerPage is the organizer's home: the organizations and, with the
// events package, the events.
func (s *Server) organizerPage(c *fiber.Ctx, w *webCtx) error {
	if err := requireOrganizer(w); err != nil {
		return err
	}
	st, err := s.store.Stats()
	if err != nil {
		return err
	}
	after, _ := cursorID(c)
	orgs, err := s.store.Organizations(after, 100)
	if err != nil {
		return err
	}
	v := organizerView{Stats: st, Orgs: orgs}
	if len(orgs) == 100 {
		v.Next = "/organizer?cursor=" + uitoa(orgs[len(orgs)-1].ID)
	}
	return s.render(c, w, 200, "organizer", tr(w.lang, "organizer.title"), "organizer", v)
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }
