package match_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// ---------------------------------------------------------------------------
// Hand-made records and engines over real in-memory indexes.

// offerOf is a published English offer of a Korean partner organization.
func offerOf(ref, org, title, desc string, keywords ...string) data.Profile {
	return data.Profile{
		Ref: ref, Kind: data.KindOffer, OrgRef: org, OrgName: org, Country: "KR", OrgKind: data.OrgPartner,
		OrgLanguages: []string{"en"},
		Listing: data.Listing{Title: title, Description: desc, Keywords: keywords, Language: "en",
			Status: data.StatusPublished},
	}
}

// needOf is a published need of a Vietnamese enterprise writing in lang.
func needOf(ref, org, lang, title, desc string, keywords ...string) data.Profile {
	return data.Profile{
		Ref: ref, Kind: data.KindNeed, OrgRef: org, OrgName: org, Country: "VN", OrgKind: data.OrgEnterprise,
		OrgLanguages: []string{lang},
		Listing: data.Listing{Title: title, Description: desc, Keywords: keywords, Language: lang,
			Status: data.StatusPublished},
	}
}

// with returns a copy of p changed by fn.
func with(p data.Profile, fn func(p *data.Profile)) data.Profile {
	p.Keywords = slices.Clone(p.Keywords)
	p.OrgLanguages = slices.Clone(p.OrgLanguages)
	fn(&p)
	return p
}

// The shore power offer and the port, shipyard and water offers it competes with.
var (
	shoreOffer = offerOf("o-shore", "org-kr-power", "Shore power for container ships at berth",
		"A medium-voltage shore power connection with a frequency converter and a cable reel lets container vessels "+
			"switch off their diesel auxiliary engines while moored, cutting emissions and noise in the port.",
		"shore power", "frequency converter", "cable reel")
	ocrOffer = offerOf("o-ocr", "org-kr-vision", "Container number OCR for terminal gates",
		"Cameras at the gate lanes read container codes, seal status and truck plates with deep-learning OCR in under "+
			"a second, so trucks pass the terminal gate without stopping.",
		"OCR", "gate automation", "container recognition")
	rtgOffer = offerOf("o-rtg", "org-kr-crane", "Battery retrofit for diesel yard cranes",
		"Battery packs and a power management unit let diesel rubber-tyred gantry cranes in container yards run on "+
			"electricity, recovering energy while lowering containers.",
		"battery", "yard crane", "electrification")
	weldOffer = offerOf("o-weld", "org-kr-yard", "Welding robots for ship hull blocks",
		"Six-axis welding robots with laser seam tracking weld curved hull blocks and double-bottom panels in the "+
			"shipyard, programmed offline from the CAD model.",
		"welding robot", "seam tracking", "shipyard")
	waterOffer = offerOf("o-water", "org-kr-water", "Membrane bioreactor for textile dyeing wastewater",
		"A compact membrane bioreactor removes colour, COD and nitrogen from dyeing-house wastewater so the effluent "+
			"meets discharge limits and part of it can be reused.",
		"wastewater treatment", "membrane bioreactor", "textile dyeing")
)

func portOffers() []data.Profile {
	return []data.Profile{shoreOffer, ocrOffer, rtgOffer, weldOffer, waterOffer}
}

// Needs of Vietnamese enterprises.
var (
	shoreNeedEN = needOf("n-shore-en", "org-vn-port", "en", "Shore power supply for our container berths",
		"Our terminal wants berthed ships to plug in instead of running diesel generators: a shore power connection "+
			"with frequency conversion for 50 Hz and 60 Hz vessels.",
		"shore power")
	shoreNeedVI = needOf("n-shore-vi", "org-vn-port", "vi", "Cần hệ thống cấp điện bờ cho tàu container tại cảng",
		"Cảng muốn giảm khí thải và tiếng ồn khi tàu container neo đậu tại bến bằng cách cấp điện bờ cho tàu.",
		"điện bờ")
	surgeryNeed = needOf("n-surgery", "org-vn-hospital", "en", "Surgical robots for keyhole operations",
		"Our hospital seeks a robotic arm with haptic feedback and stereo vision for laparoscopic surgery, certified "+
			"for operating theatres.",
		"surgical robot", "laparoscopy")
)

var glossaryOnce = sync.OnceValues(match.DefaultGlossary)

func defaultGlossary(tb testing.TB) *match.Glossary {
	tb.Helper()
	g, err := glossaryOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// engineOver builds an engine over cands; the vocabulary counts the offers.
func engineOver(tb testing.TB, cands match.Candidates, profiles []data.Profile) *match.Engine {
	tb.Helper()
	var offers []data.Profile
	for _, p := range profiles {
		if p.Kind == data.KindOffer {
			offers = append(offers, p)
		}
	}
	return &match.Engine{
		Candidates: cands,
		Profiles:   match.ProfilesOf(profiles),
		Vocab:      match.VocabularyOf(offers, defaultGlossary(tb)),
		Glossary:   defaultGlossary(tb),
	}
}

// newEngine indexes profiles in a real in-memory index and builds an engine over it.
func newEngine(tb testing.TB, profiles ...data.Profile) *match.Engine {
	tb.Helper()
	mem, err := search.NewMemory(profiles)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { mem.Close() })
	return engineOver(tb, mem, profiles)
}

// everything is a careless candidate source: every record of the kind,
// whatever its status, expiry or organization. The engine must still keep
// out what is not live and what is the asker's own.
type everything []data.Profile

func (e everything) Candidates(_ context.Context, kind string, _ []data.WeightedText, _ string, limit int) ([]data.ScoredRef, error) {
	var out []data.ScoredRef
	for _, p := range e {
		if p.Kind == kind && len(out) < limit {
			out = append(out, data.ScoredRef{Ref: p.Ref, Score: 1})
		}
	}
	return out, nil
}

