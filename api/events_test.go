package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// topics are four needs with the offers that fit them; cross pairs do not fit.
var topics = []struct{ need, offer map[string]any }{
	{
		need: map[string]any{"title": "Shore power for container ships at our berths", "description": "The port needs a medium-voltage shore power connection with a frequency converter so container vessels switch off diesel auxiliary engines while moored.",
			"keywords": []string{"shore power", "frequency converter"}, "language": "en", "cooperation": []string{"license"}},
		offer: map[string]any{"title": "Shore power systems for container ships at berth", "description": "Medium-voltage shore power connection with frequency converter and cable reel; vessels switch off their diesel auxiliary engines while moored.",
			"keywords": []string{"shore power", "frequency converter"}, "language": "en", "trl": 8, "cooperation": []string{"license"}},
	},
	{
		need: map[string]any{"title": "Membrane bioreactor for textile dyeing wastewater", "description": "Our dyeing plant needs a membrane bioreactor that removes colour, COD and nitrogen from dyeing wastewater before discharge.",
			"keywords": []string{"membrane bioreactor", "dyeing wastewater"}, "language": "en"},
		offer: map[string]any{"title": "Compact membrane bioreactor for dyeing wastewater", "description": "A compact membrane bioreactor removes colour, COD and nitrogen from textile dyeing wastewater before discharge.",
			"keywords": []string{"membrane bioreactor", "dyeing wastewater"}, "language": "en", "trl": 7},
	},
	{
		need: map[string]any{"title": "Container number OCR at terminal gate lanes", "description": "Cameras at the gate lanes should read container codes and truck plates with OCR so trucks pass the terminal gate without stopping.",
			"keywords": []string{"container OCR", "gate automation"}, "language": "en"},
		offer: map[string]any{"title": "Deep-learning container OCR for terminal gates", "description": "Cameras at terminal gate lanes read container codes and truck plates with deep-learning OCR in under a second: gate automation.",
			"keywords": []string{"container OCR", "gate automation"}, "language": "en", "trl": 9},
	},
	{
		need: map[string]any{"title": "Laser cladding repair of ship propeller shafts", "description": "The shipyard wants laser cladding to repair worn propeller shafts and rudder stocks instead of replacing them.",
			"keywords": []string{"laser cladding", "propeller shaft"}, "language": "en"},
		offer: map[string]any{"title": "Laser cladding of worn propeller shafts", "description": "Our laser cladding cell restores worn propeller shafts and rudder stocks with a metallurgically bonded layer.",
			"keywords": []string{"laser cladding", "propeller shaft"}, "language": "en", "trl": 8},
	},
}

type eventFixture struct {
	ts              *testServer
	ev              data.Event
	hosts, guests   []registered
	outsider        registered
	hostID, guestID func(i int) uint64
}

func (ts *testServer) mustOK(tb testing.TB, want int, method, path, token string, body any) response {
	tb.Helper()
	r := ts.do(tb, method, path, token, body)
	if r.Status != want {
		tb.Fatalf("%s %s: %d %s (want %d)", method, path, r.Status, r.Body, want)
	}
	return r
}

func slotsJSON(n int) []map[string]any {
	var out []map[string]any
	for i := 0; i < n; i++ {
		out = append(out, map[string]any{"start": fmt.Sprintf("2026-12-10T%02d:%02d:00+07:00", 9+(i*25)/60, (i*25)%60), "minutes": 20})
	}
	return out
}

