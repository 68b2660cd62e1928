package match

import (
	"sort"

	"github.com/techmatch/techmatch/data"
)

// PlanSchedule places the event's match list in slots and tables. Meetings
// the organizer cancelled in the current schedule stay cancelled (and out
// of the slots); every other meeting of the match list is placed or listed
// as unplaced with the reason.
func PlanSchedule(st data.EventState) data.Schedule { return PlanScheduleNamed(st, nil) }

// PlanScheduleNamed is PlanSchedule with the participants' names, which
// the reasons of unplaced meetings then use instead of ids.
func PlanScheduleNamed(st data.EventState, names map[uint64]string) data.Schedule {
	parts := make(map[uint64]data.Participant, len(st.Participants))
	for _, p := range st.Participants {
		parts[p.OrgID] = p
	}
	var sch data.Schedule
	cancelled := map[[2]uint64]bool{}
	if st.Schedule != nil {
		for _, m := range st.Schedule.Meetings {
			if m.Status == data.MeetingCancelled {
				cancelled[[2]uint64{m.HostOrgID, m.GuestOrgID}] = true
				sch.Meetings = append(sch.Meetings, m)
			}
		}
	}
	nslots := len(st.Event.Slots)
	in := ScheduleInput{Slots: nslots, Tables: st.Event.Tables, Available: map[uint64][]bool{}, Names: names}
	loc := st.Event.Location()
	for _, sl := range st.Event.Slots {
		in.SlotLabels = append(in.SlotLabels, sl.Start.In(loc).Format("15:04"))
	}
	for _, p := range st.Participants {
		if len(p.AvailableSlots) == 0 {
			continue
		}
		a := make([]bool, nslots)
		for _, s := range p.AvailableSlots {
			if s >= 0 && s < nslots {
				a[s] = true
			}
		}
		in.Available[p.OrgID] = a
	}
	var todo []data.ProposedMeeting
	if st.MatchList != nil {
		for _, m := range st.MatchList.Meetings {
			if cancelled[[2]uint64{m.HostOrgID, m.GuestOrgID}] {
				continue
			}
			todo = append(todo, m)
			in.Meetings = append(in.Meetings, SchedMeeting{Host: m.HostOrgID, Guest: m.GuestOrgID, Slot: -1, Score: m.Score})
		}
	}
	res := ScheduleMeetings(in)
	for _, pl := range res.Placed {
		m := todo[pl.Meeting]
		sch.Meetings = append(sch.Meetings, data.Meeting{HostOrgID: m.HostOrgID, GuestOrgID: m.GuestOrgID, Slot: pl.Slot, Table: pl.Table,
			Status: data.MeetingScheduled, Score: m.Score, NeedID: m.NeedID, OfferID: m.OfferID, Reason: m.Reason, Forced: m.Forced,
			InterpreterNeeded: data.InterpreterNeeded(parts[m.HostOrgID], parts[m.GuestOrgID])})
	}
	for _, u := range res.Unplaced {
		m := todo[u.Meeting]
		sch.Unplaced = append(sch.Unplaced, data.Unplaced{HostOrgID: m.HostOrgID, GuestOrgID: m.GuestOrgID, Reason: u.Reason, Detail: u.Detail,
			Score: m.Score, NeedID: m.NeedID, OfferID: m.OfferID, Forced: m.Forced, MatchReason: m.Reason})
	}
	sort.SliceStable(sch.Meetings, func(i, j int) bool {
		a, b := sch.Meetings[i], sch.Meetings[j]
		if a.Slot != b.Slot {
			return a.Slot < b.Slot
		}
		return a.Table < b.Table
	})
	sch.LowerBound = res.LowerBound
	sch.Recount()
	return sch
}