// engines are the two candidate sources every exclusion is checked against.
func engines(tb testing.TB, profiles ...data.Profile) map[string]*match.Engine {
	return map[string]*match.Engine{
		"MemoryIndex":   newEngine(tb, profiles...),
		"CarelessIndex": engineOver(tb, everything(profiles), profiles),
	}
}

func mustMatchNeed(tb testing.TB, e *match.Engine, need data.Profile) []match.Match {
	tb.Helper()
	ms, err := e.MatchNeed(context.Background(), need, 20)
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

func mustMatchOffer(tb testing.TB, e *match.Engine, offer data.Profile) []match.Match {
	tb.Helper()
	ms, err := e.MatchOffer(context.Background(), offer, 20)
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

func find(ms []match.Match, ref string) (match.Match, int) {
	for i, m := range ms {
		if m.Ref == ref {
			return m, i
		}
	}
	return match.Match{}, -1
}

func mustFind(tb testing.TB, ms []match.Match, ref string) match.Match {
	tb.Helper()
	m, i := find(ms, ref)
	if i < 0 {
		tb.Fatalf("%s not among the matches:\n%s", ref, dump(ms))
	}
	return m
}

func dump(ms []match.Match) string {
	var b strings.Builder
	for i, m := range ms {
		c := m.Components
		fmt.Fprintf(&b, "  %d. %-12s score %.3f %-6s need %.3f offer %.3f text %.3f kw %.2f sector %.2f trl %.2f coop %.2f geo %.2f/%.2f lang %.2f\n",
			i+1, m.Ref, m.Score, m.Strength, c.NeedSide, c.OfferSide, c.Text, c.Keywords, c.Sector, c.TRL, c.Cooperation, c.GeoNeed, c.GeoOffer, c.Language)
	}
	if len(ms) == 0 {
		b.WriteString("  (none)\n")
	}
	return b.String()
}

func refs(ms []match.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Ref
	}
	return out
}

// sameTextOffers are offers with the shore power offer's text, one per
// variant, each of its own organization.
func sameTextOffers(variants map[string]func(p *data.Profile)) []data.Profile {
	var out []data.Profile
	for ref, fn := range variants {
		out = append(out, with(shoreOffer, func(p *data.Profile) {
			p.Ref, p.OrgRef = ref, "org-"+ref
			fn(p)
		}))
	}
	slices.SortFunc(out, func(a, b data.Profile) int { return strings.Compare(a.Ref, b.Ref) })
	return out
}

// ---------------------------------------------------------------------------
// Ranking properties.

// TestEngine_Reciprocity: of two offers with the same text, the one that
// suits the need but not the other way round (its markets exclude the need's
// country, or it wants a kind of deal the need does not) ranks lower, and
// the harmonic mean keeps its score below its better side.
func TestEngine_Reciprocity(t *testing.T) {
	need := with(shoreNeedEN, func(p *data.Profile) {
		p.Cooperation = []string{data.CoopLicense, data.CoopTechnical}
		p.MinTRL = 7
		p.Preferred = []string{"KR"} // both offers are Korean: the need's side is happy with either
	})
	twoSided := func(p *data.Profile) {
		p.TRL = 8
		p.Markets = []string{"VN", "TH"}
		p.Cooperation = []string{data.CoopLicense}
	}
	for _, tc := range []struct {
		name    string
		oneSide func(p *data.Profile)
		// marketOut: the one-sided offer's markets exclude VN, a
		// component of the offer's side only.
		marketOut bool
	}{
		{"MarketsExcludeNeedCountryAndDisjointDeals", func(p *data.Profile) {
			p.TRL = 8
			p.Markets = []string{"US", "DE"}
			p.Cooperation = []string{data.CoopInvestment}
		}, true},
		{"MarketsExcludeNeedCountry", func(p *data.Profile) {
			p.TRL = 8
			p.Markets = []string{"US", "DE"}
			p.Cooperation = []string{data.CoopLicense}
		}, true},
		{"DisjointDeals", func(p *data.Profile) {
			p.TRL = 8
			p.Markets = []string{"VN"}
			p.Cooperation = []string{data.CoopSupply}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			offers := sameTextOffers(map[string]func(*data.Profile){"o-both": twoSided, "o-one": tc.oneSide})
			e := newEngine(t, append(offers, ocrOffer, rtgOffer, weldOffer, waterOffer, need)...)
			ms := mustMatchNeed(t, e, need)
			both, one := mustFind(t, ms, "o-both"), mustFind(t, ms, "o-one")
			if !(both.Score > one.Score) || !slices.Equal(refs(ms)[:2], []string{"o-both", "o-one"}) {
				t.Fatalf("the two-sided offer must rank first, the one-sided second:\n%s", dump(ms))
			}
			if both.Components.Text != one.Components.Text {
				t.Fatalf("same text, different text relevance: %v vs %v", both.Components.Text, one.Components.Text)
			}
			if tc.marketOut {
				if !(one.Components.OfferSide < one.Components.NeedSide) {
					t.Fatalf("offer side %.3f should be below need side %.3f:\n%s", one.Components.OfferSide, one.Components.NeedSide, dump(ms))
				}
				if !(one.Components.OfferSide < both.Components.OfferSide) {
					t.Fatalf("excluding the need's country should lower the offer side: %.3f vs %.3f", one.Components.OfferSide, both.Components.OfferSide)
				}
			}
			for _, m := range []match.Match{both, one} {
				c := m.Components
				lo, hi := min(c.NeedSide, c.OfferSide), max(c.NeedSide, c.OfferSide)
				if m.Score > hi+1e-12 || m.Score < lo-1e-12 {
					t.Fatalf("%s: score %.4f outside its sides [%.4f, %.4f]", m.Ref, m.Score, lo, hi)
				}
				if c.OfferSide < c.NeedSide && !(m.Score < c.NeedSide) {
					t.Fatalf("%s: score %.4f not below the better need side %.4f", m.Ref, m.Score, c.NeedSide)
				}
				// The combination is the harmonic mean of the two sides.
				if h := 2 * c.NeedSide * c.OfferSide / (c.NeedSide + c.OfferSide); math.Abs(m.Score-h) > 1e-9 {
					t.Fatalf("%s: score %.6f, harmonic mean of the sides %.6f", m.Ref, m.Score, h)
				}
			}
		})
	}
}

// TestEngine_NotLiveNeverAppears: expired, draft and archived offers never
// appear, even as the best text fit, whether or not the index filters them.
func TestEngine_NotLiveNeverAppears(t *testing.T) {
	past := time.Now().Add(-24 * time.Hour)
	future := time.Now().Add(30 * 24 * time.Hour)
	// The best fit: the need's own words.
	best := with(shoreOffer, func(p *data.Profile) {
		p.Ref, p.OrgRef = "o-best", "org-best"
		p.Title, p.Description, p.Keywords = shoreNeedEN.Title, shoreNeedEN.Description, slices.Clone(shoreNeedEN.Keywords)
	})
	for _, tc := range []struct {
		name   string
		change func(l *data.Listing)
		live   bool
	}{
		{"Published", func(l *data.Listing) {}, true},
		{"ExpiresLater", func(l *data.Listing) { l.ExpiresAt = &future }, true},
		{"Expired", func(l *data.Listing) { l.ExpiresAt = &past }, false},
		{"Draft", func(l *data.Listing) { l.Status = data.StatusDraft }, false},
		{"Archived", func(l *data.Listing) { l.Status = data.StatusArchived }, false},
		{"ArchivedAndExpired", func(l *data.Listing) { l.Status, l.ExpiresAt = data.StatusArchived, &past }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := with(best, func(p *data.Profile) { tc.change(&p.Listing) })
			// A need in the same state, for the other direction.
			n := with(shoreNeedEN, func(p *data.Profile) { p.Ref = "n-state"; tc.change(&p.Listing) })
			all := append(portOffers(), o, shoreNeedEN, n)
			for name, e := range engines(t, all...) {
				t.Run(name, func(t *testing.T) {
					ms := mustMatchNeed(t, e, shoreNeedEN)
					_, at := find(ms, "o-best")
					if tc.live && at != 0 {
						t.Fatalf("the live best fit should rank first:\n%s", dump(ms))
					}
					if !tc.live && at >= 0 {
						t.Fatalf("a %s offer appears at rank %d:\n%s", tc.name, at+1, dump(ms))
					}
					if !tc.live && (len(ms) == 0 || ms[0].Ref != "o-shore") {
						t.Fatalf("the live shore power offer should rank first instead:\n%s", dump(ms))
					}
					needs := mustMatchOffer(t, e, shoreOffer)
					if _, at := find(needs, "n-state"); at >= 0 != tc.live {
						t.Fatalf("need n-state (%s) at rank %d for the shore power offer:\n%s", tc.name, at+1, dump(needs))
					}
				})
			}
		})
	}
}

