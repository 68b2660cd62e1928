package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// Cookies of the web pages. The session cookie is signed (HMAC-SHA256) and
// names the organization, never holds its token; the CSRF cookie is a
// random value that form tokens are derived from.
const (
	sessionCookie = "tm_session"
	csrfCookie    = "tm_csrf"
	langCookie    = "tm_lang"
	sessionTTL    = 12 * time.Hour
)

// webUser is who is signed in to the pages: an organization, or the
// organizer.
type webUser struct {
	OrgID   uint64
	OrgName string
	Admin   bool
	// Lang is the language the organization's pages default to.
	Lang  string
	nonce string
}

// session is the signed payload of the session cookie.
type session struct {
	OrgID   uint64 `json:"o,omitempty"`
	Admin   bool   `json:"a,omitempty"`
	Nonce   string `json:"n"`
	Expires int64  `json:"e"`
}

var errCSRF = errors.New("the form token is missing or wrong, or the form came from another site")

func newSessionKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.web.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// adminMark ties an organizer's session to the organizer token in force, so
// changing the token ends the sessions opened with the old one.
func (s *Server) adminMark() string {
	h := sha256.Sum256([]byte(s.cfg.AdminToken))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func (s *Server) signSession(ss session) string {
	payload, _ := json.Marshal(ss)
	p := base64.RawURLEncoding.EncodeToString(payload)
	extra := ""
	if ss.Admin {
		extra = s.adminMark()
	}
	return p + "." + base64.RawURLEncoding.EncodeToString(s.mac("session", p, extra))
}

// readSession returns the signed-in user of the request, or nil: a cookie
// that is forged, expired, or names an organization that no longer exists
// is no session.
func (s *Server) readSession(c *fiber.Ctx) *webUser {
	raw := c.Cookies(sessionCookie)
	p, sig, ok := strings.Cut(raw, ".")
	if !ok {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return nil
	}
	var ss session
	if json.Unmarshal(payload, &ss) != nil {
		return nil
	}
	extra := ""
	if ss.Admin {
		if s.cfg.AdminToken == "" {
			return nil
		}
		extra = s.adminMark()
	}
	want := base64.RawURLEncoding.EncodeToString(s.mac("session", p, extra))
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 || time.Now().Unix() > ss.Expires {
		return nil
	}
	if ss.Admin {
		return &webUser{Admin: true, nonce: ss.Nonce}
	}
	org, err := s.store.Organization(ss.OrgID)
	if err != nil {
		return nil
	}
	return &webUser{OrgID: org.ID, OrgName: org.Name, Lang: orgLang(org), nonce: ss.Nonce}
}

// orgLang is the page language an organization defaults to: Vietnamese for
// Vietnamese organizations and those whose first language is Vietnamese.
func orgLang(org data.Organization) string {
	if org.Country == "VN" || (len(org.Languages) > 0 && org.Languages[0] == "vi") {
		return "vi"
	}
	return "en"
}

// webContext resolves the request's session, language, form token and
// flash message, and gives a first-time visitor its CSRF cookie.
func (s *Server) webContext(c *fiber.Ctx) *webCtx {
	w := &webCtx{user: s.readSession(c)}
	w.lang = pickLang(c.Cookies(langCookie), w.user, c.Get(fiber.HeaderAcceptLanguage))
	seed := c.Cookies(csrfCookie)
	if len(seed) < 16 {
		seed = randomString(24)
		c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: seed, Path: "/", HTTPOnly: true, SameSite: "Lax", Secure: c.Secure(), Expires: time.Now().Add(365 * 24 * time.Hour)})
		// The token is checked against the cookie the browser sends back,
		// so a POST in this same request cannot pass.
		c.Request().Header.SetCookie(csrfCookie, "")
	}
	w.csrf = s.formToken(seed, w.user)
	if f := c.Cookies("tm_flash"); f != "" {
		if strings.HasPrefix(f, "flash.") && hasMessage(f) {
			w.flash = tr(w.lang, f)
		}
		c.Cookie(&fiber.Cookie{Name: "tm_flash", Value: "", Path: "/", Expires: time.Unix(1, 0), HTTPOnly: true, SameSite: "Lax", Secure: c.Secure()})
	}
	return w
}

// formToken is the CSRF token of forms: derived from the visitor's CSRF
// cookie and session, so signing in or out changes it.
func (s *Server) formToken(seed string, u *webUser) string {
	nonce := ""
	if u != nil {
		nonce = u.nonce
	}
	return base64.RawURLEncoding.EncodeToString(s.mac("csrf", seed, nonce))
}

