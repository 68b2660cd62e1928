package match_test

import (
	"fmt"
	"testing"
)

// In a large collection whose listings all say "smart monitoring
// platform", candidate queries leave those words out; a need whose best
// offer shares only rare words with it still finds that offer first, in a
// real in-memory index.
func TestEngine_RareWordsFindTheOfferAmongCommonOnes(t *testing.T) {
	products := []string{"pump", "valve", "boiler", "conveyor", "chiller", "compressor", "forklift", "kiln", "mixer", "dryer"}
	var profiles = portOffers()
	for i := 0; i < 1200; i++ {
		p := products[i%len(products)]
		profiles = append(profiles, offerOf(fmt.Sprintf("o-fill-%d", i), fmt.Sprintf("org-fill-%d", i%300),
			fmt.Sprintf("Smart monitoring platform for the %s line %d", p, i),
			fmt.Sprintf("A smart monitoring platform that watches every %s and reports its data to the plant team.", p),
			"smart monitoring", p))
	}
	target := offerOf("o-gypsum", "org-kr-gypsum", "Hydrocyclone dewatering of phosphogypsum stacks",
		"Hydrocyclones and a belt filter recover water from phosphogypsum slurry before stacking, with a monitoring panel.",
		"phosphogypsum", "hydrocyclone")
	profiles = append(profiles, target)
	e := newEngine(t, profiles...)
	for _, need := range []struct{ name, title, desc string }{
		{"RareWordsInTheTitle", "Smart monitoring platform for phosphogypsum hydrocyclone dewatering",
			"We want a smart monitoring platform for our plant."},
		{"RareWordsInTheDescriptionOnly", "Smart monitoring platform",
			"A smart monitoring platform for the stacks where our phosphogypsum slurry is dewatered by hydrocyclones."},
	} {
		t.Run(need.name, func(t *testing.T) {
			ms := mustMatchNeed(t, e, needOf("n-gypsum", "org-vn-fert", "en", need.title, need.desc, "smart monitoring platform"))
			if len(ms) == 0 || ms[0].Ref != target.Ref {
				t.Fatalf("first match is not the phosphogypsum offer:\n%s", dump(ms))
			}
		})
	}
}