// TestEngine_OwnOffersNeverMatch: an organization's own offers never match
// its needs (and its needs never match its offers), identical text or not.
func TestEngine_OwnOffersNeverMatch(t *testing.T) {
	own := with(shoreOffer, func(p *data.Profile) {
		p.Ref, p.OrgRef = "o-own", shoreNeedEN.OrgRef
		p.Title, p.Description, p.Keywords = shoreNeedEN.Title, shoreNeedEN.Description, slices.Clone(shoreNeedEN.Keywords)
	})
	twin := with(own, func(p *data.Profile) { p.Ref, p.OrgRef = "o-twin", "org-kr-twin" })
	all := append(portOffers(), own, twin, shoreNeedEN)
	for _, tc := range []struct {
		name  string
		match func(e *match.Engine) []match.Match
		own   string
		other string
	}{
		{"NeedToOffers", func(e *match.Engine) []match.Match { return mustMatchNeed(t, e, shoreNeedEN) }, "o-own", "o-twin"},
		{"OfferToNeeds", func(e *match.Engine) []match.Match { return mustMatchOffer(t, e, own) }, "n-shore-en", ""},
		{"TwinOfferToNeeds", func(e *match.Engine) []match.Match { return mustMatchOffer(t, e, twin) }, "", "n-shore-en"},
	} {
		for name, e := range engines(t, all...) {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				ms := tc.match(e)
				if tc.own != "" {
					if _, at := find(ms, tc.own); at >= 0 {
						t.Fatalf("own record %s at rank %d:\n%s", tc.own, at+1, dump(ms))
					}
				}
				if tc.other != "" {
					// First, or level with the first (a counterpart that
					// covers every keyword with near-identical text scores
					// the maximum too).
					if m, at := find(ms, tc.other); at < 0 || m.Score < ms[0].Score-1e-9 {
						t.Fatalf("%s (same text, another organization) should rank first:\n%s", tc.other, dump(ms))
					}
				}
			})
		}
	}
}

