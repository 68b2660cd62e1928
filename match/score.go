package match

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/techmatch/techmatch/data"
)

// Weights are how much each component counts in a direction's score. They
// live here, in one place, and were tuned on the development labels (see
// `techmatch eval`). Each direction's total is the weighted mean of its
// components; the match score combines the two directions.
type Weights struct {
	Text        float64 // text relevance
	Keywords    float64 // keyword overlap
	Sector      float64 // sector overlap (a shared parent counts partly)
	TRL         float64 // readiness fit (need's side only)
	Cooperation float64 // kinds of deal both accept
	Geography   float64 // target markets / preferred countries
	Language    float64 // a shared working language
}

// DefaultWeights favour the text, which is what most records fill in: real
// listings often leave TRL, cooperation and markets unknown, and an unknown
// component is neutral (0.5), neither helping nor hurting.
var DefaultWeights = Weights{Text: 6, Keywords: 1, Sector: 1, TRL: 0.5, Cooperation: 0.5, Geography: 0.5, Language: 0.25}

// neutral is the value of a component that one side leaves unknown.
const neutral = 0.5

// Components are the parts of a match score, each in [0,1].
type Components struct {
	Text        float64 `json:"text"`
	Keywords    float64 `json:"keywords"`
	Sector      float64 `json:"sector"`
	TRL         float64 `json:"trl"`
	Cooperation float64 `json:"cooperation"`
	GeoNeed     float64 `json:"geography_need_side"`  // the need's preferred countries include the offer's
	GeoOffer    float64 `json:"geography_offer_side"` // the offer's target markets include the need's country
	Language    float64 `json:"language"`
	NeedSide    float64 `json:"need_side"`  // how well the offer suits the need
	OfferSide   float64 `json:"offer_side"` // how well the need suits the offer
	// Unknown names the components a side left unknown: they are shown as
	// neutral (0.5) and left out of the totals.
	Unknown []string `json:"unknown,omitempty"`
}

func (c *Components) known(name string) bool { return !slices.Contains(c.Unknown, name) }

// trlFit is 1 when the offer is at or above the need's minimum readiness,
// falling smoothly with the gap; neutral when either is unknown.
func trlFit(offerTRL, minTRL int) float64 {
	if offerTRL == 0 || minTRL == 0 {
		return neutral
	}
	gap := minTRL - offerTRL
	if gap <= 0 {
		return 1
	}
	return math.Exp(-float64(gap) / 1.5)
}

// cooperationFit is 1 when the two sides accept a common kind of deal, low
// when both state theirs and none is shared, neutral when one is silent.
func cooperationFit(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return neutral
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			return 1
		}
	}
	return 0.15
}

// countryFit: does list (preferred countries or target markets) include
// country? Neutral when the list or the country is unknown.
func countryFit(list []string, country string) float64 {
	if len(list) == 0 || country == "" {
		return neutral
	}
	if slices.Contains(list, country) {
		return 1
	}
	return 0.2
}

// sectorFit is 1 for a shared sector, 0.5 for a shared parent only, 0 for
// none, and neutral when a side has no sector.
func sectorFit(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return neutral
	}
	best := 0.0
	for _, x := range a {
		for _, y := range b {
			switch {
			case x == y:
				return 1
			case data.SectorParent(x) == data.SectorParent(y):
				best = 0.5
			}
		}
	}
	return best
}

// languages a side can work in: its organization's and its record's.
func languagesOf(p *data.Profile) []string {
	out := append([]string(nil), p.OrgLanguages...)
	if p.Language != "" && !slices.Contains(out, p.Language) {
		out = append(out, p.Language)
	}
	return out
}

// languageFit is 1 when the two sides share a working language, 0.3 when
// they need an interpreter, neutral when a side's languages are unknown.
func languageFit(need, offer *data.Profile) (float64, bool) {
	a, b := languagesOf(need), languagesOf(offer)
	if len(a) == 0 || len(b) == 0 {
		return neutral, false
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			return 1, false
		}
	}
	return 0.3, true
}

type part struct {
	name   string
	weight float64
	value  float64
}

