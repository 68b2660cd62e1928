package api_test

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
)

// fakeClock is the rate limiter's clock in tests: time moves only when the
// test says so, so no test depends on how fast the machine is.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

func mustProxies(tb testing.TB, list ...string) []netip.Prefix {
	p, err := api.ParseTrustedProxies(list)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestLimits_BurstThenRecovery(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true, Clock: clock.Now,
		Limits:         api.Limits{Writes: 60, Searches: 60, Matches: 60, Burst: 3},
		TrustedProxies: mustProxies(t, "127.0.0.1")})
	from := func(addr, token string) map[string]string {
		h := map[string]string{"X-Forwarded-For": addr}
		if token != "" {
			h["Authorization"] = "Bearer " + token
		}
		return h
	}
	post := func(addr, token string) response {
		return ts.send(t, "POST", "/api/v1/offers", from(addr, token), `{"title":"Rate limited solar inverter"}`)
	}
	// Registration is one write from its address.
	r := ts.send(t, "POST", "/api/v1/organizations", from("203.0.113.1", ""), `{"name":"Burst Partner","kind":"partner","country":"KR"}`)
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	var reg registered
	r.JSON(t, &reg)

	t.Run("BurstGets429", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			if r := post("203.0.113.1", reg.Token); r.Status != 201 {
				t.Fatalf("write %d within the burst: %d %s", i, r.Status, r.Body)
			}
		}
		r := post("203.0.113.1", reg.Token)
		if r.Status != 429 {
			t.Fatalf("write over the burst: %d %s", r.Status, r.Body)
		}
		p := r.problem(t)
		if r.Header.Get("Retry-After") != "1" || !strings.Contains(p.Detail, "write") {
			t.Fatalf("429 without Retry-After 1 s: %v %+v", r.Header, p)
		}
	})
	t.Run("TokenLimitedFromAnotherAddress", func(t *testing.T) {
		// A refused request spends nothing: the token has one write left.
		if r := post("198.51.100.9", reg.Token); r.Status != 201 {
			t.Fatalf("same token, new address: %d %s", r.Status, r.Body)
		}
		// Now the token has spent its burst, whatever the address.
		if r := post("198.51.100.10", reg.Token); r.Status != 429 || !strings.Contains(string(r.Body), "token") {
			t.Fatalf("same token, third address: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ReadsAreNotLimited", func(t *testing.T) {
		for i := 0; i < 10; i++ {
			if r := ts.send(t, "GET", "/api/v1/organizations", from("203.0.113.1", reg.Token), ""); r.Status != 200 {
				t.Fatalf("read %d: %d", i, r.Status)
			}
		}
	})
	t.Run("OrganizerIsNotLimited", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			r := ts.send(t, "POST", fmt.Sprintf("/api/v1/offers?org_id=%d", reg.Organization.ID), from("203.0.113.1", adminToken), `{"title":"Posted by the desk"}`)
			if r.Status != 201 {
				t.Fatalf("organizer write %d: %d %s", i, r.Status, r.Body)
			}
		}
	})
	t.Run("Recovers", func(t *testing.T) {
		clock.Advance(1 * time.Second)
		if r := post("198.51.100.10", reg.Token); r.Status != 201 {
			t.Fatalf("after a second: %d %s", r.Status, r.Body)
		}
		if r := post("198.51.100.10", reg.Token); r.Status != 429 {
			t.Fatalf("one token back, one spent: %d", r.Status)
		}
		clock.Advance(time.Minute)
		for i := 0; i < 3; i++ {
			if r := post("203.0.113.1", reg.Token); r.Status != 201 {
				t.Fatalf("after a minute, write %d: %d %s", i, r.Status, r.Body)
			}
		}
	})
	t.Run("SearchAndMatchesHaveTheirOwnLimits", func(t *testing.T) {
		for _, path := range []string{"/api/v1/offers?q=solar", "/api/v1/offers/1/matches"} {
			var last response
			for i := 0; i < 4; i++ {
				last = ts.send(t, "GET", path, from("192.0.2.77", ""), "")
			}
			if last.Status != 429 || last.Header.Get("Retry-After") == "" {
				t.Fatalf("%s, 4th in a burst of 3: %d %s", path, last.Status, last.Body)
			}
		}
	})
	if m := string(ts.do(t, "GET", "/metrics", "", nil).Body); !strings.Contains(m, `techmatch_rate_limited_total{by="token",class="write"} 2`) {
		t.Errorf("metrics do not count the token refusal:\n%s", m)
	}
}

// Without trusted proxies, X-Forwarded-For is ignored: a client cannot
// escape its address's limit by naming another address.
func TestLimits_ProxyHeaderNotTrustedByDefault(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true, Clock: clock.Now, Limits: api.Limits{Searches: 60, Burst: 2}})
	var last response
	for i := 0; i < 3; i++ {
		last = ts.send(t, "GET", "/api/v1/needs?q=x", map[string]string{"X-Forwarded-For": fmt.Sprintf("10.0.0.%d", i)}, "")
	}
	if last.Status != 429 {
		t.Fatalf("a forged X-Forwarded-For escaped the limit: %d", last.Status)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	if _, err := api.ParseTrustedProxies([]string{"10.0.0.0/8", "::1", "192.168.1.1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ParseTrustedProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Fatal("a bad CIDR was accepted")
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{NoSemantic: true})
	for _, path := range []string{"/api/v1/health", "/api/v1/offers/12345", "/no/such/page", "/metrics", "/api/v1/openapi.json"} {
		r := ts.do(t, "GET", path, "", nil)
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
}
