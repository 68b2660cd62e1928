package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// matchesPage is the answer of GET /needs/{id}/matches and /offers/{id}/matches.
type matchesPage struct {
	Items []struct {
		Record struct {
			ID     uint64 `json:"id"`
			OrgID  uint64 `json:"org_id"`
			Title  string `json:"title"`
			Status string `json:"status"`
		} `json:"record"`
		Ref        string  `json:"ref"`
		Score      float64 `json:"score"`
		Strength   string  `json:"strength"`
		Components *struct {
			Text      float64 `json:"text"`
			NeedSide  float64 `json:"need_side"`
			OfferSide float64 `json:"offer_side"`
		} `json:"components"`
		MatchedTerms []string `json:"matched_terms"`
		Translations []string `json:"translations"`
		Interpreter  bool     `json:"interpreter_needed"`
		Explanation  string   `json:"explanation"`
	} `json:"items"`
	Abstain *bool `json:"abstain"`
}

func (p matchesPage) ids() []uint64 {
	out := make([]uint64, len(p.Items))
	for i, it := range p.Items {
		out[i] = it.Record.ID
	}
	return out
}

func (p matchesPage) has(id uint64) bool {
	for _, it := range p.Items {
		if it.Record.ID == id {
			return true
		}
	}
	return false
}