// TestEngine_CrossLanguage: a Vietnamese need finds its English counterpart
// through the glossary, with or without diacritics.
func TestEngine_CrossLanguage(t *testing.T) {
	e := newEngine(t, portOffers()...)
	for _, tc := range []struct {
		name string
		need data.Profile
	}{
		{"FullDiacritics", shoreNeedVI},
		{"TitleOnly", with(shoreNeedVI, func(p *data.Profile) { p.Description, p.Keywords = "", nil })},
		{"NoDiacritics", with(shoreNeedVI, func(p *data.Profile) {
			p.Title, p.Description, p.Keywords = "can he thong cap dien bo cho tau", "", nil
		})},
		{"NoDiacriticsWithContainer", with(shoreNeedVI, func(p *data.Profile) {
			p.Title, p.Description, p.Keywords = "can he thong cap dien bo cho tau container tai cang", "", nil
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := mustMatchNeed(t, e, tc.need)
			if len(ms) == 0 || ms[0].Ref != "o-shore" {
				t.Fatalf("the English shore power offer should rank first:\n%s", dump(ms))
			}
			m := ms[0]
			if len(m.Translations) == 0 || !slices.ContainsFunc(m.Translations, func(s string) bool { return strings.Contains(s, "shore power") }) {
				t.Fatalf("translations %q should name shore power", m.Translations)
			}
			if len(m.MatchedTerms) == 0 {
				t.Fatalf("no matched terms: %q", m.Explanation)
			}
			if !strings.Contains(m.Explanation, "glossary") {
				t.Fatalf("explanation should say the glossary helped: %q", m.Explanation)
			}
			if m.Components.Text <= 0 {
				t.Fatalf("text relevance %.3f across languages", m.Components.Text)
			}
		})
	}
	t.Run("EnglishOfferFindsVietnameseNeed", func(t *testing.T) {
		e := newEngine(t, append(portOffers(), shoreNeedVI, surgeryNeed)...)
		ms := mustMatchOffer(t, e, shoreOffer)
		if len(ms) == 0 || ms[0].Ref != "n-shore-vi" {
			t.Fatalf("the Vietnamese shore power need should rank first:\n%s", dump(ms))
		}
	})
}

// TestEngine_TRL: the readiness component is 1 at or above the need's
// minimum, falls with the gap below it and is neutral when unknown; with
// otherwise identical offers the scores follow it.
func TestEngine_TRL(t *testing.T) {
	need := with(shoreNeedEN, func(p *data.Profile) { p.MinTRL = 7 })
	rows := []struct {
		trl  int
		want string // "1", "neutral" or "below"
	}{
		{9, "1"}, {7, "1"}, {5, "below"}, {3, "below"}, {0, "neutral"},
	}
	variants := map[string]func(*data.Profile){}
	for _, r := range rows {
		variants[fmt.Sprintf("o-trl%d", r.trl)] = func(p *data.Profile) { p.TRL = r.trl }
	}
	e := newEngine(t, append(sameTextOffers(variants), weldOffer, waterOffer)...)
	ms := mustMatchNeed(t, e, need)
	got := map[int]match.Match{}
	prevBelow := 1.0
	for _, r := range rows {
		m := mustFind(t, ms, fmt.Sprintf("o-trl%d", r.trl))
		got[r.trl] = m
		trl := m.Components.TRL
		switch r.want {
		case "1":
			if trl != 1 {
				t.Errorf("TRL %d for minimum 7: component %.3f, want 1", r.trl, trl)
			}
		case "neutral":
			if trl != 0.5 {
				t.Errorf("unknown TRL: component %.3f, want 0.5", trl)
			}
		case "below":
			if !(trl > 0 && trl < 1 && trl < prevBelow) {
				t.Errorf("TRL %d for minimum 7: component %.3f, want in (0,1) and below %.3f", r.trl, trl, prevBelow)
			}
			prevBelow = trl
		}
	}
	// Equal up to rounding: the same text's cosine is summed in map order,
	// which may differ in the last bit from one offer to the next.
	if !(math.Abs(got[9].Score-got[7].Score) < 1e-12 && got[7].Score > got[5].Score && got[5].Score > got[3].Score) {
		t.Fatalf("scores should be ordered 9 == 7 > 5 > 3:\n%s", dump(ms))
	}
	if !(got[7].Score > got[0].Score && got[0].Score > got[5].Score) {
		t.Fatalf("an unknown TRL should score between a met minimum and a gap of 2:\n%s", dump(ms))
	}
	if s := got[3].Explanation; !strings.Contains(s, "TRL 3 is below the minimum 7") {
		t.Errorf("explanation of TRL 3: %q", s)
	}
	if s := got[9].Explanation; !strings.Contains(s, "TRL 9 meets the minimum 7") {
		t.Errorf("explanation of TRL 9: %q", s)
	}

	t.Run("NeedWithoutMinimum", func(t *testing.T) {
		for _, m := range mustMatchNeed(t, e, shoreNeedEN) {
			if m.Components.TRL != 0.5 {
				t.Fatalf("%s: TRL component %.3f for a need with no minimum, want neutral 0.5", m.Ref, m.Components.TRL)
			}
		}
	})
}

// TestEngine_Cooperation: a shared kind of deal is 1 and beats silence,
// which is neutral and beats disjoint kinds.
func TestEngine_Cooperation(t *testing.T) {
	for _, tc := range []struct {
		name      string
		need      []string
		offer     []string
		want      float64
		wantBelow bool // want is an upper bound (exclusive)
	}{
		{"Shared", []string{data.CoopLicense, data.CoopTechnical}, []string{data.CoopTechnical, data.CoopSupply}, 1, false},
		{"SameSingle", []string{data.CoopJointVent}, []string{data.CoopJointVent}, 1, false},
		{"Disjoint", []string{data.CoopLicense}, []string{data.CoopInvestment}, 0.5, true},
		{"OfferSilent", []string{data.CoopLicense}, nil, 0.5, false},
		{"NeedSilent", nil, []string{data.CoopLicense}, 0.5, false},
		{"BothSilent", nil, nil, 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			need := with(shoreNeedEN, func(p *data.Profile) { p.Cooperation = tc.need })
			o := with(shoreOffer, func(p *data.Profile) { p.Cooperation = tc.offer })
			e := newEngine(t, o, weldOffer, waterOffer)
			m := mustFind(t, mustMatchNeed(t, e, need), "o-shore")
			c := m.Components.Cooperation
			if tc.wantBelow && !(c >= 0 && c < tc.want) || !tc.wantBelow && c != tc.want {
				t.Fatalf("cooperation component %.3f, want %s%.2f", c, map[bool]string{true: "< ", false: ""}[tc.wantBelow], tc.want)
			}
		})
	}
	t.Run("ScoreOrder", func(t *testing.T) {
		need := with(shoreNeedEN, func(p *data.Profile) { p.Cooperation = []string{data.CoopLicense, data.CoopTechnical} })
		e := newEngine(t, append(sameTextOffers(map[string]func(*data.Profile){
			"o-shared":   func(p *data.Profile) { p.Cooperation = []string{data.CoopTechnical} },
			"o-silent":   func(p *data.Profile) {},
			"o-disjoint": func(p *data.Profile) { p.Cooperation = []string{data.CoopInvestment, data.CoopSupply} },
		}), weldOffer)...)
		ms := mustMatchNeed(t, e, need)
		shared, silent, disjoint := mustFind(t, ms, "o-shared"), mustFind(t, ms, "o-silent"), mustFind(t, ms, "o-disjoint")
		if !(shared.Score > silent.Score && silent.Score > disjoint.Score) || !slices.Equal(refs(ms)[:3], []string{"o-shared", "o-silent", "o-disjoint"}) {
			t.Fatalf("want shared > silent > disjoint:\n%s", dump(ms))
		}
		if !strings.Contains(shared.Explanation, "both accept technical cooperation") {
			t.Errorf("explanation of a shared deal: %q", shared.Explanation)
		}
		if !strings.Contains(disjoint.Explanation, "no kind of deal in common") {
			t.Errorf("explanation of disjoint deals: %q", disjoint.Explanation)
		}
	})
}