// checkForm refuses a form post that did not come from one of our pages:
// a browser that says the request is cross-site or from another origin, or
// a form token that does not match the visitor's cookie and session.
func (s *Server) checkForm(c *fiber.Ctx, w *webCtx) error {
	refuse := &data.Error{Code: data.EFORBIDDEN, Message: errCSRF.Error()}
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		return errors.Join(refuse, errCSRF)
	}
	if o := c.Get(fiber.HeaderOrigin); o != "" {
		u, err := url.Parse(o)
		if o == "null" || err != nil || u.Host != c.Hostname() {
			return errors.Join(refuse, errCSRF)
		}
	}
	seed := c.Cookies(csrfCookie)
	got := c.FormValue("_csrf")
	if seed == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.formToken(seed, w.user))) != 1 {
		return errors.Join(refuse, errCSRF)
	}
	return nil
}

// pickLang chooses the page language: the visitor's own choice (cookie),
// then the signed-in organization's, then the browser's Accept-Language;
// English when nothing says.
func pickLang(cookie string, u *webUser, acceptLanguage string) string {
	if isWebLang(cookie) {
		return cookie
	}
	if u != nil && isWebLang(u.Lang) {
		return u.Lang
	}
	best, bestQ := "", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := parseQ(v); err == nil {
				q = f
			}
		}
		if isWebLang(primary) && q > bestQ && q > 0 {
			best, bestQ = primary, q
		}
	}
	if best != "" {
		return best
	}
	return "en"
}

func parseQ(v string) (float64, error) { return strconv.ParseFloat(v, 64) }

func (s *Server) startSession(c *fiber.Ctx, ss session) {
	ss.Nonce = randomString(16)
	ss.Expires = time.Now().Add(sessionTTL).Unix()
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: s.signSession(ss), Path: "/", HTTPOnly: true, SameSite: "Lax", Secure: c.Secure(), Expires: time.Now().Add(sessionTTL)})
}

func (s *Server) endSession(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, SameSite: "Lax", Secure: c.Secure(), Expires: time.Unix(1, 0)})
}

// requireOrg returns the signed-in organization's id, EUNAUTHORIZED when
// nobody is signed in and EFORBIDDEN for the organizer (who has no
// organization of its own).
func requireOrg(w *webCtx) (uint64, error) {
	if w.user == nil {
		return 0, data.Errorf(data.EUNAUTHORIZED, "sign in first")
	}
	if w.user.Admin {
		return 0, data.Errorf(data.EFORBIDDEN, "the organizer has no organization of its own")
	}
	return w.user.OrgID, nil
}

func requireOrganizer(w *webCtx) error {
	if w.user == nil {
		return data.Errorf(data.EUNAUTHORIZED, "sign in first")
	}
	if !w.user.Admin {
		return data.Errorf(data.EFORBIDDEN, "organizer only")
	}
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// signInPage shows the token form.
func (s *Server) signInPage(c *fiber.Ctx, w *webCtx) error {
	return s.render(c, w, 200, "signin", tr(w.lang, "signin.title"), "signin", signInView{Next: localPath(c.Query("next"))})
}

type signInView struct {
	Next  string
	Error string
}

// signIn checks an organization's (or the organizer's) token and opens a
// session. The token itself is never stored in the cookie.
func (s *Server) signIn(c *fiber.Ctx, w *webCtx) error {
	token := strings.TrimSpace(c.FormValue("token"))
	next := localPath(c.FormValue("next"))
	if token != "" && s.cfg.AdminToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.AdminToken)) == 1 {
		s.startSession(c, session{Admin: true})
		if next == "/" {
			next = "/organizer"
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	if token != "" {
		org, err := s.store.OrganizationByToken(HashToken(token))
		if err == nil {
			s.startSession(c, session{OrgID: org.ID})
			if c.Cookies(langCookie) == "" {
				w.lang = orgLang(org)
			}
			if next == "/" {
				next = "/my"
			}
			return c.Redirect(next, fiber.StatusSeeOther)
		} else if data.ErrorCode(err) != data.EUNAUTHORIZED && data.ErrorCode(err) != data.ENOTFOUND {
			return err
		}
	}
	return s.render(c, w, fiber.StatusUnauthorized, "signin", tr(w.lang, "signin.title"), "signin", signInView{Next: next, Error: tr(w.lang, "signin.bad")})
}

func (s *Server) signOut(c *fiber.Ctx, w *webCtx) error {
	s.endSession(c)
	return c.Redirect("/", fiber.StatusSeeOther)
}

// switchLang remembers the visitor's language in a cookie and goes back.
func (s *Server) switchLang(c *fiber.Ctx, w *webCtx) error {
	to := c.Query("to")
	if !isWebLang(to) {
		return data.Errorf(data.ENOTFOUND, "no language %q", to)
	}
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: to, Path: "/", SameSite: "Lax", Secure: c.Secure(), Expires: time.Now().Add(365 * 24 * time.Hour)})
	return c.Redirect(localPath(c.Query("next")), fiber.StatusSeeOther)
}
