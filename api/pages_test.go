package api_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/demo"
	"github.com/techmatch/techmatch/search"
)

// mustStartDemo is a real server on 127.0.0.1:0 over a store holding the
// built-in demo data (organizations' tokens are "demo-" plus their key),
// as `serve --demo` has it.
func mustStartDemo(tb testing.TB) *testServer {
	tb.Helper()
	dir := tb.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		tb.Fatal(err)
	}
	ds, err := demo.Load()
	if err != nil {
		tb.Fatal(err)
	}
	orgs := map[string]data.OrganizationFields{}
	for _, o := range ds.Orgs {
		if _, err := store.CreateOrganization(o.OrganizationFields, api.HashToken("demo-"+o.Key)); err != nil {
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
	if _, err := store.Import(context.Background(), items); err != nil {
		tb.Fatal(err)
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), store)
	if err != nil {
		tb.Fatal(err)
	}
	srv := api.New(store, idx, api.Config{AdminToken: adminToken})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	ts := &testServer{URL: "http://" + ln.Addr().String(), Store: store, Index: idx, srv: srv, dir: dir}
	tb.Cleanup(ts.Close)
	return ts
}

// visitor is a person's browser without JavaScript: a cookie jar and
// redirects followed.
type visitor struct {
	ts  *testServer
	c   *http.Client
	tb  testing.TB
	hdr http.Header
}

func (ts *testServer) visitor(tb testing.TB) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{ts: ts, c: &http.Client{Jar: jar}, tb: tb, hdr: http.Header{}}
}

type page struct {
	Status int
	Header http.Header
	Body   string
	URL    string
}

func (v *visitor) do(method, path string, form url.Values) page {
	v.tb.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.ts.URL+path, body)
	if err != nil {
		v.tb.Fatal(err)
	}
	for k, vs := range v.hdr {
		req.Header[k] = vs
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := v.c.Do(req)
	if err != nil {
		v.tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(raw), URL: resp.Request.URL.Path}
}

func (v *visitor) get(path string) page { return v.do("GET", path, nil) }

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// post sends a form the way the page at from would: with that page's form
// token.
func (v *visitor) post(from, path string, form url.Values) page {
	v.tb.Helper()
	p := v.get(from)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		v.tb.Fatalf("no form token on %s (%d)", from, p.Status)
	}
	form.Set("_csrf", m[1])
	return v.do("POST", path, form)
}

func (v *visitor) signIn(token string) {
	v.tb.Helper()
	p := v.post("/signin", "/signin", url.Values{"token": {token}})
	if p.Status != 200 || p.URL == "/signin" {
		v.tb.Fatalf("sign in: %d at %s", p.Status, p.URL)
	}
}

// text is a page's visible text, roughly: tags dropped, space squeezed.
func text(html string) string {
	s := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(html, " ")
	return strings.Join(strings.Fields(s), " ")
}

func TestPages_Templates(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	for _, lang := range []string{"en", "vi"} {
		v.get("/lang?to=" + lang)
		for _, path := range []string{"/", "/offers", "/needs", "/offers?q=cang+container", "/needs/1", "/offers/1", "/orgs/1", "/signin", "/nowhere"} {
			p := v.get(path)
			if strings.Contains(p.Body, "[") && regexp.MustCompile(`\[[a-z]+\.[a-z_.0-9]+\]`).MatchString(p.Body) {
				t.Errorf("%s %s: a message key is missing from the catalogue: %s", lang, path, regexp.MustCompile(`\[[a-z]+\.[a-z_.0-9]+\]`).FindString(p.Body))
			}
			if !strings.Contains(p.Body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: page not in %s", lang, path, lang)
			}
		}
	}
}

