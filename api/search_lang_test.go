package api_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/demo"
)

// loadDemo fills the test server's store with the built-in demo records
// and makes them searchable.
func (ts *testServer) loadDemo(tb testing.TB) {
	tb.Helper()
	ds, err := demo.Load()
	if err != nil {
		tb.Fatal(err)
	}
	orgs := map[string]data.OrganizationFields{}
	for _, o := range ds.Orgs {
		if _, err := ts.Store.CreateOrganization(o.OrganizationFields, nil); err != nil {
			tb.Fatal(err)
		}
		orgs[o.Key] = o.OrganizationFields
	}
	var items []data.ImportItem
	for i := range ds.Offers {
		items = append(items, data.ImportItem{Org: orgs[ds.Offers[i].Org], Offer: &ds.Offers[i].OfferFields})
	}
	for i := range ds.Needs {
		items = append(items, data.ImportItem{Org: orgs[ds.Needs[i].Org], Need: &ds.Needs[i].NeedFields})
	}
	if _, err := ts.Store.Import(tb.Context(), items); err != nil {
		tb.Fatal(err)
	}
	if err := ts.Index.Sync(); err != nil {
		tb.Fatal(err)
	}
}

type langPage struct {
	Items []struct {
		Record struct {
			ID       uint64 `json:"id"`
			Title    string `json:"title"`
			Language string `json:"language"`
		} `json:"record"`
		Score        float64  `json:"score"`
		Translations []string `json:"translations"`
	} `json:"items"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor"`
}

func (ts *testServer) searchPage(tb testing.TB, path string) langPage {
	tb.Helper()
	r := ts.do(tb, "GET", path, "", nil)
	if r.Status != 200 {
		tb.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var p langPage
	if err := json.Unmarshal(r.Body, &p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestAPI_SearchAcrossLanguages: tried as a foreign partner would, English
// searches of the demo needs find the Vietnamese needs about waste water
// and about shore power, below the records the English words find, each
// saying which translation found it.
func TestAPI_SearchAcrossLanguages(t *testing.T) {
	ts := mustStart(t)
	ts.loadDemo(t)
	for _, tc := range []struct {
		q      string
		titles []string // Vietnamese demo needs that must be found (title phrases)
		trans  string   // a translation the hit must name
	}{
		{"wastewater treatment", []string{"xử lý nước thải chế biến tôm", "Tái sử dụng nước thải"}, "nước thải"},
		{"shore power", []string{"cấp điện từ bờ cho tàu container"}, "điện bờ"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			p := ts.searchPage(t, "/api/v1/needs?limit=100&q="+url.QueryEscape(tc.q))
			for _, want := range tc.titles {
				i := slices.IndexFunc(p.Items, func(it struct {
					Record struct {
						ID       uint64 `json:"id"`
						Title    string `json:"title"`
						Language string `json:"language"`
					} `json:"record"`
					Score        float64  `json:"score"`
					Translations []string `json:"translations"`
				}) bool {
					return strings.Contains(it.Record.Title, want)
				})
				if i < 0 {
					t.Errorf("q=%s does not find the Vietnamese need %q (%d hits)", tc.q, want, len(p.Items))
					continue
				}
				it := p.Items[i]
				if it.Record.Language != "vi" || !slices.ContainsFunc(it.Translations, func(s string) bool { return strings.Contains(s, tc.trans) }) {
					t.Errorf("q=%s: %q (%s) translations %q, want one into %q", tc.q, it.Record.Title, it.Record.Language, it.Translations, tc.trans)
				}
			}
			// Hits the query's own words find come first: once a hit was
			// found by a translation, every later one was too.
			translated := false
			for _, it := range p.Items {
				if len(it.Translations) > 0 {
					translated = true
				} else if translated {
					t.Errorf("q=%s: %q, found by the words, ranks below a hit found by a translation", tc.q, it.Record.Title)
				}
			}
			if p.Total != len(p.Items) {
				t.Errorf("total %d, %d items", p.Total, len(p.Items))
			}
		})
	}
	t.Run("PagingAcrossTiers", func(t *testing.T) {
		all := ts.searchPage(t, "/api/v1/needs?limit=100&q=wastewater+treatment")
		var seen []uint64
		cursor := ""
		for range 50 {
			p := ts.searchPage(t, "/api/v1/needs?limit=2&q=wastewater+treatment&cursor="+cursor)
			for _, it := range p.Items {
				seen = append(seen, it.Record.ID)
			}
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		var want []uint64
		for _, it := range all.Items {
			want = append(want, it.Record.ID)
		}
		if !slices.Equal(seen, want) {
			t.Errorf("paging by 2 gives %v, one page gives %v", seen, want)
		}
	})
}

// TestAPI_DemoStrengthRestsOnWords: tried as an enterprise would on the
// demo data, a crane-operator training simulator is weak for the
// shore-power need and a shrimp-pond probiotic weak for the
// seafood-wastewater need, though each shares syllables with it; the
// offers that really fit stay strong.
func TestAPI_DemoStrengthRestsOnWords(t *testing.T) {
	dir := t.TempDir()
	ts := mustStartIn(t, dir)
	ts.loadDemo(t)
	ts.Close()
	ts = mustStartIn(t, dir) // the learner counts the demo records at start
	ts.waitLearned(t)
	idOf := func(kind, title string) uint64 {
		t.Helper()
		p := ts.searchPage(t, "/api/v1/"+kind+"?limit=100&q="+url.QueryEscape(title))
		for _, it := range p.Items {
			if strings.Contains(it.Record.Title, title) {
				return it.Record.ID
			}
		}
		t.Fatalf("no demo %s titled like %q", kind, title)
		return 0
	}
	for _, tc := range []struct {
		need, weak, strong string
	}{
		{"cấp điện từ bờ cho tàu container", "mô phỏng huấn luyện lái cẩu", "High-voltage shore connection"},
		{"xử lý nước thải chế biến tôm", "Chế phẩm vi sinh bản địa", "Anaerobic treatment with biogas recovery"},
	} {
		need := idOf("needs", tc.need)
		weak, strong := idOf("offers", tc.weak), idOf("offers", tc.strong)
		p := ts.matches(t, "/api/v1/needs/"+strconv.FormatUint(need, 10)+"/matches?limit=50")
		got := map[uint64]string{}
		for _, it := range p.Items {
			got[it.Record.ID] = it.Strength
		}
		// Absent from the first 50 is fine too: it is not proposed.
		if s, ok := got[weak]; ok && s != "weak" {
			t.Errorf("%q for %q: %s, want weak", tc.weak, tc.need, s)
		} else {
			t.Logf("%q for %q: %q (among the first 50: %v)", tc.weak, tc.need, s, ok)
		}
		if got[strong] != "strong" {
			t.Errorf("%q for %q: %q, want strong", tc.strong, tc.need, got[strong])
		}
	}
}
