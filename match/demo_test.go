package match_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/demo"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// demoProfiles are the demo offers and needs as matching reads them; refs
// are "offer/N" and "need/N", N the record's line in its file.
func demoProfiles(tb testing.TB) (offers, needs []data.Profile) {
	tb.Helper()
	ds, err := demo.Load()
	if err != nil {
		tb.Fatal(err)
	}
	orgs := map[string]data.OrganizationFields{}
	for _, o := range ds.Orgs {
		orgs[o.Key] = o.OrganizationFields
	}
	profile := func(kind string, n int, orgKey string, l data.Listing) data.Profile {
		org := orgs[orgKey]
		return data.Profile{Ref: kind + "/" + strconv.Itoa(n), Kind: kind, OrgRef: orgKey, OrgName: org.Name,
			Country: org.Country, OrgKind: org.Kind, OrgLanguages: org.Languages, Listing: l}
	}
	for i, o := range ds.Offers {
		p := profile(data.KindOffer, i+1, o.Org, o.Listing)
		p.TRL = o.TRL
		offers = append(offers, p)
	}
	for i, n := range ds.Needs {
		p := profile(data.KindNeed, i+1, n.Org, n.Listing)
		p.MinTRL, p.Preferred = n.MinTRL, n.PreferredCountries
		needs = append(needs, p)
	}
	return offers, needs
}

// demoEngine is the offline engine over the demo offers.
func demoEngine(tb testing.TB) (*match.Engine, []data.Profile, []data.Profile) {
	tb.Helper()
	offers, needs := demoProfiles(tb)
	mem, err := search.NewMemory(offers)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { mem.Close() })
	e, err := match.NewOfflineEngine(context.Background(), offers, mem)
	if err != nil {
		tb.Fatal(err)
	}
	return e, offers, needs
}

// demoRecord finds a demo profile by a phrase of its title.
func demoRecord(tb testing.TB, ps []data.Profile, title string) data.Profile {
	tb.Helper()
	for _, p := range ps {
		if strings.Contains(p.Title, title) {
			return p
		}
	}
	tb.Fatalf("no demo record titled like %q", title)
	return data.Profile{}
}

// TestDemo_SyllablesAreNotEvidence: tried as an enterprise would, a
// crane-operator training simulator shares only syllables (cầu, cảng, bờ,
// điện) with a shore-power need, and a shrimp-pond probiotic only common
// words with a seafood-wastewater need: both are weak, while the offers
// that really fit those needs stay strong.
func TestDemo_SyllablesAreNotEvidence(t *testing.T) {
	e, offers, needs := demoEngine(t)
	shorePower := demoRecord(t, needs, "cấp điện từ bờ cho tàu container")
	wastewater := demoRecord(t, needs, "xử lý nước thải chế biến tôm")
	for _, tc := range []struct {
		need         data.Profile
		weak, strong string // offer titles
	}{
		{shorePower, "mô phỏng huấn luyện lái cẩu", "High-voltage shore connection"},
		{wastewater, "Chế phẩm vi sinh bản địa cải tạo đáy ao nuôi tôm", "Anaerobic treatment with biogas recovery"},
	} {
		ms := mustMatchNeed(t, e, tc.need)
		weak := mustFind(t, ms, demoRecord(t, offers, tc.weak).Ref)
		if weak.Strength != "weak" {
			t.Errorf("%q for %q: %s (score %.2f, shares %q), want weak", tc.weak, tc.need.Title, weak.Strength, weak.Score, weak.MatchedTerms)
		}
		strong := mustFind(t, ms, demoRecord(t, offers, tc.strong).Ref)
		if strong.Strength != "strong" {
			t.Errorf("%q for %q: %s (score %.2f), want strong", tc.strong, tc.need.Title, strong.Strength, strong.Score)
		}
		for _, term := range weak.MatchedTerms {
			if !strings.Contains(term, " ") && !isLoanword(term) {
				t.Errorf("%q for %q names the lone syllable %q as shared", tc.weak, tc.need.Title, term)
			}
		}
	}
}

// isLoanword: a word of Latin letters only ("container"), not a syllable
// with marks.
func isLoanword(w string) bool {
	for _, r := range w {
		if r > 0x7f {
			return false
		}
	}
	return len(w) > 3
}