func TestPages_Language(t *testing.T) {
	ts := mustStartDemo(t)
	t.Run("AcceptLanguageVietnamese", func(t *testing.T) {
		v := ts.visitor(t)
		v.hdr.Set("Accept-Language", "vi-VN,vi;q=0.9,en-US;q=0.6")
		if p := v.get("/"); !strings.Contains(p.Body, `lang="vi"`) || !strings.Contains(p.Body, "Tìm đối tác công nghệ phù hợp") {
			t.Fatalf("not Vietnamese: %s", text(p.Body)[:200])
		}
	})
	t.Run("AcceptLanguagePrefersEnglish", func(t *testing.T) {
		v := ts.visitor(t)
		v.hdr.Set("Accept-Language", "en-GB,en;q=0.9,vi;q=0.5")
		if p := v.get("/"); !strings.Contains(p.Body, `<html lang="en">`) {
			t.Fatal("not English")
		}
	})
	t.Run("VietnameseOrganizationDefaultsToVietnamese", func(t *testing.T) {
		v := ts.visitor(t)
		v.signIn("demo-sao-bien-port")
		if p := v.get("/my"); !strings.Contains(p.Body, `<html lang="vi">`) || !strings.Contains(p.Body, "Đăng nhu cầu") {
			t.Fatalf("a Vietnamese organization's page is not Vietnamese: %s", text(p.Body)[:300])
		}
	})
	t.Run("SwitchIsRemembered", func(t *testing.T) {
		v := ts.visitor(t)
		v.hdr.Set("Accept-Language", "vi")
		v.signIn("demo-sao-bien-port")
		p := v.get("/lang?to=en&next=/my")
		if p.URL != "/my" || !strings.Contains(p.Body, `<html lang="en">`) || !strings.Contains(p.Body, "Post a need") {
			t.Fatalf("switch to English: %s %s", p.URL, text(p.Body)[:200])
		}
		if p := v.get("/needs"); !strings.Contains(p.Body, `<html lang="en">`) {
			t.Fatal("the choice is not remembered")
		}
	})
	t.Run("SwitchNeverLeavesTheSite", func(t *testing.T) {
		v := ts.visitor(t)
		v.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
			p := v.get("/lang?to=vi&next=" + url.QueryEscape(next))
			if loc := p.Header.Get("Location"); p.Status != 303 || loc != "/" {
				t.Errorf("next=%s: %d Location %q", next, p.Status, loc)
			}
		}
	})
}

func TestPages_ErrorPages(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	for _, c := range []struct {
		lang, path string
		status     int
		want       string
	}{
		{"en", "/no/such/page", 404, "Page not found"},
		{"vi", "/no/such/page", 404, "Không tìm thấy trang"},
		{"en", "/offers/999999", 404, "Page not found"},
		{"en", "/offers/abc", 404, "Page not found"},
		{"en", "/organizer", 303, ""},
	} {
		v.get("/lang?to=" + c.lang)
		v.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		p := v.get(c.path)
		v.c.CheckRedirect = nil
		if p.Status != c.status || !strings.Contains(p.Body, c.want) {
			t.Errorf("%s %s: %d, want %d with %q", c.lang, c.path, p.Status, c.status, c.want)
		}
		if c.status == 404 && !strings.Contains(p.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: content type %q", c.path, p.Header.Get("Content-Type"))
		}
	}
	t.Run("Forbidden", func(t *testing.T) {
		v := ts.visitor(t)
		v.signIn("demo-sao-bien-port")
		for _, lang := range []string{"en", "vi"} {
			v.get("/lang?to=" + lang)
			p := v.get("/organizer")
			want := map[string]string{"en": "Not allowed", "vi": "Không được phép"}[lang]
			if p.Status != 403 || !strings.Contains(p.Body, want) {
				t.Errorf("%s: %d %s", lang, p.Status, text(p.Body)[:200])
			}
		}
		// Another organization's record cannot be edited.
		p := v.get("/my/offers/1/edit")
		if p.Status != 403 {
			t.Errorf("another's offer: %d", p.Status)
		}
	})
	t.Run("APIStaysJSON", func(t *testing.T) {
		p := ts.visitor(t).get("/api/v1/nothing")
		if p.Status != 404 || p.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d %s", p.Status, p.Header.Get("Content-Type"))
		}
	})
}

func TestPages_SessionCookie(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	p := v.get("/signin")
	m := csrfField.FindStringSubmatch(p.Body)
	v.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	p = v.do("POST", "/signin", url.Values{"token": {"demo-sao-bien-port"}, "_csrf": {m[1]}})
	if p.Status != 303 {
		t.Fatalf("sign in: %d", p.Status)
	}
	var session *http.Cookie
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == "tm_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", session)
	}
	if strings.Contains(session.Value, "demo-sao-bien-port") {
		t.Fatal("the cookie holds the token")
	}
	t.Run("ForgedCookieIsNoSession", func(t *testing.T) {
		f := ts.visitor(t)
		u, _ := url.Parse(ts.URL)
		forged := session.Value[:len(session.Value)-3] + "AAA"
		f.c.Jar.SetCookies(u, []*http.Cookie{{Name: "tm_session", Value: forged}})
		f.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		if p := f.get("/my"); p.Status != 303 || !strings.HasPrefix(p.Header.Get("Location"), "/signin") {
			t.Fatalf("forged session: %d %s", p.Status, p.Header.Get("Location"))
		}
	})
	t.Run("BadToken", func(t *testing.T) {
		f := ts.visitor(t)
		p := f.post("/signin", "/signin", url.Values{"token": {"demo-nobody"}})
		if p.Status != 401 || !strings.Contains(p.Body, "This token is not valid") {
			t.Fatalf("%d", p.Status)
		}
	})
}

