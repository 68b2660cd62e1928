package api

// The web pages: server-rendered HTML for people (enterprises, foreign
// partners, organizers), in Vietnamese and English, beside the JSON API.
// Page handlers call the store, index and matching engine directly, never
// the HTTP API. Templates and static files are embedded, so the binary
// serves the pages with no build step and no files beside it.

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/techmatch/techmatch/data"
)

//go:embed web/templates/*.html
var templateFiles embed.FS

//go:embed web/static
var staticFiles embed.FS

// webPages holds the parsed templates (one set per language) and the key
// that signs session cookies and form tokens.
type webPages struct {
	tmpl map[string]map[string]*template.Template // lang -> page -> template
	key  []byte
}

// view is what every page template receives.
type view struct {
	Lang  string
	Title string
	// Path is the page's own address, for the language switch and sign-in
	// to return to.
	Path  string
	User  *webUser
	CSRF  string
	Flash string
	Nav   string
	D     any
}

// webCtx is what a page handler knows about the request beyond Fiber's
// context: who is signed in, the page language and the form token.
type webCtx struct {
	user  *webUser
	lang  string
	csrf  string
	flash string
}

type pageHandler func(c *fiber.Ctx, w *webCtx) error

// mountPages registers the web pages and static files on the app, and a
// fallback that answers unknown non-API paths with the 404 page.
func (s *Server) mountPages() {
	w, err := newWebPages()
	if err != nil {
		panic(err) // the templates are embedded: a test parses them
	}
	// Sessions are signed with the store's secret, so they outlive a
	// restart; without it (a store that cannot be read) they last as long
	// as the process.
	if key, err := s.store.SessionSecret(); err == nil {
		w.key = key
	} else {
		s.log.Error("session secret", "err", err)
	}
	s.web = w
	static, _ := fs.Sub(staticFiles, "web/static")
	s.app.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600}))
	for _, r := range s.pageRoutes() {
		s.app.Add(r.method, r.path, s.page(r.handler))
	}
	notFound := s.page(func(c *fiber.Ctx, w *webCtx) error {
		return data.Errorf(data.ENOTFOUND, "no page %s", c.Path())
	})
	s.app.Use(func(c *fiber.Ctx) error {
		if strings.HasPrefix(c.Path(), "/api/") {
			return c.Next() // the API's own 404, as problem+json
		}
		return notFound(c)
	})
}

type pageRoute struct {
	method, path string
	handler      pageHandler
}

func (s *Server) pageRoutes() []pageRoute {
	rs := []pageRoute{
		{"GET", "/", s.homePage},
		{"GET", "/lang", s.switchLang},
		{"GET", "/offers", s.offerSearchPage},
		{"GET", "/needs", s.needSearchPage},
		{"GET", "/offers/:id", s.offerPage},
		{"GET", "/needs/:id", s.needPage},
		{"GET", "/orgs/:id", s.orgPage},
		{"GET", "/signin", s.signInPage},
		{"POST", "/signin", s.signIn},
		{"POST", "/signout", s.signOut},
		{"GET", "/register", s.registerPage},
		{"POST", "/register", s.register},
		{"GET", "/my", s.myPage},
		{"GET", "/my/profile", s.profilePage},
		{"POST", "/my/profile", s.saveProfile},
		{"GET", "/my/matches", s.myMatchesPage},
		{"GET", "/my/offers/new", s.newOfferPage},
		{"POST", "/my/offers/new", s.createOfferForm},
		{"GET", "/my/needs/new", s.newNeedPage},
		{"POST", "/my/needs/new", s.createNeedForm},
		{"GET", "/my/offers/:id/edit", s.editOfferPage},
		{"POST", "/my/offers/:id/edit", s.saveOfferForm},
		{"GET", "/my/needs/:id/edit", s.editNeedPage},
		{"POST", "/my/needs/:id/edit", s.saveNeedForm},
		{"POST", "/my/offers/:id/status", s.offerStatusForm},
		{"POST", "/my/needs/:id/status", s.needStatusForm},
		{"GET", "/organizer", s.organizerPage},
	}
	return append(rs, s.eventPageRoutes()...)
}

func newWebPages() (*webPages, error) {
	w := &webPages{tmpl: map[string]map[string]*template.Template{}, key: newSessionKey()}
	pages, err := fs.Glob(templateFiles, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range webLangs {
		base := template.New("layout").Funcs(templateFuncs(lang))
		if _, err := base.ParseFS(templateFiles, "web/templates/layout.html", "web/templates/parts.html"); err != nil {
			return nil, err
		}
		w.tmpl[lang] = map[string]*template.Template{}
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			if name == "layout" || name == "parts" {
				continue
			}
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := t.ParseFS(templateFiles, p); err != nil {
				return nil, err
			}
			w.tmpl[lang][name] = t
		}
	}
	return w, nil
}

