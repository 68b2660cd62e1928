package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/api"
)

func TestStrict_RefusedInput(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true})
	reg := ts.register(t, "Strict Partner", "KR", "partner")
	offer := ts.postOffer(t, reg.Token, map[string]any{"title": "Hydrogen fuel cell stack", "description": "First line.\nSecond line,\tindented."})
	need := ts.postNeed(t, reg.Token, map[string]any{"title": "Fuel cell for harbour tugs"})
	offerPath := fmt.Sprintf("/api/v1/offers/%d", offer.ID)
	needPath := fmt.Sprintf("/api/v1/needs/%d", need.ID)

	for _, tc := range []struct {
		name, method, path, body, field string
	}{
		{"DuplicateKey", "POST", "/api/v1/offers", `{"title":"First title wins?","title":"Second title"}`, "title"},
		{"DuplicateNestedKey", "POST", "/api/v1/needs", `{"title":"Tug fuel cells","budget":{"currency":"USD","currency":"EUR"}}`, "budget.currency"},
		{"NUL", "POST", "/api/v1/offers", `{"title":"Fuel\u0000cell"}`, "title"},
		{"ANSIEscape", "POST", "/api/v1/offers", `{"title":"Fuel \u001b[31mcell\u001b[0m stack"}`, "title"},
		{"ANSIInKeyword", "POST", "/api/v1/offers", `{"title":"Fuel cell stack","keywords":["ok","bad\u001b[2J"]}`, "keywords[1]"},
		{"NewlineInTitle", "POST", "/api/v1/offers", `{"title":"Fuel cell\nstack"}`, "title"},
		{"C1Control", "POST", "/api/v1/offers", `{"title":"Fuel cell \u009b stack"}`, "title"},
		{"NULInDescription", "POST", "/api/v1/offers", `{"title":"Fuel cell stack","description":"ok\u0000"}`, "description"},
		{"NULInOrgName", "POST", "/api/v1/organizations", `{"name":"Evil\u0000Corp","kind":"partner","country":"KR"}`, "name"},
		{"HugeBudget", "POST", "/api/v1/needs", `{"title":"Tug fuel cells","budget":{"max":1e308,"currency":"USD"}}`, "budget.max"},
		{"NullTitle", "PATCH", offerPath, `{"title":null}`, "title"},
		{"NullTRL", "PATCH", offerPath, `{"trl":null}`, "trl"},
		{"NullNeedTitle", "PATCH", needPath, `{"title":null}`, "title"},
		{"DuplicateOnPatch", "PATCH", offerPath, `{"trl":3,"trl":9}`, "trl"},
		{"CaseFoldedName", "PATCH", offerPath, `{"TRL":9}`, "TRL"},
		{"CaseFoldedDuplicate", "POST", "/api/v1/offers", `{"title":"Fuel cell stack","Title":"Other"}`, "Title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.send(t, tc.method, tc.path, map[string]string{"Authorization": "Bearer " + reg.Token}, tc.body)
			if r.Status != 400 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			if p := r.problem(t); !strings.Contains(" "+fieldNames(p)+" ", " "+tc.field+" ") {
				t.Fatalf("errors name %q, want %s: %s", fieldNames(p), tc.field, r.Body)
			}
		})
	}
	t.Run("NothingChanged", func(t *testing.T) {
		r := ts.do(t, "GET", offerPath, "", nil)
		if !strings.Contains(string(r.Body), `"title":"Hydrogen fuel cell stack"`) || strings.Contains(string(r.Body), `"trl":9`) {
			t.Fatalf("a refused PATCH changed the offer: %s", r.Body)
		}
	})
	t.Run("AllowedText", func(t *testing.T) {
		r := ts.do(t, "PATCH", offerPath, reg.Token, map[string]any{"description": "Line one\r\nLine two\twith a tab", "title": "Hydrogen fuel cell stack, 50 kW"})
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		// null clears an optional value.
		r = ts.send(t, "PATCH", needPath, map[string]string{"Authorization": "Bearer " + reg.Token}, `{"budget":{"max":2e9,"currency":"VND"}}`)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = ts.send(t, "PATCH", needPath, map[string]string{"Authorization": "Bearer " + reg.Token}, `{"budget":null}`)
		if r.Status != 200 || strings.Contains(string(r.Body), "budget") {
			t.Fatalf("budget not cleared: %d %s", r.Status, r.Body)
		}
	})
}

