package main

import (
	"fmt"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/demo"
)

// loadDemoEvent creates the demo event over the demo organizations (ids by
// key): participants with their organization's languages, intents, rules
// and requests. It returns the event.
func loadDemoEvent(store *bolt.Store, ids map[string]uint64) (data.Event, error) {
	de, err := demo.LoadEvent()
	if err != nil {
		return data.Event{}, err
	}
	id := func(key string) (uint64, error) {
		if v, ok := ids[key]; ok {
			return v, nil
		}
		return 0, fmt.Errorf("demo event: organization %q is not in orgs.jsonl", key)
	}
	ev, err := store.CreateEvent(de.Event)
	if err != nil {
		return data.Event{}, fmt.Errorf("demo event: %w", err)
	}
	for _, p := range de.Participants {
		org, err := id(p.Org)
		if err != nil {
			return ev, err
		}
		if len(p.Languages) == 0 {
			if o, err := store.Organization(org); err == nil {
				p.Languages = o.Languages
			}
		}
		if _, err := store.AddParticipant(ev.ID, org, p.ParticipantFields); err != nil {
			return ev, fmt.Errorf("demo event: participant %s: %w", p.Org, err)
		}
	}
	for _, in := range de.Intents {
		from, err := id(in.From)
		if err != nil {
			return ev, err
		}
		to, err := id(in.To)
		if err != nil {
			return ev, err
		}
		if _, err := store.SetIntent(ev.ID, data.Intent{FromOrgID: from, ToOrgID: to, Intent: in.Intent}); err != nil {
			return ev, fmt.Errorf("demo event: intent of %s about %s: %w", in.From, in.To, err)
		}
	}
	for _, r := range de.Rules {
		host, err := id(r.Host)
		if err != nil {
			return ev, err
		}
		guest, err := id(r.Guest)
		if err != nil {
			return ev, err
		}
		if _, err := store.SetRule(ev.ID, data.Rule{HostOrgID: host, GuestOrgID: guest, Rule: r.Rule, Note: r.Note}); err != nil {
			return ev, fmt.Errorf("demo event: rule on %s and %s: %w", r.Host, r.Guest, err)
		}
	}
	for _, r := range de.Requests {
		from, err := id(r.From)
		if err != nil {
			return ev, err
		}
		to, err := id(r.To)
		if err != nil {
			return ev, err
		}
		req, err := store.CreateRequest(ev.ID, data.RequestFields{FromOrgID: from, ToOrgID: to, Message: r.Message})
		if err != nil {
			return ev, fmt.Errorf("demo event: request of %s to %s: %w", r.From, r.To, err)
		}
		if r.Status != data.RequestPending {
			if _, err := store.AnswerRequest(ev.ID, req.ID, r.Status, r.Reply); err != nil {
				return ev, fmt.Errorf("demo event: request of %s to %s: %w", r.From, r.To, err)
			}
		}
	}
	return ev, nil
}