// mean is the weighted mean of the known parts: what a side left unknown
// neither helps nor hurts.
func (c *Components) mean(parts []part) float64 {
	var sum, total float64
	for _, p := range parts {
		if c.known(p.name) {
			sum += p.weight * p.value
			total += p.weight
		}
	}
	if total == 0 {
		return 0
	}
	return sum / total
}

func (w Weights) needSide(c Components) float64 {
	return c.mean([]part{{"text", w.Text, c.Text}, {"keywords", w.Keywords, c.Keywords}, {"sector", w.Sector, c.Sector},
		{"trl", w.TRL, c.TRL}, {"cooperation", w.Cooperation, c.Cooperation}, {"geography_need_side", w.Geography, c.GeoNeed},
		{"language", w.Language, c.Language}})
}

func (w Weights) offerSide(c Components) float64 {
	return c.mean([]part{{"text", w.Text, c.Text}, {"keywords", w.Keywords, c.Keywords}, {"sector", w.Sector, c.Sector},
		{"cooperation", w.Cooperation, c.Cooperation}, {"geography_offer_side", w.Geography, c.GeoOffer},
		{"language", w.Language, c.Language}})
}

// harmonic is the harmonic mean: a pair that suits one side only scores
// well below one that suits both.
func harmonic(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return 2 * a * b / (a + b)
}

// Strength labels a score for people. The thresholds are calibrated on the
// development labels so that "weak" best matches are mostly needs the corpus
// cannot serve.
func Strength(score float64) string {
	switch {
	case score >= StrongAt:
		return "strong"
	case score >= GoodAt:
		return "good"
	}
	return "weak"
}

// Calibrated thresholds of Strength.
const (
	StrongAt = 0.65
	GoodAt   = 0.5
)

// explain writes the one-sentence reason for a match.
func explain(m *Match, need, offer *data.Profile) string {
	var parts []string
	if len(m.MatchedTerms) > 0 {
		terms := m.MatchedTerms
		if len(terms) > 5 {
			terms = terms[:5]
		}
		parts = append(parts, "shares "+quoteList(terms))
	} else {
		parts = append(parts, "shares no distinctive words")
	}
	if len(m.Translations) > 0 {
		tr := m.Translations
		if len(tr) > 3 {
			tr = tr[:3]
		}
		parts = append(parts, "via the glossary "+strings.Join(tr, ", "))
	}
	c := m.Components
	if c.known("sector") {
		switch c.Sector {
		case 1:
			parts = append(parts, "same sector")
		case 0.5:
			parts = append(parts, "related sector")
		default:
			parts = append(parts, "different sectors")
		}
	}
	if c.known("trl") {
		if c.TRL == 1 {
			parts = append(parts, fmt.Sprintf("TRL %d meets the minimum %d", offer.TRL, need.MinTRL))
		} else {
			parts = append(parts, fmt.Sprintf("TRL %d is below the minimum %d", offer.TRL, need.MinTRL))
		}
	}
	if c.known("cooperation") {
		if c.Cooperation == 1 {
			parts = append(parts, "both accept "+strings.ReplaceAll(firstShared(need.Cooperation, offer.Cooperation), "_", " "))
		} else {
			parts = append(parts, "no kind of deal in common")
		}
	}
	if c.known("geography_offer_side") {
		if c.GeoOffer == 1 {
			parts = append(parts, "the offer targets "+need.Country)
		} else {
			parts = append(parts, "the offer does not target "+need.Country)
		}
	}
	if c.known("geography_need_side") && c.GeoNeed < 1 {
		parts = append(parts, "the offer's country is not among the need's preferred ones")
	}
	if m.Interpreter {
		parts = append(parts, "an interpreter is needed ("+strings.Join(languagesOf(need), "/")+" ↔ "+strings.Join(languagesOf(offer), "/")+")")
	}
	if c.NeedSide-c.OfferSide > 0.15 {
		parts = append(parts, "a better fit for the need than for the offer")
	} else if c.OfferSide-c.NeedSide > 0.15 {
		parts = append(parts, "a better fit for the offer than for the need")
	}
	return strings.ToUpper(m.Strength[:1]) + m.Strength[1:] + " fit: " + strings.Join(parts, "; ") + "."
}

func quoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "“" + w + "”"
	}
	return strings.Join(q, ", ")
}

func firstShared(a, b []string) string {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x
		}
	}
	return ""
}
