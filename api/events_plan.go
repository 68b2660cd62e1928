package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

func (s *Server) makeSchedule(c *fiber.Ctx) error {
	defer s.timeOp(opSchedule)()
	st, err := s.adminEventState(c)
	if err != nil {
		return err
	}
	ev := st.Event
	if published(ev) {
		return data.Errorf(data.ECONFLICT, "event %d is %s: its schedule is frozen", ev.ID, ev.State)
	}
	if st.MatchList == nil {
		// No match list yet: make the optimal one first.
		ml, err := s.newMatchList(c.UserContext(), st)
		if err != nil {
			return err
		}
		st.MatchList = &ml
	}
	ids := make([]uint64, 0, len(st.Participants))
	for _, p := range st.Participants {
		ids = append(ids, p.OrgID)
	}
	sch, err := s.store.PutSchedule(ev.ID, match.PlanScheduleNamed(st, s.addNames(data.PartyNames{}, ids...)))
	if err != nil {
		return err
	}
	ev, err = s.store.Event(ev.ID)
	if err != nil {
		return err
	}
	return c.JSON(s.scheduleView(ev, sch, 0))
}