func TestPages_CSRF(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	v.signIn("demo-sao-bien-port")
	before, _ := ts.Store.Stats()
	form := url.Values{"title": {"Một nhu cầu gửi từ trang khác"}, "status": {"published"}}
	for name, token := range map[string]string{"NoToken": "", "WrongToken": "AAAA" + strings.Repeat("x", 40)} {
		t.Run(name, func(t *testing.T) {
			f := url.Values{}
			for k, vs := range form {
				f[k] = vs
			}
			if token != "" {
				f.Set("_csrf", token)
			}
			p := v.do("POST", "/my/needs/new", f)
			if p.Status != 403 || !strings.Contains(p.Body, "refused") && !strings.Contains(p.Body, "từ chối") {
				t.Fatalf("%d %s", p.Status, text(p.Body))
			}
		})
	}
	t.Run("OtherOrigin", func(t *testing.T) {
		p := v.get("/my/needs/new")
		f := url.Values{"_csrf": {csrfField.FindStringSubmatch(p.Body)[1]}}
		for k, vs := range form {
			f[k] = vs
		}
		v.hdr.Set("Origin", "http://evil.example")
		defer v.hdr.Del("Origin")
		if p := v.do("POST", "/my/needs/new", f); p.Status != 403 {
			t.Fatalf("%d", p.Status)
		}
	})
	t.Run("AnotherVisitorsToken", func(t *testing.T) {
		other := ts.visitor(t)
		p := other.get("/signin")
		f := url.Values{"_csrf": {csrfField.FindStringSubmatch(p.Body)[1]}}
		for k, vs := range form {
			f[k] = vs
		}
		if p := v.do("POST", "/my/needs/new", f); p.Status != 403 {
			t.Fatalf("%d", p.Status)
		}
	})
	if after, _ := ts.Store.Stats(); after.Needs != before.Needs {
		t.Fatalf("a refused form wrote a need: %d -> %d", before.Needs, after.Needs)
	}
}