// TestEngine_MessyPartnership: free-text partnership values of imported
// records map to cooperation codes, and those codes meet in matching.
func TestEngine_MessyPartnership(t *testing.T) {
	for _, tc := range []struct {
		kind, partnership string
		want              []string
	}{
		{"offer", "License (university technology licensing office listing)", []string{data.CoopLicense}},
		// Technology transfer is a licence plus the help to use it (data/normalize.go).
		{"need", "chuyển giao công nghệ", []string{data.CoopLicense, data.CoopTechnical}},
		{"offer", "Co-development", []string{data.CoopTechnical}},
		{"need", "Investment funds", []string{data.CoopInvestment}},
		{"offer", "SBIR/STTR contract (Phase I)", []string{data.CoopResearch}},
		{"need", "liên doanh", []string{data.CoopJointVent}},
		{"need", "Liên doanh; chuyển giao công nghệ", []string{data.CoopLicense, data.CoopJointVent, data.CoopTechnical}},
	} {
		t.Run(tc.partnership, func(t *testing.T) {
			line := fmt.Sprintf(`{"id":"x1","kind":%q,"title":"Shore power for container berths","org":"Cảng Thử Nghiệm","partnership":%q}`+"\n", tc.kind, tc.partnership)
			items, bad, err := ingest.ReadJSONL(strings.NewReader(line))
			if err != nil || len(bad) > 0 || len(items) != 1 {
				t.Fatalf("ReadJSONL: %d items, bad %v, err %v", len(items), bad, err)
			}
			p := match.ItemProfile(items[0])
			if p.Kind != tc.kind {
				t.Fatalf("kind %q, want %q", p.Kind, tc.kind)
			}
			if !slices.Equal(p.Cooperation, tc.want) {
				t.Fatalf("%q → %q, want %q", tc.partnership, p.Cooperation, tc.want)
			}
		})
	}
	t.Run("MeetInMatching", func(t *testing.T) {
		const rows = `{"id":"o-lic","kind":"offer","org":"Busan Shore Tech","org_country":"Korea","language":"en","title":"Shore power for container berths","description":"Shore power connection with frequency converter for container ships at berth.","partnership":"License (university technology licensing office listing)"}
{"id":"o-fund","kind":"offer","org":"Incheon Shore Tech","org_country":"Korea","language":"en","title":"Shore power for container berths","description":"Shore power connection with frequency converter for container ships at berth.","partnership":"Investment funds"}
{"id":"n-tt","kind":"need","org":"Cảng Hải Phòng Xanh","org_country":"Việt Nam","language":"en","title":"Shore power for our container berths","description":"Shore power connection for container ships at berth.","partnership":"chuyển giao công nghệ"}
`
		items, bad, err := ingest.ReadJSONL(strings.NewReader(rows))
		if err != nil || len(bad) > 0 || len(items) != 3 {
			t.Fatalf("ReadJSONL: %d items, bad %v, err %v", len(items), bad, err)
		}
		var ps []data.Profile
		for _, it := range items {
			ps = append(ps, match.ItemProfile(it))
		}
		e := newEngine(t, ps...)
		ms := mustMatchNeed(t, e, ps[2])
		lic, fund := mustFind(t, ms, "o-lic"), mustFind(t, ms, "o-fund")
		if lic.Components.Cooperation != 1 || !(fund.Components.Cooperation < 0.5) || ms[0].Ref != "o-lic" {
			t.Fatalf("a technology transfer need should meet the licence offer, not the investment one:\n%s", dump(ms))
		}
	})
}

