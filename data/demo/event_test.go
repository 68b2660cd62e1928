package demo

import (
	"testing"

	"github.com/techmatch/techmatch/data"
)

// The demo event is valid, names only demo organizations, puts every
// Vietnamese enterprise on the host side and every foreign organization
// on the guest side with its delegation.
func TestDemoEventValid(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := LoadEvent()
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Event.Validate(); err != nil {
		t.Fatalf("event: %v", err)
	}
	orgs := map[string]data.OrganizationFields{}
	for _, o := range ds.Orgs {
		orgs[o.Key] = o.OrganizationFields
	}
	seen := map[string]bool{}
	limited := 0
	for _, p := range ev.Participants {
		o, ok := orgs[p.Org]
		if !ok || seen[p.Org] {
			t.Fatalf("participant %q unknown or listed twice", p.Org)
		}
		seen[p.Org] = true
		if err := p.Validate(len(ev.Event.Slots)); err != nil {
			t.Errorf("participant %s: %v", p.Org, err)
		}
		wantHost := o.Country == "VN" && o.Kind == data.OrgEnterprise
		if (p.Side == data.SideHost) != wantHost || (p.Side == data.SideGuest && (o.Country == "VN" || p.Delegation == "")) {
			t.Errorf("participant %s (%s, %s) is a %s of delegation %q", p.Org, o.Kind, o.Country, p.Side, p.Delegation)
		}
		if len(p.AvailableSlots) > 0 {
			limited++
		}
	}
	for key, o := range orgs {
		if o.Country == "VN" && o.Kind == data.OrgEnterprise && !seen[key] {
			t.Errorf("enterprise %s is not a host", key)
		}
	}
	if limited == 0 || len(ev.Intents) == 0 {
		t.Error("the demo event should show availability limits and intents")
	}
	for _, in := range ev.Intents {
		if !seen[in.From] || !seen[in.To] {
			t.Errorf("intent %+v names a non-participant", in)
		}
	}
	for _, r := range ev.Requests {
		if !seen[r.From] || !seen[r.To] {
			t.Errorf("request %+v names a non-participant", r)
		}
	}
}
