package match_test

import (
	"context"
	"fmt"
	"log"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// A Vietnamese port looks for shore power among English offers: the
// glossary carries "cấp điện bờ" over to "shore power".
func ExampleEngine_MatchNeed() {
	offer := func(ref, title, desc string) data.Profile {
		return data.Profile{Ref: ref, Kind: data.KindOffer, OrgRef: "org-" + ref, Country: "KR",
			Listing: data.Listing{Title: title, Description: desc, Language: "en", Status: data.StatusPublished}}
	}
	offers := []data.Profile{
		offer("o1", "Shore power for container ships at berth",
			"A shore power connection with a frequency converter lets container vessels switch off their diesel engines while moored."),
		offer("o2", "Container number OCR for terminal gates",
			"Cameras read container codes and truck plates at the gate lanes."),
		offer("o3", "Membrane bioreactor for textile wastewater",
			"A compact membrane bioreactor removes colour and nitrogen from dyeing wastewater."),
	}
	need := data.Profile{Ref: "n1", Kind: data.KindNeed, OrgRef: "org-a", Country: "VN",
		Listing: data.Listing{Title: "Cần hệ thống cấp điện bờ cho tàu container tại cảng", Language: "vi", Status: data.StatusPublished}}

	index, err := search.NewMemory(offers)
	if err != nil {
		log.Fatal(err)
	}
	defer index.Close()
	// The same setup as `techmatch rank`: the offers' vocabulary, the
	// built-in glossary and, where the offers allow, a semantic space.
	engine, err := match.NewOfflineEngine(context.Background(), offers, index)
	if err != nil {
		log.Fatal(err)
	}

	matches, err := engine.MatchNeed(context.Background(), need, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(matches[0].Ref, matches[0].Strength)
	// Output: o1 strong
}

// An organizer's match list: two Haiphong enterprises (hosts) and two
// Korean partners (guests), each with room for one meeting. Taking the
// best pair first (port logistics with the shipping line) would leave the
// shipyard without a partner; the optimal list gives both a meeting. The
// accepted request between host 3 and guest 12 is always in.
func ExampleOptimalMatchList() {
	hosts := []match.MeetingParty{{ID: 1, Capacity: 1}, {ID: 2, Capacity: 1}, {ID: 3, Capacity: 1}}
	guests := []match.MeetingParty{{ID: 10, Capacity: 1}, {ID: 11, Capacity: 1}, {ID: 12, Capacity: 2}}
	pairs := []match.MeetingPair{
		{Host: 1, Guest: 10, Score: 0.9},
		{Host: 1, Guest: 11, Score: 0.8},
		{Host: 2, Guest: 10, Score: 0.7},
		{Host: 3, Guest: 12, Score: 0.2, Forced: true},
		{Host: 2, Guest: 12, Score: 0}, // never chosen: no score
	}
	ml, err := match.OptimalMatchList(hosts, guests, pairs)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ml.Meetings {
		fmt.Printf("host %d meets guest %d (%.1f, forced %v)\n", m.Host, m.Guest, m.Score, m.Forced)
	}
	fmt.Printf("total %.1f, greedy %.1f\n", ml.Total, ml.GreedyTotal)
	// Output:
	// host 1 meets guest 11 (0.8, forced false)
	// host 2 meets guest 10 (0.7, forced false)
	// host 3 meets guest 12 (0.2, forced true)
	// total 1.7, greedy 1.1
}