// newEventFixture registers four hosts with one need each and four guests
// with the fitting offers, and adds them all to a new event.
func newEventFixture(t *testing.T, slots, tables, maxMeetings int) *eventFixture {
	ts := mustStart(t)
	f := &eventFixture{ts: ts}
	r := ts.mustOK(t, 201, "POST", "/api/v1/events", adminToken, map[string]any{"name": "Techfest Hải Phòng connection session", "venue": "Trung tâm Hội nghị", "timezone": "Asia/Ho_Chi_Minh", "tables": tables, "slots": slotsJSON(slots)})
	r.JSON(t, &f.ev)
	for i, tp := range topics {
		h := ts.register(t, fmt.Sprintf("Haiphong Host %d", i), "VN", "enterprise")
		g := ts.register(t, fmt.Sprintf("Busan Guest %d", i), "KR", "partner")
		ts.postNeed(t, h.Token, tp.need)
		ts.postOffer(t, g.Token, tp.offer)
		f.hosts, f.guests = append(f.hosts, h), append(f.guests, g)
		ts.mustOK(t, 201, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": h.Organization.ID, "side": "host", "max_meetings": maxMeetings, "languages": []string{"vi", "en"}})
		ts.mustOK(t, 201, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": g.Organization.ID, "side": "guest", "delegation": "Korea", "max_meetings": maxMeetings, "languages": []string{"ko"}})
	}
	f.outsider = ts.register(t, "Not Invited GmbH", "DE", "partner")
	f.hostID = func(i int) uint64 { return f.hosts[i].Organization.ID }
	f.guestID = func(i int) uint64 { return f.guests[i].Organization.ID }
	return f
}

func (f *eventFixture) path(rest string) string {
	return fmt.Sprintf("/api/v1/events/%d%s", f.ev.ID, rest)
}

type matchListResp struct {
	Meetings []struct {
		HostOrgID  uint64  `json:"host_org_id"`
		GuestOrgID uint64  `json:"guest_org_id"`
		Score      float64 `json:"score"`
		NeedID     uint64  `json:"need_id"`
		OfferID    uint64  `json:"offer_id"`
		Reason     string  `json:"reason"`
		Forced     bool    `json:"forced"`
		HostName   string  `json:"host_name"`
	} `json:"meetings"`
	TotalScore       float64 `json:"total_score"`
	GreedyTotalScore float64 `json:"greedy_total_score"`
}

type scheduleResp struct {
	State    string `json:"state"`
	Meetings []struct {
		ID                uint64 `json:"id"`
		HostOrgID         uint64 `json:"host_org_id"`
		GuestOrgID        uint64 `json:"guest_org_id"`
		Slot              int    `json:"slot"`
		Table             int    `json:"table"`
		Status            string `json:"status"`
		InterpreterNeeded bool   `json:"interpreter_needed"`
		Start             string `json:"start"`
	} `json:"meetings"`
	Unplaced []struct {
		HostOrgID  uint64 `json:"host_org_id"`
		GuestOrgID uint64 `json:"guest_org_id"`
		Reason     string `json:"reason"`
	} `json:"unplaced"`
	SlotsUsed  int `json:"slots_used"`
	LowerBound int `json:"lower_bound"`
}

// checkSchedule holds a schedule to its rules.
func checkSchedule(t *testing.T, s scheduleResp, tables int) {
	t.Helper()
	busy := map[[2]uint64]bool{}
	perSlot := map[int]int{}
	for _, m := range s.Meetings {
		if m.Status != "scheduled" {
			continue
		}
		for _, org := range []uint64{m.HostOrgID, m.GuestOrgID} {
			k := [2]uint64{org, uint64(m.Slot)}
			if busy[k] {
				t.Errorf("organization %d is double-booked in slot %d", org, m.Slot)
			}
			busy[k] = true
		}
		if perSlot[m.Slot]++; perSlot[m.Slot] > tables || m.Table < 1 || m.Table > tables {
			t.Errorf("slot %d overfilled or table %d out of range", m.Slot, m.Table)
		}
	}
}

// Bad input is a 4xx problem naming the field, and nothing is written.
func TestAPI_EventBadInput(t *testing.T) {
	f := newEventFixture(t, 3, 2, 2)
	ts := f.ts
	h, g := f.hostID, f.guestID
	bad := func(want int, method, path, token string, body any, fields ...string) {
		t.Helper()
		r := ts.do(t, method, path, token, body)
		if r.Status != want {
			t.Fatalf("%s %s %v: %d %s (want %d)", method, path, body, r.Status, r.Body, want)
		}
		p := r.problem(t)
		names := fieldNames(p)
		for _, fl := range fields {
			if !strings.Contains(" "+names+" ", " "+fl+" ") {
				t.Errorf("%s %s: problem names %q, not %q", method, path, names, fl)
			}
		}
	}
	overlap := slotsJSON(2)
	overlap[1]["start"] = "2026-12-10T09:10:00+07:00"
	bad(400, "POST", "/api/v1/events", adminToken, map[string]any{"name": "E", "timezone": "Asia/Hai_Phong", "tables": -1, "slots": overlap, "colour": 1},
		"name", "timezone", "tables", "slots[1].start", "colour")
	bad(403, "POST", "/api/v1/events", f.hosts[0].Token, map[string]any{"name": "Mine", "timezone": "UTC", "tables": 1})
	bad(401, "POST", "/api/v1/events", "", map[string]any{"name": "Mine", "timezone": "UTC", "tables": 1})
	bad(400, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": 9999, "side": "host"}, "org_id")
	bad(409, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": h(0), "side": "host"}, "org_id")
	bad(400, "POST", f.path("/participants"), adminToken, map[string]any{"org_id": f.outsider.Organization.ID, "side": "guest", "available_slots": []int{0, 3}, "max_meetings": -1},
		"available_slots[1]", "max_meetings")
	bad(400, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"to_org_id": f.outsider.Organization.ID, "intent": "must_meet"}, "to_org_id")
	bad(400, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"to_org_id": h(1), "intent": "must_meet"}, "to_org_id")
	bad(400, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"to_org_id": g(1), "intent": "perhaps"}, "intent")
	bad(403, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"from_org_id": h(1), "to_org_id": g(1), "intent": "must_meet"})
	bad(400, "POST", f.path("/requests"), f.hosts[0].Token, map[string]any{"to_org_id": h(0)}, "to_org_id")
	bad(400, "POST", f.path("/requests"), f.hosts[0].Token, map[string]any{"to_org_id": h(1)}, "to_org_id")
	bad(400, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": g(0), "guest_org_id": h(0), "rule": "force"}, "host_org_id")
	bad(400, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(0), "guest_org_id": g(0), "rule": "ban"}, "rule")
	bad(400, "PATCH", f.path(""), adminToken, map[string]any{"timezone": "GMT+7"}, "timezone")
	bad(404, "GET", "/api/v1/events/999", adminToken, nil)
	bad(403, "GET", f.path(""), f.outsider.Token, nil)
	var req data.Request
	ts.mustOK(t, 201, "POST", f.path("/requests"), f.hosts[0].Token, map[string]any{"to_org_id": g(0)}).JSON(t, &req)
	ts.mustOK(t, 200, "POST", f.path(fmt.Sprintf("/requests/%d/accept", req.ID)), f.guests[0].Token, nil)
	bad(409, "POST", f.path(fmt.Sprintf("/requests/%d/accept", req.ID)), f.guests[0].Token, nil, "status")
	bad(403, "POST", f.path(fmt.Sprintf("/requests/%d/cancel", req.ID)), f.hosts[1].Token, nil)
	// A participant edits its availability but not its quota.
	bad(403, "PATCH", f.path(fmt.Sprintf("/participants/%d", h(0))), f.hosts[0].Token, map[string]any{"max_meetings": 9}, "max_meetings")
	ts.mustOK(t, 200, "PATCH", f.path(fmt.Sprintf("/participants/%d", h(0))), f.hosts[0].Token, map[string]any{"available_slots": []int{0, 2}})

	// Nothing half-written: one event, eight participants, one request.
	var evs struct{ Items []data.Event }
	ts.mustOK(t, 200, "GET", "/api/v1/events", adminToken, nil).JSON(t, &evs)
	var parts []data.Participant
	ts.mustOK(t, 200, "GET", f.path("/participants"), adminToken, nil).JSON(t, &parts)
	var reqs []data.Request
	ts.mustOK(t, 200, "GET", f.path("/requests"), adminToken, nil).JSON(t, &reqs)
	if len(evs.Items) != 1 || len(parts) != 8 || len(reqs) != 1 {
		t.Fatalf("%d events, %d participants, %d requests", len(evs.Items), len(parts), len(reqs))
	}
	// A participant's event list has its events only; an outsider's is empty.
	ts.mustOK(t, 200, "GET", "/api/v1/events", f.outsider.Token, nil).JSON(t, &evs)
	if len(evs.Items) != 0 {
		t.Fatalf("outsider lists %d events", len(evs.Items))
	}
}

