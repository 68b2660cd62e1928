package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// Limits are the request rates the server allows each token and each
// client address, per class of request. Zero turns a class's limit off.
type Limits struct {
	// Writes per minute: POST, PUT, PATCH and DELETE.
	Writes int
	// Searches per minute: GET /offers, GET /needs and other list queries.
	Searches int
	// Matches per minute: ranked counterparts, event match lists and
	// schedules (the most expensive requests).
	Matches int
	// Burst is how many requests of a class may come at once before the
	// rate applies; 0 means half a minute's worth.
	Burst int
}

// DefaultLimits suit a venue: a person clicking through pages and posting
// records never meets them; a script hammering the API does.
var DefaultLimits = Limits{Writes: 120, Searches: 600, Matches: 120}

// Limit classes.
const (
	classWrite  = "write"
	classSearch = "search"
	classMatch  = "match"
)

// bucket is a token bucket: tokens refill at rate per second up to burst.
type bucket struct {
	tokens float64
	at     time.Time
}

// limiter keeps one token bucket per key (class + token hash or address).
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	rate    map[string]float64 // per second, by class
	burst   map[string]float64
	buckets map[string]*bucket
	calls   int
}

// maxBuckets bounds the limiter's memory; full (idle) buckets are dropped
// first, as they carry no state.
const maxBuckets = 100_000

func newLimiter(l Limits, now func() time.Time) *limiter {
	lm := &limiter{now: now, rate: map[string]float64{}, burst: map[string]float64{}, buckets: map[string]*bucket{}}
	for class, perMin := range map[string]int{classWrite: l.Writes, classSearch: l.Searches, classMatch: l.Matches} {
		if perMin <= 0 {
			continue
		}
		b := l.Burst
		if b <= 0 {
			b = max(perMin/2, 1)
		}
		lm.rate[class] = float64(perMin) / 60
		lm.burst[class] = float64(b)
	}
	return lm
}

// take spends one token of each key's bucket in class, or none of them:
// when a bucket is empty it returns that key's index and how long until a
// token is back there.
func (lm *limiter) take(class string, keys []string) (refused int, wait time.Duration) {
	rate, on := lm.rate[class]
	if !on {
		return -1, 0
	}
	burst := lm.burst[class]
	lm.mu.Lock()
	defer lm.mu.Unlock()
	now := lm.now()
	lm.calls++
	if lm.calls%1024 == 0 || len(lm.buckets) >= maxBuckets {
		lm.sweep(now)
	}
	bs := make([]*bucket, len(keys))
	for i, key := range keys {
		k := class + "|" + key
		b := lm.buckets[k]
		if b == nil {
			b = &bucket{tokens: burst, at: now}
			lm.buckets[k] = b
		}
		if d := now.Sub(b.at).Seconds(); d > 0 {
			b.tokens = math.Min(burst, b.tokens+d*rate)
			b.at = now
		}
		if b.tokens < 1 {
			return i, time.Duration((1 - b.tokens) / rate * float64(time.Second))
		}
		bs[i] = b
	}
	for _, b := range bs {
		b.tokens--
	}
	return -1, 0
}

// sweep drops the buckets that have refilled completely.
func (lm *limiter) sweep(now time.Time) {
	for k, b := range lm.buckets {
		class, _, _ := strings.Cut(k, "|")
		if b.tokens+now.Sub(b.at).Seconds()*lm.rate[class] >= lm.burst[class] {
			delete(lm.buckets, k)
		}
	}
}

// limitClass says which limit a request counts against, "" for none.
func limitClass(c *fiber.Ctx) string {
	route := c.Route().Path
	switch {
	case strings.HasSuffix(route, "/matches"),
		c.Method() == fiber.MethodPost && (strings.HasSuffix(route, "/match-list") || strings.HasSuffix(route, "/schedule")):
		return classMatch
	case c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead || c.Method() == fiber.MethodOptions:
		if route == "/api/v1/offers" || route == "/api/v1/needs" {
			return classSearch
		}
		return ""
	}
	return classWrite
}

// rateLimit refuses a request, with 429 and Retry-After, when its token or
// its client address has spent its allowance for the request's class. The
// organizer's token is not limited. Runs after routing, as a route handler
// in front of each API handler.
func (s *Server) rateLimit(c *fiber.Ctx) error {
	class := limitClass(c)
	if class == "" || s.lim == nil {
		return c.Next()
	}
	by := []string{"address"}
	keys := []string{"address:" + s.clientAddr(c)}
	if token := bearerToken(c); token != "" {
		if s.isAdminToken(token) {
			return c.Next()
		}
		// Keyed by a hash, so the limiter's memory holds no token.
		h := sha256.Sum256([]byte(token))
		by = append(by, "token")
		keys = append(keys, "token:"+hex.EncodeToString(h[:8]))
	}
	if i, wait := s.lim.take(class, keys); i >= 0 {
		s.obs.limited.WithLabelValues(class, by[i]).Inc()
		secs := max(int(math.Ceil(wait.Seconds())), 1)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return data.Errorf(codeTooMany, "too many %s requests from this %s: try again in %d s", class, by[i], secs)
	}
	return c.Next()
}

// codeTooMany is the error code of a request over its rate limit (HTTP 429).
const codeTooMany = "too_many_requests"

func bearerToken(c *fiber.Ctx) string {
	scheme, token, ok := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// ParseTrustedProxies parses the CIDRs (or single addresses) of the
// proxies whose X-Forwarded-For the server believes.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address a request comes from: the connection's peer,
// unless that peer is a trusted proxy (Config.TrustedProxies; none by
// default), in which case the nearest untrusted address in
// X-Forwarded-For. Reading the list from the right means a client cannot
// choose its own address by sending the header itself.
func (s *Server) clientAddr(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP().String()
	if len(s.proxies) == 0 {
		return peer
	}
	a, err := netip.ParseAddr(peer)
	if err != nil || !s.trusted(a) {
		return peer
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: trust nothing to its left
		}
		if !s.trusted(h) {
			return h.Unmap().String()
		}
	}
	return peer
}

// Content security policies: the API's answers are data, never to be run
// or framed; pages may load their own scripts, styles and images only.
const (
	cspAPI  = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	cspPage = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

// securityHeaders sets the headers every answer carries; an HTML page that
// did not set its own policy gets the page policy.
func securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", cspAPI)
	err := c.Next()
	if string(h.Peek("Content-Security-Policy")) == cspAPI && strings.HasPrefix(string(h.ContentType()), "text/html") {
		h.Set("Content-Security-Policy", cspPage)
	}
	return err
}