// page wraps a page handler: it resolves the session, language and form
// token, refuses cross-site form posts, and renders errors as pages.
func (s *Server) page(h pageHandler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		w := s.webContext(c)
		if c.Method() == fiber.MethodPost {
			if err := s.checkForm(c, w); err != nil {
				return s.errorPage(c, w, err)
			}
		}
		if err := h(c, w); err != nil {
			return s.errorPage(c, w, err)
		}
		return nil
	}
}

// render writes page name with data d.
func (s *Server) render(c *fiber.Ctx, w *webCtx, status int, name, title, nav string, d any) error {
	t := s.web.tmpl[w.lang][name]
	if t == nil {
		return errors.New("no template " + name)
	}
	v := &view{Lang: w.lang, Title: title, Path: string(c.Request().URI().RequestURI()), User: w.user, CSRF: w.csrf, Flash: w.flash, Nav: nav, D: d}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set("Content-Language", w.lang)
	c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
	c.Set(fiber.HeaderCacheControl, "no-store")
	// Stricter than the server's page policy: the pages have no inline
	// styles or scripts at all.
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	return c.Status(status).Send(buf.Bytes())
}

type errorView struct {
	Status  int
	Heading string
	Message string
	SignIn  bool
}

// errorPage renders err as a page in the request's language: 404 and 403
// pages, a 400 for a bad address, 500 (logged) for the rest. A page that
// needs a session sends the visitor to sign in first.
func (s *Server) errorPage(c *fiber.Ctx, w *webCtx, err error) error {
	code := data.ErrorCode(err)
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			code = data.ENOTFOUND
		case fiber.StatusRequestEntityTooLarge:
			code = data.ETOOLARGE
		default:
			if fe.Code < 500 {
				code = data.EINVALID
			}
		}
	}
	if code == data.EUNAUTHORIZED && c.Method() == fiber.MethodGet {
		return c.Redirect("/signin?next="+urlQueryEscape(string(c.Request().URI().RequestURI())), fiber.StatusSeeOther)
	}
	ev := errorView{}
	switch code {
	case data.ENOTFOUND:
		ev = errorView{Status: 404, Heading: tr(w.lang, "err.404.title"), Message: tr(w.lang, "err.404.text")}
	case data.EFORBIDDEN:
		ev = errorView{Status: 403, Heading: tr(w.lang, "err.403.title"), Message: tr(w.lang, "err.403.text")}
		if errors.Is(err, errCSRF) {
			ev.Message = tr(w.lang, "err.csrf.text")
		}
	case data.EUNAUTHORIZED:
		ev = errorView{Status: 401, Heading: tr(w.lang, "err.401.title"), Message: tr(w.lang, "err.401.text"), SignIn: true}
	case data.EINVALID:
		ev = errorView{Status: 400, Heading: tr(w.lang, "err.400.title"), Message: tr(w.lang, "err.400.text")}
	case data.ETOOLARGE:
		ev = errorView{Status: 413, Heading: tr(w.lang, "err.413.title"), Message: tr(w.lang, "err.413.text")}
	case data.ECONFLICT:
		ev = errorView{Status: 409, Heading: tr(w.lang, "err.409.title"), Message: localizeMessage(w.lang, errMessage(err))}
	default:
		s.log.Error("page failed", "method", c.Method(), "path", c.Path(), "err", err)
		ev = errorView{Status: 500, Heading: tr(w.lang, "err.500.title"), Message: tr(w.lang, "err.500.text")}
	}
	if rerr := s.render(c, w, ev.Status, "error", ev.Heading, "", ev); rerr != nil {
		s.log.Error("error page failed", "err", rerr)
		return c.Status(ev.Status).SendString(ev.Heading)
	}
	return nil
}

func errMessage(err error) string {
	var e *data.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// pageID parses the :id of a page address; a bad one is a missing page.
func pageID(c *fiber.Ctx) (uint64, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, data.Errorf(data.ENOTFOUND, "no such page")
	}
	return id, nil
}

// localPath returns next if it is a path on this site, else "/": sign-in
// and the language switch never redirect elsewhere.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// setFlash leaves a message key for the next page the visitor sees.
func setFlash(c *fiber.Ctx, key string) {
	c.Cookie(&fiber.Cookie{Name: "tm_flash", Value: key, Path: "/", HTTPOnly: true, SameSite: "Lax", Secure: c.Secure(), Expires: time.Now().Add(time.Minute)})
}