func TestPages_ListingForm(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	v.signIn("demo-sao-bien-port") // a Vietnamese organization: pages in Vietnamese
	before, _ := ts.Store.Stats()
	t.Run("BadInputKeepsValues", func(t *testing.T) {
		p := v.post("/my/needs/new", "/my/needs/new", url.Values{
			"title": {"xy"}, "description": {"Mô tả <b>đậm</b> giữ nguyên"}, "keywords": {"điện bờ, " + strings.Repeat("a", 101)},
			"markets": {"VN, Atlantis"}, "status": {"published"}, "min_trl": {"7"}, "deadline": {"31/12/2027"},
			"budget.min": {"500"}, "budget.max": {"100"}, "budget.currency": {"usd"}, "sectors": {"maritime.ports"},
		})
		if p.Status != 422 {
			t.Fatalf("status %d", p.Status)
		}
		for field, msg := range map[string]string{
			"title":      "phải dài ít nhất 3 ký tự",
			"keywords":   "mục 2: chỉ được dài tối đa 100 ký tự",
			"markets":    "mục 2: phải là mã quốc gia hai chữ cái",
			"deadline":   "phải là ngày",
			"budget-max": "phải lớn hơn hoặc bằng ngân sách tối thiểu",
		} {
			block := fieldBlock(p.Body, field)
			if !strings.Contains(block, msg) {
				t.Errorf("%s: no %q beside the field: %s", field, msg, text(block))
			}
		}
		for _, kept := range []string{`value="xy"`, "Mô tả &lt;b&gt;đậm&lt;/b&gt; giữ nguyên", `value="VN, Atlantis"`, `value="31/12/2027"`, `value="maritime.ports" checked`} {
			if !strings.Contains(p.Body, kept) {
				t.Errorf("typed value lost: %s", kept)
			}
		}
	})
	t.Run("EnglishMessagesAreTheAPIs", func(t *testing.T) {
		v.get("/lang?to=en")
		defer v.get("/lang?to=vi")
		p := v.post("/my/offers/new", "/my/offers/new", url.Values{"title": {"xy"}, "status": {"published"}, "trl": {"12"}})
		api := ts.do(t, "POST", "/api/v1/offers", "demo-sao-bien-port", map[string]any{"title": "xy", "trl": 12}).problem(t)
		for _, fe := range api.Errors {
			if !strings.Contains(fieldBlock(p.Body, fe.Field), fe.Message) {
				t.Errorf("%s: the API says %q, the page does not", fe.Field, fe.Message)
			}
		}
	})
	if after, _ := ts.Store.Stats(); after.Needs != before.Needs || after.Offers != before.Offers {
		t.Fatal("a rejected form wrote a record")
	}
	t.Run("PostEditArchive", func(t *testing.T) {
		p := v.post("/my/needs/new", "/my/needs/new", url.Values{
			"title": {"Hệ thống cấp điện bờ cho tàu lai dắt"}, "description": {"Cần trụ cấp điện bờ hạ thế cho tàu lai và tàu hoa tiêu."},
			"keywords": {"điện bờ, tàu lai"}, "status": {"published"}, "min_trl": {"6"}, "sectors": {"maritime.ports", "energy.grid"},
			"budget.min": {"100000"}, "budget.currency": {"usd"}, "deadline": {"2027-06-30"}, "markets": {"Việt Nam"},
		})
		if p.Status != 200 || !strings.HasPrefix(p.URL, "/needs/") || !strings.Contains(p.Body, "Hệ thống cấp điện bờ cho tàu lai dắt") {
			t.Fatalf("post: %d at %s: %s", p.Status, p.URL, text(p.Body)[:300])
		}
		id := strings.TrimPrefix(p.URL, "/needs/")
		n := ts.do(t, "GET", "/api/v1/needs/"+id, "", nil)
		var need data.Need
		n.JSON(t, &need)
		if need.Budget == nil || need.Budget.Currency != "USD" || need.MinTRL != 6 || len(need.Markets) != 1 || need.Markets[0] != "VN" || need.Deadline == nil {
			t.Fatalf("stored: %s", n.Body)
		}
		if r := ts.do(t, "GET", "/api/v1/needs?q=cap+dien+bo+tau+lai", "", nil); !strings.Contains(string(r.Body), `"id":`+id+`,`) {
			t.Fatal("the new need is not searchable at once")
		}
		p = v.post("/my/needs/"+id+"/edit", "/my/needs/"+id+"/edit", url.Values{"title": {"Trụ điện bờ cho tàu lai dắt"}, "status": {"published"}, "min_trl": {"x"}})
		if p.Status != 422 || !strings.Contains(fieldBlock(p.Body, "min_trl"), "phải là số nguyên") {
			t.Fatalf("edit with a bad TRL: %d", p.Status)
		}
		if r := ts.do(t, "GET", "/api/v1/needs/"+id, "", nil); !strings.Contains(string(r.Body), "Hệ thống cấp điện bờ cho tàu lai dắt") {
			t.Fatal("a rejected edit changed the record")
		}
		p = v.post("/my/needs/"+id+"/edit", "/my/needs/"+id+"/status", url.Values{"status": {"archived"}})
		if p.Status != 200 || !strings.Contains(p.Body, "Đã lưu trữ") {
			t.Fatalf("archive: %d", p.Status)
		}
		if p := ts.visitor(t).get("/needs/" + id); p.Status != 404 {
			t.Fatalf("an archived need is shown to others: %d", p.Status)
		}
	})
}

