package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/techmatch/techmatch/data"
)

//go:embed event.json
var eventJSON []byte

// Event is the demo matchmaking event: a connection session of Techfest
// Haiphong with the Vietnamese enterprises as hosts and the foreign
// partners as guests, grouped in delegations by country, with some
// availability limits, intents, a rule and two meeting requests.
// Organizations are named by their Key.
type Event struct {
	Event        data.EventFields   `json:"event"`
	Participants []EventParticipant `json:"participants"`
	Intents      []EventIntent      `json:"intents"`
	Rules        []EventRule        `json:"rules"`
	Requests     []EventRequest     `json:"requests"`
}

// EventParticipant is a demo participant; languages come from its organization.
type EventParticipant struct {
	Org string `json:"org"`
	data.ParticipantFields
}

// EventIntent is what organization From states about To.
type EventIntent struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Intent string `json:"intent"`
}

// EventRule is an organizer's rule on a host-guest pair.
type EventRule struct {
	Host  string `json:"host"`
	Guest string `json:"guest"`
	Rule  string `json:"rule"`
	Note  string `json:"note,omitempty"`
}

// EventRequest is a meeting request and what became of it (pending or
// accepted).
type EventRequest struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Message string `json:"message"`
	Status  string `json:"status"`
	Reply   string `json:"reply,omitempty"`
}

// LoadEvent parses the embedded demo event, strictly (unknown fields are
// an error). It does not validate it; the tests of this package do.
func LoadEvent() (Event, error) {
	var ev Event
	dec := json.NewDecoder(bytes.NewReader(eventJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil {
		return Event{}, fmt.Errorf("demo: event.json: %w", err)
	}
	return ev, nil
}
