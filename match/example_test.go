package match_test

import (
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
	engine, err := match.NewOfflineEngine(offers, index)
	if err != nil {
		log.Fatal(err)
	}

	matches, err := engine.MatchNeed(need, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(matches[0].Ref, matches[0].Strength)
	// Output: o1 strong
}