// TestEngine_Explanation: every match explains itself in a sentence that
// starts with its strength, mentions an interpreter exactly when one is
// needed, and every component lies in [0,1].
func TestEngine_Explanation(t *testing.T) {
	prefix := map[string]string{"strong": "Strong fit", "good": "Good fit", "weak": "Weak fit"}
	for _, tc := range []struct {
		name       string
		offerLangs []string
		need       data.Profile
		interp     bool
	}{
		{"VietnameseNeedKoreanOffers", []string{"ko"}, shoreNeedVI, true},
		{"VietnameseNeedVietnameseSpeakingOffers", []string{"vi"}, shoreNeedVI, false},
		{"EnglishNeedKoreanOffers", []string{"ko"}, with(shoreNeedEN, func(p *data.Profile) { p.OrgLanguages = []string{"vi"} }), false},
		{"EnglishOnlyNeedOnVietnameseRecord", []string{"ko"}, with(shoreNeedVI, func(p *data.Profile) { p.OrgLanguages = []string{"en"} }), false},
		{"SurgeryNeedKoreanOffers", []string{"ko"}, with(surgeryNeed, func(p *data.Profile) { p.OrgLanguages, p.Language = []string{"vi"}, "vi" }), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var offers []data.Profile
			for _, o := range portOffers() {
				// The offers stay written in English: a need whose
				// organization works in English shares it with them.
				offers = append(offers, with(o, func(p *data.Profile) { p.OrgLanguages = tc.offerLangs }))
			}
			e := newEngine(t, offers...)
			ms := mustMatchNeed(t, e, tc.need)
			if len(ms) == 0 {
				t.Fatal("no matches")
			}
			for _, m := range ms {
				if want := prefix[m.Strength]; want == "" || !strings.HasPrefix(m.Explanation, want+": ") {
					t.Errorf("%s: strength %q, explanation %q", m.Ref, m.Strength, m.Explanation)
				}
				// The label follows the score, except that thin evidence (at
				// most one shared single word) is called weak whatever the score.
				thin := len(m.MatchedTerms) <= 1
				if want := match.Strength(m.Score); m.Strength != want && !(m.Strength == "weak" && thin) {
					t.Errorf("%s: strength %q for score %.3f with terms %q", m.Ref, m.Strength, m.Score, m.MatchedTerms)
				}
				if m.Interpreter != tc.interp {
					t.Errorf("%s: interpreter %v, want %v", m.Ref, m.Interpreter, tc.interp)
				}
				if strings.Contains(m.Explanation, "interpreter") != m.Interpreter {
					t.Errorf("%s: interpreter %v, explanation %q", m.Ref, m.Interpreter, m.Explanation)
				}
				if !strings.HasSuffix(m.Explanation, ".") || len(m.Explanation) < len("Weak fit: x.") {
					t.Errorf("%s: explanation %q", m.Ref, m.Explanation)
				}
				c := m.Components
				for name, v := range map[string]float64{"score": m.Score, "text": c.Text, "keywords": c.Keywords, "sector": c.Sector,
					"trl": c.TRL, "cooperation": c.Cooperation, "geo_need": c.GeoNeed, "geo_offer": c.GeoOffer,
					"language": c.Language, "need_side": c.NeedSide, "offer_side": c.OfferSide} {
					if !(v >= 0 && v <= 1) {
						t.Errorf("%s: %s = %v outside [0,1]", m.Ref, name, v)
					}
				}
			}
		})
	}
}

// TestEngine_ExplanationWording: the explanation says what is true of the
// pair: a sector relation only when both sides name sectors, the glossary
// only when a translation made words meet.
func TestEngine_ExplanationWording(t *testing.T) {
	for _, tc := range []struct {
		name        string
		need, offer []string
		want        string // "" for no sector wording at all
	}{
		{"SameSector", []string{"maritime.ports"}, []string{"energy.grid", "maritime.ports"}, "same sector"},
		{"RelatedSector", []string{"maritime.ports"}, []string{"maritime.shipping"}, "related sector"},
		{"OtherSector", []string{"maritime.ports"}, []string{"health.medtech"}, ""},
		{"OfferWithoutSector", []string{"maritime.ports"}, nil, ""},
		{"NeitherHasSectors", nil, nil, ""},
	} {
		t.Run("Sector/"+tc.name, func(t *testing.T) {
			need := with(shoreNeedEN, func(p *data.Profile) { p.Sectors = tc.need })
			o := with(shoreOffer, func(p *data.Profile) { p.Sectors = tc.offer })
			m := mustFind(t, mustMatchNeed(t, newEngine(t, o, weldOffer), need), "o-shore")
			for _, phrase := range []string{"same sector", "related sector"} {
				if strings.Contains(m.Explanation, phrase) != (phrase == tc.want) {
					t.Errorf("sectors %q / %q (component %.2f): explanation %q", tc.need, tc.offer, m.Components.Sector, m.Explanation)
				}
			}
		})
	}
	t.Run("NoGlossaryBetweenEnglishRecords", func(t *testing.T) {
		e := newEngine(t, portOffers()...)
		for _, m := range mustMatchNeed(t, e, shoreNeedEN) {
			if len(m.Translations) > 0 || strings.Contains(m.Explanation, "glossary") {
				t.Errorf("%s: English need, English offer, yet translations %q: %q", m.Ref, m.Translations, m.Explanation)
			}
		}
	})
}