// fieldBlock is the HTML of one form field's block (label, input, errors).
func fieldBlock(html, field string) string {
	id := `id="f-in-` + strings.ReplaceAll(strings.ReplaceAll(field, ".", "-"), "_", "_") + `"`
	i := strings.Index(html, id)
	if i < 0 {
		return ""
	}
	rest := html[i:]
	if j := strings.Index(rest[1:], `<div class="field`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

func TestPages_EscapesUserText(t *testing.T) {
	ts := mustStartDemo(t)
	org := ts.register(t, "Xss <b>Probe</b> Ltd", "KR", "partner")
	o := ts.postOffer(t, org.Token, map[string]any{"title": `<script>alert(1)</script> shore power probe`, "description": `<img src=x onerror=alert(2)> shore power <mark>fake</mark>`, "keywords": []string{"<i>k</i>"}})
	v := ts.visitor(t)
	for _, path := range []string{fmt.Sprintf("/offers/%d", o.ID), "/offers?q=shore+power+probe", fmt.Sprintf("/orgs/%d", org.Organization.ID), "/"} {
		p := v.get(path)
		for _, raw := range []string{"<script>alert", "<img src=x", "<b>Probe", "<i>k", "<mark>fake"} {
			if strings.Contains(p.Body, raw) {
				t.Errorf("%s renders %q unescaped", path, raw)
			}
		}
	}
	p := v.get("/offers?q=shore+power+probe")
	if !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(p.Body, "&lt;mark&gt;fake") || !strings.Contains(p.Body, "<mark>") {
		t.Fatalf("search: title not escaped or no highlight: %s", text(p.Body))
	}
}

func TestPages_SearchPaging(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	p := v.get("/offers?limit=5")
	if !strings.Contains(p.Body, "1–5 of") || !strings.Contains(p.Body, `rel="next"`) {
		t.Fatalf("first page: %s", text(p.Body)[:400])
	}
	next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(p.Body)[1]
	next = strings.ReplaceAll(next, "&amp;", "&")
	p2 := v.get(next)
	if !strings.Contains(p2.Body, "6–10 of") {
		t.Fatalf("second page: %s", text(p2.Body)[:400])
	}
	t.Run("Facets", func(t *testing.T) {
		p := v.get("/offers?q=container")
		if !strings.Contains(p.Body, `class="facets"`) || !regexp.MustCompile(`Port operations and terminals <span class="n">\d+</span>`).MatchString(p.Body) {
			t.Fatalf("no sector facet with a count: %s", text(p.Body)[:600])
		}
		p = v.get("/offers?q=container&country=KR")
		if !strings.Contains(p.Body, `aria-current="true" class="on">South Korea`) && !strings.Contains(p.Body, `aria-current="true" class="on">Korea`) {
			t.Errorf("the chosen country is not marked: %s", text(p.Body)[:600])
		}
	})
	t.Run("BadFilter", func(t *testing.T) {
		p := v.get("/offers?trl_min=12&country=XX")
		if p.Status != 400 || !strings.Contains(p.Body, "Lowest TRL") {
			t.Fatalf("%d %s", p.Status, text(p.Body)[:300])
		}
	})
}

func TestPages_Register(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	v.get("/lang?to=vi")
	p := v.post("/register", "/register", url.Values{"name": {"Công ty Thử Nghiệm Đăng Ký"}, "kind": {"enterprise"}, "country": {""}, "email": {"not-an-email"}})
	if p.Status != 422 || !strings.Contains(fieldBlock(p.Body, "country"), "không được để trống") || !strings.Contains(fieldBlock(p.Body, "email"), "phải là địa chỉ e-mail") {
		t.Fatalf("bad registration: %d %s", p.Status, text(p.Body)[:400])
	}
	if !strings.Contains(p.Body, `value="Công ty Thử Nghiệm Đăng Ký"`) {
		t.Fatal("the typed name is lost")
	}
	p = v.post("/register", "/register", url.Values{"name": {"Công ty Thử Nghiệm Đăng Ký"}, "kind": {"enterprise"}, "country": {"Việt Nam"}, "languages": {"vi", "en"}})
	m := regexp.MustCompile(`id="new-token" type="text" readonly value="(tm_[^"]+)"`).FindStringSubmatch(p.Body)
	if p.Status != 201 || m == nil {
		t.Fatalf("registration: %d %s", p.Status, text(p.Body)[:400])
	}
	if p := v.get("/my"); p.Status != 200 || !strings.Contains(p.Body, "Công ty Thử Nghiệm Đăng Ký") {
		t.Fatalf("not signed in after registering: %d", p.Status)
	}
	// The token shown is the organization's API token.
	r := ts.do(t, "POST", "/api/v1/needs", m[1], map[string]any{"title": "Cần thử nghiệm đăng ký"})
	if r.Status != 201 {
		t.Fatalf("the shown token does not work: %d %s", r.Status, r.Body)
	}
	if again := v.get("/my"); strings.Contains(again.Body, m[1]) {
		t.Fatal("the token is shown again")
	}
	p = v.post("/register", "/register", url.Values{"name": {"Công ty Thử Nghiệm Đăng Ký"}, "kind": {"enterprise"}, "country": {"VN"}})
	if p.Status != 409 || !strings.Contains(fieldBlock(p.Body, "name"), "tên này đã được một tổ chức khác dùng") {
		t.Fatalf("a taken name: %d", p.Status)
	}
}
