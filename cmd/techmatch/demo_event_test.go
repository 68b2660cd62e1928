package main

import (
	"encoding/json"
	"testing"

	"github.com/techmatch/techmatch/data/demo"
)

// serve --demo creates the demo event: Vietnamese enterprises host, foreign
// partners are guests by delegation, and its match list honours the demo's
// intents and requests.
func TestServe_DemoEvent(t *testing.T) {
	p := startServe(t, t.TempDir(), nil, "--demo")
	de, err := demo.LoadEvent()
	if err != nil {
		t.Fatal(err)
	}
	status, body := call(t, "GET", p.URL+"/api/v1/events/1/participants", "admin-secret", nil)
	if status != 200 {
		t.Fatalf("demo participants: %d %s", status, body)
	}
	var parts []struct {
		OrgID      uint64 `json:"org_id"`
		Side       string `json:"side"`
		Delegation string `json:"delegation"`
		Country    string `json:"country"`
		Name       string `json:"name"`
	}
	if err := json.Unmarshal(body, &parts); err != nil {
		t.Fatal(err)
	}
	if len(parts) != len(de.Participants) || len(parts) < 40 {
		t.Fatalf("%d participants, want %d", len(parts), len(de.Participants))
	}
	byName := map[string]uint64{}
	for _, pt := range parts {
		byName[pt.Name] = pt.OrgID
		if (pt.Side == "host") != (pt.Country == "VN") || (pt.Side == "guest" && pt.Delegation == "") {
			t.Errorf("participant %+v", pt)
		}
	}
	// A demo participant reads the event with its documented token.
	if status, body := call(t, "GET", p.URL+"/api/v1/events/1", "demo-sao-bien-port", nil); status != 200 {
		t.Fatalf("demo token reads the event: %d %s", status, body)
	}
	status, body = call(t, "POST", p.URL+"/api/v1/events/1/match-list", "admin-secret", nil)
	if status != 200 {
		t.Fatalf("match list: %d %s", status, body)
	}
	var ml struct {
		Meetings []struct {
			Host   uint64 `json:"host_org_id"`
			Guest  uint64 `json:"guest_org_id"`
			Forced bool   `json:"forced"`
		} `json:"meetings"`
	}
	if err := json.Unmarshal(body, &ml); err != nil {
		t.Fatal(err)
	}
	// Demo organizations are created in file order on an empty store.
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]uint64{}
	for i, o := range ds.Orgs {
		id[o.Key] = uint64(i + 1)
	}
	has := func(host, guest string) bool {
		for _, m := range ml.Meetings {
			if m.Host == id[host] && m.Guest == id[guest] {
				return true
			}
		}
		return false
	}
	forced := 0
	for _, m := range ml.Meetings {
		if m.Forced {
			forced++
		}
	}
	if len(ml.Meetings) < 40 || forced != 1 {
		t.Fatalf("%d meetings, %d forced", len(ml.Meetings), forced)
	}
	if !has("sao-bien-port", "energie-quai") || !has("hai-van-shipping", "straits-digital") {
		t.Error("a must_meet pair or the accepted request is missing from the demo match list")
	}
	if has("van-an-repair", "haeon-robotics") || has("hai-long-shipyard", "nordhafen-welding") {
		t.Error("a no_thanks or met_before pair is in the demo match list")
	}
}