// TestEngine_Abstention: a need no offer covers gets a lower top score than
// a need with a strong fit, and its best is labelled weak, even when it
// shares a word or two with some offer.
func TestEngine_Abstention(t *testing.T) {
	ports := []data.Profile{shoreOffer, ocrOffer, rtgOffer, waterOffer}
	for _, tc := range []struct {
		name   string
		offers []data.Profile
		need   data.Profile
	}{
		// Shares "camera" and "operat…" with the gate OCR offer.
		{"SurgicalRobotsVsPortOffers", ports, with(surgeryNeed, func(p *data.Profile) {
			p.Description = "Our hospital seeks a robotic arm with haptic feedback and a stereo camera for laparoscopic surgery, operating in sterile theatres."
		})},
		// Shares "robot" with the shipyard's welding robots.
		{"SurgicalRobotsVsPortAndShipyardOffers", portOffers(), surgeryNeed},
		{"DairyCheese", portOffers(), needOf("n-cheese", "org-vn-dairy", "en", "Starter cultures for cheese ripening",
			"A dairy wants lactic starter cultures and a ripening room controller for semi-hard cheese.", "cheese", "starter culture")},
		{"VietnameseRiceDryer", portOffers(), needOf("n-rice", "org-vn-rice", "vi", "Máy sấy lúa tiết kiệm năng lượng cho hợp tác xã",
			"Hợp tác xã cần máy sấy lúa dùng trấu, giữ chất lượng hạt gạo sau thu hoạch.", "sấy lúa")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, tc.offers...)
			strong := mustMatchNeed(t, e, shoreNeedEN)
			if len(strong) == 0 || strong[0].Ref != "o-shore" || strong[0].Strength != "strong" {
				t.Fatalf("the shore power need should have a strong fit:\n%s", dump(strong))
			}
			ms := mustMatchNeed(t, e, tc.need)
			if len(ms) == 0 {
				return // nothing even shares a word: abstaining by silence
			}
			if !(ms[0].Score < strong[0].Score) {
				t.Fatalf("top score %.3f not below the strong fit's %.3f:\n%s", ms[0].Score, strong[0].Score, dump(ms))
			}
			if ms[0].Strength != "weak" {
				t.Fatalf("the best offer for an unserved need should be weak; got %q (%q):\n%s", ms[0].Strength, ms[0].Explanation, dump(ms))
			}
		})
	}
}

