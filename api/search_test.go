package api_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestAPI_Search(t *testing.T) {
	ts := mustStart(t)
	kr := ts.register(t, "Busan Smart Port Co", "KR", "partner")
	fr := ts.register(t, "Quai Énergie SAS", "FR", "partner")
	ts.postOffer(t, kr.Token, map[string]any{"title": "Shore power converter for container berths", "sectors": []string{"energy.grid"}, "trl": 8, "cooperation": []string{"license"}, "language": "en"})
	ts.postOffer(t, fr.Token, map[string]any{"title": "Shore power cable management system", "sectors": []string{"maritime.ports"}, "trl": 6, "language": "en"})
	ts.postOffer(t, fr.Token, map[string]any{"title": "Hệ thống cấp điện bờ cho cảng biển", "sectors": []string{"maritime.ports"}, "trl": 7, "language": "vi"})
	ts.postOffer(t, fr.Token, map[string]any{"title": "Draft shore power idea", "status": "draft"})

	type page struct {
		Items []struct {
			Record   map[string]any      `json:"record"`
			Score    float64             `json:"score"`
			Snippets map[string][]string `json:"snippets"`
		} `json:"items"`
		Total  int `json:"total"`
		Facets map[string][]struct {
			Value string
			Count int
		} `json:"facets"`
		NextCursor string `json:"next_cursor"`
	}
	get := func(t *testing.T, query string) (int, page, response) {
		r := ts.do(t, "GET", "/api/v1/offers?"+query, "", nil)
		var p page
		if r.Status == 200 {
			json.Unmarshal(r.Body, &p)
		}
		return r.Status, p, r
	}
	t.Run("FiltersFacetsSnippets", func(t *testing.T) {
		// The Vietnamese shore-power offer is found too, through the
		// glossary, after the two the English words find.
		status, p, r := get(t, "q=shore+power&country=kr,FR&trl_min=6")
		if status != 200 || p.Total != 3 || p.Items[2].Record["language"] != "vi" {
			t.Fatalf("%d %s", status, r.Body)
		}
		if len(p.Items[0].Snippets) == 0 || !strings.Contains(strings.Join(p.Items[0].Snippets["title"], ""), "<mark>") {
			t.Errorf("no snippet: %s", r.Body)
		}
		countries := map[string]int{}
		for _, f := range p.Facets["country"] {
			countries[f.Value] = f.Count
		}
		if countries["KR"] != 1 || countries["FR"] != 2 {
			t.Errorf("country facet %v", countries)
		}
		if _, p, _ := get(t, "sector=maritime"); p.Total != 2 {
			t.Errorf("parent sector: %d", p.Total)
		}
		if _, p, _ := get(t, "q=cap+dien+bo"); p.Total != 3 || p.Items[0].Record["language"] != "vi" {
			t.Errorf("unaccented Vietnamese: %d, the Vietnamese offer first, then the English ones through the glossary", p.Total)
		}
		if _, p, _ := get(t, "q=draft+idea"); p.Total != 0 {
			t.Errorf("draft returned: %d", p.Total)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		_, p1, _ := get(t, "q=shore+power&limit=1")
		if p1.NextCursor == "" || len(p1.Items) != 1 {
			t.Fatalf("page 1: %+v", p1)
		}
		_, p2, _ := get(t, "q=shore+power&limit=1&cursor="+p1.NextCursor)
		if len(p2.Items) != 1 || p2.Items[0].Record["id"] == p1.Items[0].Record["id"] {
			t.Fatalf("page 2 repeats page 1")
		}
	})
	t.Run("HostileQueriesNever500", func(t *testing.T) {
		for _, q := range []string{`title:secret`, `+shore -power`, `"unbalanced`, `shore*`, `AND OR NOT`, `(`, `\`, `!!!`, `the of and`, `và của các`, strings.Repeat("power ", 150)} {
			status, _, r := get(t, "q="+url.QueryEscape(q))
			if status != 200 {
				t.Errorf("%q: %d %s", q, status, r.Body)
			}
		}
		for q, field := range map[string]string{
			"q=" + strings.Repeat("x", 10_000): "q",
			"q=%FF%FE":                         "q",
			"trl_min=ten":                      "trl_min",
			"trl_min=12":                       "trl_min",
			"trl_min=8&trl_max=3":              "trl_max",
			"sector=space":                     "sector",
			"country=Korea":                    "country",
			"cooperation=marriage":             "cooperation",
			"sort=random":                      "sort",
			"limit=1000":                       "limit",
			"cursor=%21%21":                    "cursor",
		} {
			status, _, r := get(t, q)
			if status != 400 {
				t.Errorf("%.40s: %d", q, status)
				continue
			}
			if p := r.problem(t); !strings.Contains(fieldNames(p), field) {
				t.Errorf("%.40s: fields %q, want %s", q, fieldNames(p), field)
			}
		}
	})
}
