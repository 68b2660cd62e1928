package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

const adminToken = "organizer-secret"

// testServer is a real server on 127.0.0.1:0 over a real store and index.
type testServer struct {
	URL   string
	Store *bolt.Store
	Index *search.Index
	srv   *api.Server
	dir   string
	// storeClosed is set by a test that closes the store under the server.
	storeClosed bool
}

func mustStart(tb testing.TB) *testServer {
	tb.Helper()
	return mustStartIn(tb, tb.TempDir())
}

func mustStartIn(tb testing.TB, dir string) *testServer {
	tb.Helper()
	return mustStartWith(tb, dir, api.Config{AdminToken: adminToken})
}

func (ts *testServer) Close() {
	if ts.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ts.srv.Shutdown(ctx)
	ts.Index.Close()
	if !ts.storeClosed {
		if err := ts.Store.Check(); err != nil {
			panic(err)
		}
		ts.Store.Close()
	}
	ts.srv = nil
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem decodes a problem document and checks its content type.
func (r response) problem(tb testing.TB) api.Problem {
	tb.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		tb.Fatalf("content type %q for %d %s", ct, r.Status, r.Body)
	}
	var p api.Problem
	r.JSON(tb, &p)
	if p.Status != r.Status || p.Title == "" {
		tb.Fatalf("problem %+v for status %d", p, r.Status)
	}
	return p
}