func TestEngine_LimitAndOrder(t *testing.T) {
	e := newEngine(t, portOffers()...)
	for _, limit := range []int{1, 2, 3, 100} {
		ms, err := e.MatchNeed(context.Background(), shoreNeedVI, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > limit || len(ms) == 0 {
			t.Fatalf("limit %d: %d matches", limit, len(ms))
		}
		for i := 1; i < len(ms); i++ {
			if ms[i-1].Score < ms[i].Score || ms[i-1].Score == ms[i].Score && ms[i-1].Ref > ms[i].Ref {
				t.Fatalf("limit %d: not best first:\n%s", limit, dump(ms))
			}
		}
		if ms[0].Ref != "o-shore" || ms[0].Profile.Ref != "o-shore" {
			t.Fatalf("limit %d: first %s", limit, ms[0].Ref)
		}
	}
}

// TestEngine_KoreanThroughConcepts: a Korean need finds an English and a
// Vietnamese offer that name none of its words, through the concepts the
// glossary gives all three languages, and says which translations did it.
func TestEngine_KoreanThroughConcepts(t *testing.T) {
	viOffer := with(offerOf("o-vi-water", "org-vn-env", "Hệ thống xử lý nước thải cho nhà máy chế biến thủy sản",
		"Bể sinh học hiếu khí và tuyển nổi xử lý nước thải thủy sản đạt quy chuẩn xả thải.", "xử lý nước thải"),
		func(p *data.Profile) { p.Language, p.Country, p.OrgLanguages = "vi", "VN", []string{"vi"} })
	offers := append(portOffers(), viOffer)
	need := with(needOf("n-ko", "org-kr-fish", "ko", "수산물 가공 공장 폐수처리 기술",
		"수산물 가공 공장에서 나오는 폐수처리 설비가 필요합니다.", "폐수처리"),
		func(p *data.Profile) { p.Country = "KR" })
	e := newEngine(t, offers...)
	ms := mustMatchNeed(t, e, need)
	for _, ref := range []string{"o-water", "o-vi-water"} {
		m, rank := find(ms, ref)
		if rank < 0 || rank > 1 {
			t.Errorf("%s ranks %d for the Korean wastewater need, want first or second:\n%s", ref, rank, dump(ms))
			continue
		}
		if !slices.ContainsFunc(m.Translations, func(s string) bool { return strings.HasPrefix(s, "폐수") }) {
			t.Errorf("%s: translations %q should start from the Korean 폐수 term", ref, m.Translations)
		}
	}
}

// TestEngine_KoreanThroughLearnedParts: a Korean need that names no whole
// glossary term ("a device that recognises parts by vision") still finds
// the English machine vision offer, through the parts of Korean terms the
// glossary teaches (비전 vision, 부품 parts, 인식 recognition), particles and
// endings left aside.
func TestEngine_KoreanThroughLearnedParts(t *testing.T) {
	g, err := match.DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	text := "비전으로 부품을 인식하는 장치"
	if ex := g.Expand(text); len(ex) > 0 {
		t.Fatalf("the need names glossary term %q: the test wants one that names none", ex[0].Found.Text)
	}
	vision := offerOf("o-vision", "org-kr-cam", "Machine vision for parts on the assembly line",
		"Industrial cameras and a vision controller recognise and locate parts on the conveyor, so a robot can pick them.",
		"machine vision", "parts recognition")
	need := with(needOf("n-ko-vision", "org-kr-fab", "ko", text, ""), func(p *data.Profile) { p.Country = "KR" })
	e := newEngine(t, append(portOffers(), vision)...)
	ms := mustMatchNeed(t, e, need)
	if _, rank := find(ms, "o-vision"); rank != 0 {
		t.Errorf("the machine vision offer ranks %d for the Korean need, want first:\n%s", rank, dump(ms))
	}
}

// TestEngine_NeedWithoutKeywords: a need that names no keywords does not say
// which of an offer's keywords it wants, so an offer that lists keywords the
// short need leaves unsaid scores as the same offer listing none, and the
// component is reported unknown.
func TestEngine_NeedWithoutKeywords(t *testing.T) {
	bare := offerOf("o-bare", "org-kr-a", "Welding robots for ship hull blocks",
		"Six-axis welding robots with laser seam tracking weld curved hull blocks in the shipyard.")
	listed := offerOf("o-listed", "org-kr-b", bare.Title, bare.Description, "offline programming", "double-bottom panels", "CAD")
	need := needOf("n-weld", "org-vn-yard", "en", "Welding robot for hull blocks", "")
	e := newEngine(t, bare, listed, waterOffer)
	ms := mustMatchNeed(t, e, need)
	b, l := mustFind(t, ms, "o-bare"), mustFind(t, ms, "o-listed")
	if math.Abs(b.Score-l.Score) > 1e-9 {
		t.Errorf("listing keywords changed the score for a need without keywords: %.4f listed vs %.4f bare", l.Score, b.Score)
	}
	if !slices.Contains(l.Components.Unknown, "keywords") || l.Components.Keywords != 0.5 {
		t.Errorf("keywords: %.2f, unknown %q; want neutral and unknown", l.Components.Keywords, l.Components.Unknown)
	}
	// With keywords of its own the need is judged on them again.
	withKW := with(need, func(p *data.Profile) { p.Keywords = []string{"seam tracking"} })
	if m := mustFind(t, mustMatchNeed(t, e, withKW), "o-listed"); slices.Contains(m.Components.Unknown, "keywords") {
		t.Errorf("a need with keywords: keywords unknown (%q)", m.Components.Unknown)
	}
}

// TestEngine_OfferKeywordsTheNeedLeavesUnsaid: the keyword component is the
// share of the need's keywords the offer covers; an offer that also lists
// keywords the need does not mention (its other uses) scores as the same
// offer listing none.
func TestEngine_OfferKeywordsTheNeedLeavesUnsaid(t *testing.T) {
	bare := offerOf("o-bare", "org-kr-a", "Welding robots for ship hull blocks",
		"Six-axis welding robots with laser seam tracking weld curved hull blocks in the shipyard.")
	listed := offerOf("o-listed", "org-kr-b", bare.Title, bare.Description, "offline programming", "double-bottom panels", "CAD")
	need := needOf("n-weld", "org-vn-yard", "en", "Welding robot for hull blocks", "Robots that weld hull blocks.", "seam tracking", "gantry")
	e := newEngine(t, bare, listed, waterOffer)
	ms := mustMatchNeed(t, e, need)
	b, l := mustFind(t, ms, "o-bare"), mustFind(t, ms, "o-listed")
	if l.Components.Keywords != 0.5 || b.Components.Keywords != 0.5 {
		t.Errorf("keywords: listed %.2f, bare %.2f; want 0.5 for both (seam tracking covered, gantry not)", l.Components.Keywords, b.Components.Keywords)
	}
	if math.Abs(b.Score-l.Score) > 1e-9 {
		t.Errorf("the offer's own keywords changed its score: %.4f listed vs %.4f bare", l.Score, b.Score)
	}
}

// TestEngine_KeywordNamingOwnOrganization: a keyword that is the need's own
// organization's name ("natural fibre company" for The Natural Fibre
// Company) says nothing about what it needs: it neither counts in the
// keyword component nor makes an offer on natural fibres look like a fit.
// A keyword that is only part of the name is a topic and counts.
func TestEngine_KeywordNamingOwnOrganization(t *testing.T) {
	fibre := offerOf("o-fibre", "org-kr-comp", "Natural fibre composites for car door panels",
		"Flax and hemp fibre reinforced composites replace glass fibre in interior car panels.")
	dryer := offerOf("o-dryer", "org-kr-heat", "Heat pump dryer for textile production",
		"A closed-loop heat pump dryer dries yarn and fabric with half the energy of a gas-fired dryer.")
	need := with(needOf("n-dry", "org-uk-fibre", "en", "Alternative drying processes for textile production",
		"We need a more energy efficient drying solution for our wool and yarn.", "natural fibre company", "drying"),
		func(p *data.Profile) { p.OrgName = "The Natural Fibre Company" })
	e := newEngine(t, fibre, dryer, waterOffer)
	ms := mustMatchNeed(t, e, need)
	if _, rank := find(ms, "o-dryer"); rank != 0 {
		t.Errorf("the dryer ranks %d, want first:\n%s", rank, dump(ms))
	}
	if m, _ := find(ms, "o-fibre"); m.Components.Keywords != 0 || slices.Contains(m.MatchedTerms, "natural fibre company") {
		t.Errorf("fibre offer: keywords %.2f, matched %q; want the organization's name to count for nothing", m.Components.Keywords, m.MatchedTerms)
	}
	// The same keyword from another organization is a topic.
	other := with(need, func(p *data.Profile) { p.OrgName = "Wool Mills Ltd" })
	if m, _ := find(mustMatchNeed(t, e, other), "o-fibre"); m.Components.Keywords == 0 {
		t.Errorf("from another organization the keyword should count: keywords %.2f", m.Components.Keywords)
	}
}