// Incoming requests count in capacity, and racing requests cannot both pass.
func TestAPI_EventRequestCapacity(t *testing.T) {
	f := newEventFixture(t, 3, 2, 1)
	ts := f.ts
	h, g := f.hostID, f.guestID
	// Guest 0 receives a request: full at max_meetings 1, also for its own.
	ts.mustOK(t, 201, "POST", f.path("/requests"), f.hosts[0].Token, map[string]any{"to_org_id": g(0)})
	if r := ts.do(t, "POST", f.path("/requests"), f.guests[0].Token, map[string]any{"to_org_id": h(1)}); r.Status != 409 {
		t.Fatalf("a full participant sent a request: %d %s", r.Status, r.Body)
	}
	// Three hosts race for guest 1's one place.
	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i := 1; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i-1] = ts.do(t, "POST", f.path("/requests"), f.hosts[i].Token, map[string]any{"to_org_id": g(1)}).Status
		}()
	}
	wg.Wait()
	created := 0
	for _, st := range statuses {
		switch st {
		case 201:
			created++
		case 409:
		default:
			t.Fatalf("status %d", st)
		}
	}
	if created != 1 {
		t.Fatalf("%d of 3 racing requests passed: %v", created, statuses)
	}
}

// The match list honours no_thanks, forbid, met_before, force, accepted
// requests and intents, and is never below greedy.
func TestAPI_EventMatchList(t *testing.T) {
	f := newEventFixture(t, 4, 2, 2)
	ts := f.ts
	h, g := f.hostID, f.guestID
	ts.mustOK(t, 200, "PUT", f.path("/intents"), f.guests[0].Token, map[string]any{"to_org_id": h(0), "intent": "no_thanks"})
	ts.mustOK(t, 200, "PUT", f.path("/intents"), f.hosts[0].Token, map[string]any{"to_org_id": g(1), "intent": "must_meet"})
	ts.mustOK(t, 200, "PUT", f.path("/intents"), adminToken, map[string]any{"from_org_id": h(3), "to_org_id": g(0), "intent": "would_meet"})
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(1), "guest_org_id": g(1), "rule": "forbid"})
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(2), "guest_org_id": g(2), "rule": "met_before"})
	ts.mustOK(t, 201, "POST", f.path("/rules"), adminToken, map[string]any{"host_org_id": h(1), "guest_org_id": g(2), "rule": "force"})
	var req data.Request
	ts.mustOK(t, 201, "POST", f.path("/requests"), f.hosts[2].Token, map[string]any{"to_org_id": g(0), "message": "Chúng tôi muốn gặp"}).JSON(t, &req)
	ts.mustOK(t, 200, "POST", f.path(fmt.Sprintf("/requests/%d/accept", req.ID)), f.guests[0].Token, map[string]any{"reply": "Gladly"})

	var ml matchListResp
	ts.mustOK(t, 200, "POST", f.path("/match-list"), adminToken, nil).JSON(t, &ml)
	pairs := map[[2]uint64]bool{}
	for _, m := range ml.Meetings {
		pairs[[2]uint64{m.HostOrgID, m.GuestOrgID}] = true
		if m.Reason == "" || m.HostName == "" {
			t.Errorf("meeting without reason or name: %+v", m)
		}
	}
	for _, want := range [][2]int{{3, 3}, {0, 1}, {1, 2}, {2, 0}, {3, 0}} {
		if !pairs[[2]uint64{h(want[0]), g(want[1])}] {
			t.Errorf("host %d with guest %d is not in the match list: %+v", want[0], want[1], ml.Meetings)
		}
	}
	for _, no := range [][2]int{{0, 0}, {1, 1}, {2, 2}} {
		if pairs[[2]uint64{h(no[0]), g(no[1])}] {
			t.Errorf("excluded pair host %d, guest %d is in the match list", no[0], no[1])
		}
	}
	if ml.TotalScore < ml.GreedyTotalScore-1e-9 || ml.TotalScore <= 0 {
		t.Errorf("total %v, greedy %v", ml.TotalScore, ml.GreedyTotalScore)
	}
	var stored matchListResp
	ts.mustOK(t, 200, "GET", f.path("/match-list"), adminToken, nil).JSON(t, &stored)
	if len(stored.Meetings) != len(ml.Meetings) || stored.TotalScore != ml.TotalScore {
		t.Fatalf("stored match list differs: %+v", stored)
	}
	if r := ts.do(t, "GET", f.path("/match-list"), f.hosts[0].Token, nil); r.Status != 403 {
		t.Errorf("a participant reads the match list: %d", r.Status)
	}
}