func (ts *testServer) do(tb testing.TB, method, path, token string, body any) response {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

type registered struct {
	Organization data.Organization `json:"organization"`
	Token        string            `json:"token"`
}

func (ts *testServer) register(tb testing.TB, name, country, kind string) registered {
	tb.Helper()
	r := ts.do(tb, "POST", "/api/v1/organizations", "", map[string]any{"name": name, "kind": kind, "country": country, "languages": []string{"en"}})
	if r.Status != 201 {
		tb.Fatalf("register %s: %d %s", name, r.Status, r.Body)
	}
	var reg registered
	r.JSON(tb, &reg)
	return reg
}

func (ts *testServer) postOffer(tb testing.TB, token string, body map[string]any) data.Offer {
	tb.Helper()
	r := ts.do(tb, "POST", "/api/v1/offers", token, body)
	if r.Status != 201 {
		tb.Fatalf("post offer: %d %s", r.Status, r.Body)
	}
	var o data.Offer
	r.JSON(tb, &o)
	return o
}

func fieldNames(p api.Problem) string {
	var names []string
	for _, e := range p.Errors {
		names = append(names, e.Field)
	}
	return strings.Join(names, " ")
}

func TestAPI_OrganizationRoutes(t *testing.T) {
	ts := mustStart(t)
	reg := ts.register(t, "Cảng Hải Âu Xanh", "VN", "enterprise")
	if reg.Token == "" || reg.Organization.ID == 0 {
		t.Fatalf("registration: %+v", reg)
	}
	path := fmt.Sprintf("/api/v1/organizations/%d", reg.Organization.ID)

	t.Run("Get", func(t *testing.T) {
		r := ts.do(t, "GET", path, "", nil)
		var org data.Organization
		r.JSON(t, &org)
		if r.Status != 200 || org.Name != "Cảng Hải Âu Xanh" || strings.Contains(string(r.Body), "token") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("List", func(t *testing.T) {
		ts.register(t, "Second Org", "KR", "partner")
		r := ts.do(t, "GET", "/api/v1/organizations?limit=1", "", nil)
		var p struct {
			Items      []data.Organization
			NextCursor string `json:"next_cursor"`
		}
		r.JSON(t, &p)
		if len(p.Items) != 1 || p.NextCursor == "" {
			t.Fatalf("page 1: %s", r.Body)
		}
		r = ts.do(t, "GET", "/api/v1/organizations?limit=1&cursor="+p.NextCursor, "", nil)
		r.JSON(t, &p)
		if len(p.Items) != 1 || p.Items[0].Name != "Second Org" {
			t.Fatalf("page 2: %s", r.Body)
		}
	})
	t.Run("PatchPartial", func(t *testing.T) {
		r := ts.do(t, "PATCH", path, reg.Token, map[string]any{"city": "Hải Phòng"})
		var org data.Organization
		r.JSON(t, &org)
		if r.Status != 200 || org.City != "Hải Phòng" || org.Name != "Cảng Hải Âu Xanh" || org.Kind != "enterprise" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("PatchBadFieldWritesNothing", func(t *testing.T) {
		r := ts.do(t, "PATCH", path, reg.Token, map[string]any{"city": "Elsewhere", "kind": "pirate"})
		if p := r.problem(t); r.Status != 400 || fieldNames(p) != "kind" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		org, _ := ts.Store.Organization(reg.Organization.ID)
		if org.City != "Hải Phòng" {
			t.Fatalf("half-written: city %q", org.City)
		}
	})
	t.Run("Err401And403", func(t *testing.T) {
		other := ts.register(t, "Intruder Ltd", "FR", "partner")
		if r := ts.do(t, "PATCH", path, "", map[string]any{"city": "x"}); r.Status != 401 {
			t.Fatalf("no token: %d", r.Status)
		} else {
			r.problem(t)
		}
		if r := ts.do(t, "PATCH", path, "tm_not-a-real-token", map[string]any{"city": "x"}); r.Status != 401 {
			t.Fatalf("bad token: %d", r.Status)
		}
		if r := ts.do(t, "PATCH", path, other.Token, map[string]any{"city": "x"}); r.Status != 403 {
			t.Fatalf("other org: %d %s", r.Status, r.Body)
		} else {
			r.problem(t)
		}
		if r := ts.do(t, "DELETE", path, other.Token, nil); r.Status != 403 {
			t.Fatalf("other org delete: %d", r.Status)
		}
		if r := ts.do(t, "PATCH", path, adminToken, map[string]any{"website": "https://haiau.example"}); r.Status != 200 {
			t.Fatalf("organizer: %d %s", r.Status, r.Body)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		o := ts.postOffer(t, reg.Token, map[string]any{"title": "Gate OCR for container trucks"})
		if r := ts.do(t, "DELETE", path, reg.Token, nil); r.Status != 204 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := ts.do(t, "GET", path, "", nil); r.Status != 404 {
			t.Fatalf("after delete: %d", r.Status)
		}
		if r := ts.do(t, "GET", fmt.Sprintf("/api/v1/offers/%d", o.ID), "", nil); r.Status != 404 {
			t.Fatalf("orphan offer: %d", r.Status)
		}
		if r := ts.do(t, "GET", "/api/v1/offers?q=container", "", nil); strings.Contains(string(r.Body), "Gate OCR") {
			t.Fatalf("deleted org's offer still searchable: %s", r.Body)
		}
	})
}

func TestAPI_ListingRoutes(t *testing.T) {
	ts := mustStart(t)
	partner := ts.register(t, "Seoul Port Systems", "KR", "partner")
	firm := ts.register(t, "Cảng Đình Vũ", "VN", "enterprise")

	for _, kind := range []string{"offers", "needs"} {
		t.Run(kind, func(t *testing.T) {
			body := map[string]any{"title": "Shore power for container berths", "description": "Medium-voltage shore connection, IEC/IEEE 80005.",
				"keywords": []string{"shore power"}, "sectors": []string{"maritime.ports"}, "cooperation": []string{"license"}, "markets": []string{"VN"}}
			if kind == "offers" {
				body["trl"] = 8
			} else {
				body["min_trl"] = 6
			}
			r := ts.do(t, "POST", "/api/v1/"+kind, partner.Token, body)
			if r.Status != 201 || r.Header.Get("Location") == "" {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			var rec struct {
				ID     uint64 `json:"id"`
				OrgID  uint64 `json:"org_id"`
				Status string `json:"status"`
				Title  string `json:"title"`
			}
			r.JSON(t, &rec)
			if rec.OrgID != partner.Organization.ID || rec.Status != "published" {
				t.Fatalf("created %s", r.Body)
			}
			path := fmt.Sprintf("/api/v1/%s/%d", kind, rec.ID)
			if r := ts.do(t, "GET", path, "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "IEC/IEEE 80005") {
				t.Fatalf("get: %d %s", r.Status, r.Body)
			}
			// Read-your-writes: searchable as soon as acknowledged.
			if r := ts.do(t, "GET", "/api/v1/"+kind+"?q=shore+power", "", nil); !strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d`, rec.ID)) {
				t.Fatalf("not searchable at once: %s", r.Body)
			}
			if r := ts.do(t, "PATCH", path, firm.Token, map[string]any{"title": "Hijacked"}); r.Status != 403 {
				t.Fatalf("another org's patch: %d", r.Status)
			}
			if r := ts.do(t, "PATCH", path, "", map[string]any{"title": "Anonymous"}); r.Status != 401 {
				t.Fatalf("anonymous patch: %d", r.Status)
			}
			r = ts.do(t, "PATCH", path, partner.Token, map[string]any{"title": "Shore power and frequency converters"})
			r.JSON(t, &rec)
			if r.Status != 200 || rec.Title != "Shore power and frequency converters" || !strings.Contains(string(r.Body), "IEC/IEEE") {
				t.Fatalf("patch: %d %s", r.Status, r.Body)
			}
			if r := ts.do(t, "PATCH", path, partner.Token, map[string]any{"id": 5}); r.Status != 400 {
				t.Fatalf("patching id: %d %s", r.Status, r.Body)
			}
			if r := ts.do(t, "GET", fmt.Sprintf("/api/v1/organizations/%d/%s", partner.Organization.ID, kind), "", nil); !strings.Contains(string(r.Body), "frequency converters") {
				t.Fatalf("org listing: %s", r.Body)
			}
			if r := ts.do(t, "DELETE", path, firm.Token, nil); r.Status != 403 {
				t.Fatalf("another org's delete: %d", r.Status)
			}
			if r := ts.do(t, "DELETE", path, partner.Token, nil); r.Status != 204 {
				t.Fatalf("delete: %d %s", r.Status, r.Body)
			}
			if r := ts.do(t, "GET", path, "", nil); r.Status != 404 {
				t.Fatalf("after delete: %d", r.Status)
			} else {
				r.problem(t)
			}
			if r := ts.do(t, "GET", "/api/v1/"+kind+"?q=shore+power", "", nil); strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d`, rec.ID)) {
				t.Fatalf("deleted record still searchable: %s", r.Body)
			}
		})
	}
	t.Run("OrganizerPostsForAnOrganization", func(t *testing.T) {
		r := ts.do(t, "POST", fmt.Sprintf("/api/v1/needs?org_id=%d", firm.Organization.ID), adminToken, map[string]any{"title": "Tự động hoá cổng cảng"})
		if r.Status != 201 || !strings.Contains(string(r.Body), fmt.Sprintf(`"org_id":%d`, firm.Organization.ID)) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := ts.do(t, "POST", "/api/v1/needs", adminToken, map[string]any{"title": "No org named"}); r.Status != 400 || fieldNames(r.problem(t)) != "org_id" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("CreateNeedsAToken", func(t *testing.T) {
		if r := ts.do(t, "POST", "/api/v1/offers", "", map[string]any{"title": "No token"}); r.Status != 401 {
			t.Fatalf("%d", r.Status)
		}
	})
}

func TestAPI_BadInput(t *testing.T) {
	ts := mustStart(t)
	org := ts.register(t, "Validator Test Co", "DE", "partner")
	cases := []struct {
		name   string
		path   string
		body   any
		status int
		fields string // the fields the problem must name, space-separated
	}{
		{"MissingRequired", "/api/v1/offers", map[string]any{"description": "no title"}, 400, "title"},
		{"WrongType", "/api/v1/offers", `{"title":"Typed wrong","trl":"seven"}`, 400, "trl"},
		{"WrongTypeList", "/api/v1/offers", `{"title":"Typed wrong","keywords":"solo"}`, 400, "keywords"},
		{"TRLOutOfRange", "/api/v1/offers", map[string]any{"title": "Too ready", "trl": 10}, 400, "trl"},
		{"UnknownSector", "/api/v1/offers", map[string]any{"title": "Space tech", "sectors": []string{"space.rockets"}}, 400, "sectors[0]"},
		{"UnknownField", "/api/v1/offers", map[string]any{"title": "Extra field", "colour": "red"}, 400, "colour"},
		{"SeveralAtOnce", "/api/v1/needs", `{"title":"x","min_trl":42,"bogus":1}`, 400, "bogus min_trl title"},
		{"BrokenUTF8", "/api/v1/offers", []byte("{\"title\":\"bad \xff\xfe bytes\"}"), 400, "title"},
		{"LoneSurrogate", "/api/v1/offers", `{"title":"bad \ud800 escape"}`, 400, "title"},
		{"LoneHighSurrogateD9", "/api/v1/offers", `{"title":"bad \uD9A0 escape"}`, 400, "title"},
		{"LoneLowSurrogate", "/api/v1/offers", `{"description":"x \udf00", "title":"Low surrogate"}`, 400, "description"},
		{"PairedSurrogatesAreFine", "/api/v1/offers", `{"title":"emoji \ud83d\ude80 ok","trl":12}`, 400, "trl"},
		{"NotAnObject", "/api/v1/offers", `[1,2,3]`, 400, ""},
		{"Empty", "/api/v1/offers", ``, 400, ""},
		{"TrailingGarbage", "/api/v1/offers", `{"title":"ok title"} {"x":1}`, 400, ""},
		{"HugeString", "/api/v1/offers", map[string]any{"title": strings.Repeat("t", 400)}, 400, "title"},
		{"TooManyKeywords", "/api/v1/offers", map[string]any{"title": "Many", "keywords": make([]string, 50)}, 400, "keywords"},
		{"BadCountry", "/api/v1/needs", map[string]any{"title": "Where", "preferred_countries": []string{"Korea"}}, 400, "preferred_countries[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := ts.Store.Stats()
			r := ts.do(t, "POST", tc.path, org.Token, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			p := r.problem(t)
			if tc.fields != "" && fieldNames(p) != tc.fields {
				t.Errorf("fields %q, want %q: %s", fieldNames(p), tc.fields, r.Body)
			}
			for _, e := range p.Errors {
				if e.Message == "" || strings.Contains(e.Message, "Error:Field") {
					t.Errorf("message %q for %s", e.Message, e.Field)
				}
			}
			after, _ := ts.Store.Stats()
			if after.Offers != before.Offers || after.Needs != before.Needs {
				t.Errorf("a rejected request wrote a record")
			}
		})
	}
	t.Run("BodyTooLarge", func(t *testing.T) {
		// A raw connection: the server answers 413 as soon as it reads the
		// Content-Length, and may close before a client finishes sending.
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/offers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"title\":\"", org.Token, 2<<20)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 413 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
	t.Run("RegistrationNeedsCountry", func(t *testing.T) {
		r := ts.do(t, "POST", "/api/v1/organizations", "", map[string]any{"name": "No Country", "kind": "enterprise"})
		if r.Status != 400 || fieldNames(r.problem(t)) != "country" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("BadPathID", func(t *testing.T) {
		for _, p := range []string{"/api/v1/offers/abc", "/api/v1/offers/0", "/api/v1/needs/-1", "/api/v1/organizations/99999999999999999999"} {
			r := ts.do(t, "GET", p, "", nil)
			if r.Status != 400 {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
		if r := ts.do(t, "GET", "/api/v1/offers/424242", "", nil); r.Status != 404 {
			t.Errorf("missing: %d", r.Status)
		}
	})
	t.Run("UnknownRoute", func(t *testing.T) {
		r := ts.do(t, "GET", "/api/v1/nothing-here", "", nil)
		if r.Status != 404 {
			t.Fatalf("%d", r.Status)
		}
		r.problem(t)
	})
}

func TestAPI_DataSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ts := mustStartIn(t, dir)
	org := ts.register(t, "Persistent Partner", "BE", "partner")
	o := ts.postOffer(t, org.Token, map[string]any{"title": "Dredging sediment monitoring buoy"})
	ts.Close()

	ts = mustStartIn(t, dir)
	if r := ts.do(t, "GET", fmt.Sprintf("/api/v1/offers/%d", o.ID), "", nil); r.Status != 200 {
		t.Fatalf("after restart: %d", r.Status)
	}
	if r := ts.do(t, "GET", "/api/v1/offers?q=dredging", "", nil); !strings.Contains(string(r.Body), "buoy") {
		t.Fatalf("not searchable after restart: %s", r.Body)
	}
	// The token still works: only its hash was stored, and it survived.
	if r := ts.do(t, "PATCH", fmt.Sprintf("/api/v1/offers/%d", o.ID), org.Token, map[string]any{"trl": 6}); r.Status != 200 {
		t.Fatalf("token after restart: %d %s", r.Status, r.Body)
	}
}

func TestAPI_ConcurrentCreates(t *testing.T) {
	ts := mustStart(t)
	org := ts.register(t, "Concurrent Co", "JP", "partner")
	const workers, each = 8, 10
	var wg sync.WaitGroup
	ids := make(chan uint64, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				r := ts.do(t, "POST", "/api/v1/offers", org.Token, map[string]any{"title": fmt.Sprintf("Parallel robot cell %d-%d", w, i)})
				var o data.Offer
				if r.Status == 201 && json.Unmarshal(r.Body, &o) == nil {
					ids <- o.ID
				} else {
					t.Errorf("%d %s", r.Status, r.Body)
				}
			}
		}(w)
	}
	wg.Wait()
	close(ids)
	seen := map[uint64]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d twice", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*each {
		t.Fatalf("%d created", len(seen))
	}
	r := ts.do(t, "GET", "/api/v1/offers?q=parallel+robot&limit=100", "", nil)
	var page struct{ Total int }
	r.JSON(t, &page)
	if page.Total != workers*each {
		t.Fatalf("search finds %d of %d acknowledged offers", page.Total, workers*each)
	}
}

func TestAPI_OpenAPICoversEveryRoute(t *testing.T) {
	ts := mustStart(t)
	r := ts.do(t, "GET", "/api/v1/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	r.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	routes := api.Routes(ts.srv)
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, rt := range routes {
		item, ok := doc.Paths[rt.Path]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", rt.Method, rt.Path)
			continue
		}
		if _, ok := item[strings.ToLower(rt.Method)]; !ok {
			t.Errorf("%s %s: method missing from the OpenAPI document", rt.Method, rt.Path)
		}
	}
	// The record schema carries the validation bounds.
	offer := doc.Paths["/api/v1/offers"]["post"]["requestBody"]
	if !strings.Contains(fmt.Sprint(offer), "maximum:9") {
		t.Errorf("offer schema lacks the TRL bound: %v", offer)
	}
}

// A draft, archived or expired record is its owner's business: to anyone
// else it does not exist, by id, in the organization's list or for matching.
func TestAPI_DraftsArePrivate(t *testing.T) {
	ts := mustStart(t)
	owner := ts.register(t, "Secretive Labs", "DE", "partner")
	other := ts.register(t, "Curious Co", "FR", "partner")
	live := ts.postOffer(t, owner.Token, map[string]any{"title": "Published laser cladding offer"})
	draft := ts.postOffer(t, owner.Token, map[string]any{"title": "Unannounced laser cladding process", "status": "draft"})
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	expired := ts.postOffer(t, owner.Token, map[string]any{"title": "Old laser cladding offer", "expires_at": past})

	for _, id := range []uint64{draft.ID, expired.ID} {
		path := fmt.Sprintf("/api/v1/offers/%d", id)
		for name, token := range map[string]string{"anonymous": "", "another organization": other.Token, "a bad token": "tm_nope"} {
			if r := ts.do(t, "GET", path, token, nil); r.Status != 404 {
				t.Errorf("%s reads %s: %d", name, path, r.Status)
			}
			if r := ts.do(t, "GET", path+"/matches", token, nil); r.Status != 404 {
				t.Errorf("%s reads %s/matches: %d", name, path, r.Status)
			}
		}
		for name, token := range map[string]string{"owner": owner.Token, "organizer": adminToken} {
			if r := ts.do(t, "GET", path, token, nil); r.Status != 200 {
				t.Errorf("%s cannot read %s: %d", name, path, r.Status)
			}
		}
	}
	list := func(token string) string {
		r := ts.do(t, "GET", fmt.Sprintf("/api/v1/organizations/%d/offers", owner.Organization.ID), token, nil)
		return string(r.Body)
	}
	if l := list(""); !strings.Contains(l, live.Title) || strings.Contains(l, draft.Title) || strings.Contains(l, expired.Title) {
		t.Errorf("public list: %s", l)
	}
	if l := list(owner.Token); !strings.Contains(l, draft.Title) || !strings.Contains(l, expired.Title) {
		t.Errorf("owner's list lacks its drafts: %s", l)
	}
}