func (ts *testServer) matches(tb testing.TB, path string) matchesPage {
	tb.Helper()
	r := ts.do(tb, "GET", path, "", nil)
	if r.Status != 200 {
		tb.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var p matchesPage
	r.JSON(tb, &p)
	if p.Abstain == nil || p.Items == nil {
		tb.Fatalf("GET %s: no abstain or items: %s", path, r.Body)
	}
	return p
}

func (ts *testServer) postNeed(tb testing.TB, token string, body map[string]any) data.Need {
	tb.Helper()
	r := ts.do(tb, "POST", "/api/v1/needs", token, body)
	if r.Status != 201 {
		tb.Fatalf("post need: %d %s", r.Status, r.Body)
	}
	var n data.Need
	r.JSON(tb, &n)
	return n
}

func TestAPI_Matches(t *testing.T) {
	ts := mustStart(t)
	r := ts.do(t, "POST", "/api/v1/organizations", "", map[string]any{"name": "Cảng Container Lạch Huyện", "kind": "enterprise", "country": "VN", "languages": []string{"vi"}})
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	var port registered
	r.JSON(t, &port)
	partner := ts.register(t, "Busan Shore Systems", "KR", "partner")

	shoreText := map[string]any{
		"title":       "Shore power for container ships at berth",
		"description": "A medium-voltage shore power connection with a frequency converter and a cable reel lets container vessels switch off their diesel auxiliary engines while moored.",
		"keywords":    []string{"shore power", "frequency converter"},
		"language":    "en", "trl": 8, "cooperation": []string{"license", "technical_cooperation"}, "markets": []string{"VN", "KR"},
	}
	shore := ts.postOffer(t, partner.Token, shoreText)
	ts.postOffer(t, partner.Token, map[string]any{
		"title":       "Container number OCR for terminal gates",
		"description": "Cameras at the gate lanes read container codes and truck plates with deep-learning OCR in under a second.",
		"keywords":    []string{"OCR", "gate automation"}, "language": "en",
	})
	water := ts.postOffer(t, partner.Token, map[string]any{
		"title":       "Membrane bioreactor for textile dyeing wastewater",
		"description": "A compact membrane bioreactor removes colour, COD and nitrogen from dyeing-house wastewater before discharge.",
		"keywords":    []string{"wastewater treatment", "membrane bioreactor"}, "language": "en",
	})
	// The same shore power text as a draft, and as the port's own offer.
	draftBody := map[string]any{"status": "draft"}
	for k, v := range shoreText {
		draftBody[k] = v
	}
	draft := ts.postOffer(t, partner.Token, draftBody)
	if draft.Status != data.StatusDraft {
		t.Fatalf("draft posted as %q", draft.Status)
	}
	own := ts.postOffer(t, port.Token, shoreText)

	need := ts.postNeed(t, port.Token, map[string]any{
		"title":       "Cần hệ thống cấp điện bờ cho tàu container tại cảng",
		"description": "Cảng muốn giảm khí thải và tiếng ồn khi tàu container neo đậu tại bến bằng cách cấp điện bờ cho tàu.",
		"keywords":    []string{"điện bờ"}, "language": "vi", "min_trl": 6, "cooperation": []string{"license"},
	})
	unserved := ts.postNeed(t, port.Token, map[string]any{
		"title":       "Surgical robots for keyhole operations",
		"description": "Our hospital seeks a robotic arm with haptic feedback and a stereo camera for laparoscopic surgery.",
		"keywords":    []string{"surgical robot"}, "language": "en",
	})
	needPath := fmt.Sprintf("/api/v1/needs/%d/matches", need.ID)

	t.Run("NeedFindsFittingOfferFirst", func(t *testing.T) {
		p := ts.matches(t, needPath)
		if len(p.Items) == 0 || p.Items[0].Record.ID != shore.ID {
			t.Fatalf("want offer %d first, got %v", shore.ID, p.ids())
		}
		top := p.Items[0]
		if top.Ref != data.RecordRef(data.KindOffer, shore.ID) || top.Record.Title != "Shore power for container ships at berth" ||
			top.Record.OrgID != partner.Organization.ID {
			t.Fatalf("record of the top match: ref %q %+v", top.Ref, top.Record)
		}
		if !(top.Score > 0 && top.Score <= 1) || top.Components == nil || top.Components.Text <= 0 ||
			top.Components.NeedSide <= 0 || top.Components.OfferSide <= 0 {
			t.Fatalf("score %v, components %+v", top.Score, top.Components)
		}
		if top.Explanation == "" || top.Strength == "" || len(top.MatchedTerms) == 0 || len(top.Translations) == 0 {
			t.Fatalf("reasons: strength %q, terms %q, translations %q, explanation %q", top.Strength, top.MatchedTerms, top.Translations, top.Explanation)
		}
		if !top.Interpreter || !strings.Contains(top.Explanation, "interpreter") {
			t.Fatalf("a Vietnamese-only port and an English-only partner need an interpreter: %v %q", top.Interpreter, top.Explanation)
		}
		if *p.Abstain {
			t.Fatalf("abstains with a %s fit: %q", top.Strength, top.Explanation)
		}
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i].Score > p.Items[i-1].Score {
				t.Fatalf("not best first: %v", p.ids())
			}
		}
	})
	t.Run("OwnOfferNeverMatches", func(t *testing.T) {
		if p := ts.matches(t, needPath); p.has(own.ID) {
			t.Fatalf("the port's own offer %d among its need's matches: %v", own.ID, p.ids())
		}
		if p := ts.matches(t, fmt.Sprintf("/api/v1/offers/%d/matches", own.ID)); p.has(need.ID) || p.has(unserved.ID) {
			t.Fatalf("the port's own needs among its offer's matches: %v", p.ids())
		}
	})
	t.Run("DraftNeverMatches", func(t *testing.T) {
		if p := ts.matches(t, needPath+"?limit=50"); p.has(draft.ID) {
			t.Fatalf("draft offer %d among the matches: %v", draft.ID, p.ids())
		}
	})
	t.Run("OfferFindsNeed", func(t *testing.T) {
		p := ts.matches(t, fmt.Sprintf("/api/v1/offers/%d/matches", shore.ID))
		if len(p.Items) == 0 || p.Items[0].Record.ID != need.ID || p.Items[0].Ref != data.RecordRef(data.KindNeed, need.ID) {
			t.Fatalf("want need %d first, got %v", need.ID, p.ids())
		}
		if p.Items[0].Explanation == "" || p.Items[0].Components == nil {
			t.Fatalf("reasons missing: %+v", p.Items[0])
		}
	})
	t.Run("Limit", func(t *testing.T) {
		if p := ts.matches(t, needPath+"?limit=1"); len(p.Items) != 1 || p.Items[0].Record.ID != shore.ID {
			t.Fatalf("limit=1: %v", p.ids())
		}
		for _, q := range []string{"0", "1000", "-1", "ten"} {
			for _, path := range []string{needPath, fmt.Sprintf("/api/v1/offers/%d/matches", shore.ID)} {
				r := ts.do(t, "GET", path+"?limit="+q, "", nil)
				if r.Status != 400 || fieldNames(r.problem(t)) != "limit" {
					t.Fatalf("%s?limit=%s: %d %s", path, q, r.Status, r.Body)
				}
			}
		}
	})
	t.Run("Missing", func(t *testing.T) {
		for _, path := range []string{"/api/v1/needs/999999/matches", "/api/v1/offers/999999/matches"} {
			r := ts.do(t, "GET", path, "", nil)
			if r.Status != 404 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
			r.problem(t)
		}
		// An offer's id is not a need's.
		if r := ts.do(t, "GET", fmt.Sprintf("/api/v1/needs/%d/matches", water.ID+1000), "", nil); r.Status != 404 {
			t.Fatalf("unknown need: %d", r.Status)
		}
		if r := ts.do(t, "GET", "/api/v1/needs/abc/matches", "", nil); r.Status != 400 {
			t.Fatalf("non-numeric id: %d %s", r.Status, r.Body)
		}
	})
	t.Run("AbstainWhenNothingFits", func(t *testing.T) {
		p := ts.matches(t, fmt.Sprintf("/api/v1/needs/%d/matches", unserved.ID))
		if !*p.Abstain {
			t.Fatalf("abstain false for a need nothing fits: %+v", p.Items)
		}
		if len(p.Items) > 0 && p.Items[0].Strength != "weak" {
			t.Fatalf("abstains although the best is %s: %q", p.Items[0].Strength, p.Items[0].Explanation)
		}
		t.Logf("%d weak matches shown for completeness", len(p.Items))
		for _, it := range p.Items {
			if it.Record.ID == own.ID {
				t.Fatalf("own offer among the matches: %v", p.ids())
			}
		}
	})
}