func TestStrict_OrgIDOfAnotherOrganization(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true})
	a := ts.register(t, "Poster A", "KR", "partner")
	b := ts.register(t, "Victim B", "VN", "enterprise")
	for _, kind := range []string{"offers", "needs"} {
		r := ts.do(t, "POST", fmt.Sprintf("/api/v1/%s?org_id=%d", kind, b.Organization.ID), a.Token, map[string]any{"title": "Filed under someone else"})
		if r.Status != 403 {
			t.Fatalf("%s with another org_id: %d %s", kind, r.Status, r.Body)
		}
		r.problem(t)
		// Naming its own organization is fine.
		r = ts.do(t, "POST", fmt.Sprintf("/api/v1/%s?org_id=%d", kind, a.Organization.ID), a.Token, map[string]any{"title": "Filed under itself"})
		if r.Status != 201 {
			t.Fatalf("%s with its own org_id: %d %s", kind, r.Status, r.Body)
		}
	}
	r := ts.do(t, "GET", fmt.Sprintf("/api/v1/organizations/%d/offers", b.Organization.ID), b.Token, nil)
	if strings.Contains(string(r.Body), "someone else") {
		t.Fatalf("a record was filed under B: %s", r.Body)
	}
}

// Another organization's draft is 404 on every method, so a guessed id
// tells nothing; the owner and the organizer still reach it.
func TestStrict_OthersDraftIsNotFound(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true})
	owner := ts.register(t, "Draft Owner", "KR", "partner")
	other := ts.register(t, "Curious Other", "VN", "enterprise")
	draft := ts.postOffer(t, owner.Token, map[string]any{"title": "Unannounced sonar", "status": "draft"})
	path := fmt.Sprintf("/api/v1/offers/%d", draft.ID)
	missing := fmt.Sprintf("/api/v1/offers/%d", draft.ID+1000)
	for _, m := range []string{"GET", "PATCH", "DELETE"} {
		var body any
		if m == "PATCH" {
			body = map[string]any{"title": "Hijacked"}
		}
		got := ts.do(t, m, path, other.Token, body)
		none := ts.do(t, m, missing, other.Token, body)
		if got.Status != 404 || none.Status != 404 {
			t.Fatalf("%s another's draft: %d, a missing record: %d", m, got.Status, none.Status)
		}
		if gp, np := got.problem(t), none.problem(t); strings.ReplaceAll(gp.Detail, fmt.Sprint(draft.ID), "N") != strings.ReplaceAll(np.Detail, fmt.Sprint(draft.ID+1000), "N") {
			t.Fatalf("the answers differ: %q vs %q", gp.Detail, np.Detail)
		}
		if m == "GET" {
			if r := ts.do(t, m, path, "", nil); r.Status != 404 {
				t.Fatalf("anonymous GET: %d", r.Status)
			}
		}
	}
	if r := ts.do(t, "PATCH", path, owner.Token, map[string]any{"title": "Unannounced sonar array"}); r.Status != 200 {
		t.Fatalf("owner PATCH: %d %s", r.Status, r.Body)
	}
	if r := ts.do(t, "PATCH", path, adminToken, map[string]any{"status": "published"}); r.Status != 200 {
		t.Fatalf("organizer PATCH: %d %s", r.Status, r.Body)
	}
	// Published now: another organization sees it, and is refused with 403.
	if r := ts.do(t, "DELETE", path, other.Token, nil); r.Status != 403 {
		t.Fatalf("DELETE of another's published offer: %d", r.Status)
	}
}
