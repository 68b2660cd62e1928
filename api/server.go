// Package api serves techmatch over HTTP: the JSON API under /api/v1, its
// OpenAPI document, authentication by bearer token and the error format
// (application/problem+json). It is the only package that knows Fiber.
package api

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// Config holds the server's settings.
type Config struct {
	// AdminToken is the organizer's token; empty disables organizer access.
	AdminToken string
	// BodyLimit is the largest request body accepted, in bytes.
	BodyLimit int
	Logger    *slog.Logger
	// Glossary translates technology terms for matching; nil loads the
	// built-in one.
	Glossary *match.Glossary
	// Vocabulary holds word frequencies for matching; nil counts the
	// store's records at start and then follows every write. A given
	// vocabulary is used as it is.
	Vocabulary *match.Vocabulary
	// NoSemantic turns off the semantic space (and the time to build it).
	NoSemantic bool
	// Limits are the per-token and per-address request rates; the zero
	// value allows any rate (serve uses DefaultLimits).
	Limits Limits
	// TrustedProxies are the addresses or CIDRs of reverse proxies whose
	// X-Forwarded-For names the client (see ParseTrustedProxies); none by
	// default.
	TrustedProxies []netip.Prefix
	// Clock is the rate limiter's clock; nil is time.Now.
	Clock func() time.Time
	// Read, write and idle timeouts of connections; zero picks 30 s, 60 s
	// and 60 s.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// Server is the HTTP face of techmatch.
type Server struct {
	app   *fiber.App
	store *bolt.Store
	index *search.Index
	cfg   Config
	log   *slog.Logger
	// eng is the matching engine, replaced once the semantic space
	// (learned from the store in the background at start) is ready; it
	// caches what it derives from records' texts.
	eng atomic.Pointer[match.Engine]

	obs     *observer      // metrics
	lim     *limiter       // request rates
	proxies []netip.Prefix // trusted reverse proxies
	web     *webPages      // the web pages (pages.go)
	// base is the parent of every request's context; cancelRequests ends
	// it when Shutdown gives up waiting for them.
	base           context.Context
	cancelRequests context.CancelFunc
	// stopLearning cancels the background learner; learning is done
	// when it has returned.
	stopLearning context.CancelFunc
	learning     sync.WaitGroup
	// Compactions after imports (compact.go) run under bgCtx, the
	// learner's, and are waited for with learning; bgClosed (set by
	// Shutdown) refuses more.
	bgCtx                              context.Context
	bgMu                               sync.Mutex
	bgClosed, compacting, compactAgain bool
	imported                           int // records imported since the last compaction
	compactTimer                       *time.Timer
	// follow is where the vocabulary is in the change log.
	follow follower
	// unfollow stops the store's group commits from syncing the index.
	unfollow func()
	// requestTimeout bounds the work for one request (and the writing of
	// its answer): Config.WriteTimeout.
	requestTimeout time.Duration
}

// DefaultBodyLimit is the default largest request body: 1 MiB, far above
// any valid record (a description is at most 20,000 characters).
const DefaultBodyLimit = 1 << 20

// New returns a server over store and index.
func New(store *bolt.Store, index *search.Index, cfg Config) *Server {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Glossary == nil {
		if g, err := match.DefaultGlossary(); err == nil {
			cfg.Glossary = g
		} else {
			cfg.Logger.Error("glossary", "err", err) // a test keeps the built-in one valid
		}
	}
	fill := cfg.Vocabulary == nil
	if fill {
		// Filled from the store in the background, with the semantic space.
		cfg.Vocabulary = match.NewVocabulary(cfg.Glossary)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	s := &Server{store: store, index: index, cfg: cfg, log: cfg.Logger}
	s.proxies = cfg.TrustedProxies
	s.obs = s.newObserver()
	s.lim = newLimiter(cfg.Limits, cfg.Clock)
	s.base, s.cancelRequests = context.WithCancel(context.Background())
	s.requestTimeout = orDefault(cfg.WriteTimeout, 60*time.Second)
	s.eng.Store(s.newEngine(nil))
	// A group commit's leader makes the group's writes searchable once for
	// all of them, while the next group commits; each handler's own
	// syncIndex then finds them applied.
	s.unfollow = store.SetFollower(func() { _ = s.syncIndex() })
	var lctx context.Context
	lctx, s.stopLearning = context.WithCancel(context.Background())
	s.bgCtx = lctx
	s.learning.Add(1)
	go func() {
		defer s.learning.Done()
		s.runLearner(lctx, fill)
	}()
	s.app = fiber.New(fiber.Config{
		AppName:   "techmatch",
		Immutable: true, // strings from the request (params, body) outlive the handler
		BodyLimit: cfg.BodyLimit,
		// Room for a long query string, so a 10 kB search is answered with
		// our 400 naming q rather than fasthttp's bare 431.
		ReadBufferSize:        32 << 10,
		ReadTimeout:           orDefault(cfg.ReadTimeout, 30*time.Second),
		WriteTimeout:          s.requestTimeout,
		IdleTimeout:           orDefault(cfg.IdleTimeout, 60*time.Second),
		DisableStartupMessage: true,
		ErrorHandler:          errorHandler(cfg.Logger),
		JSONEncoder:           jsonMarshal,
	})
	s.app.Use(s.observe, securityHeaders)
	s.app.Use(func(c *fiber.Ctx) error {
		// Work for a request stops when its answer could no longer be
		// written, or when Shutdown stops waiting for it.
		ctx, cancel := context.WithTimeout(s.base, s.requestTimeout)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	})
	s.app.Use(func(c *fiber.Ctx) error {
		// A panic in a handler becomes a logged 500, never a dropped connection.
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic", "path", c.Path(), "panic", r)
				_ = errorHandler(s.log)(c, fiber.ErrInternalServerError)
			}
		}()
		return c.Next()
	})
	for _, r := range s.routes() {
		s.app.Add(r.Method, r.Path, s.routed, r.Handler)
	}
	s.mountPages()
	s.app.Use(func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusNotFound, "no route "+c.Method()+" "+c.Path())
	})
	return s
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops the background learner, stops accepting connections and
// waits, until ctx ends, for in-flight requests to finish; those still
// running then are cancelled. It returns when the learner has stopped, so
// the store and the index can be closed after it.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopLearning()
	s.stopCompactions()
	err := s.app.ShutdownWithContext(ctx)
	s.unfollow()
	s.cancelRequests()
	s.learning.Wait()
	return err
}

// route is one API route; the table drives both Fiber and the OpenAPI document.
type route struct {
	Method, Path string
	Summary      string
	Auth         string // "", "org", "owner" or "admin"
	Body         any    // request body type, for the OpenAPI document
	Response     any
	Status       int
	Query        []string
	Handler      fiber.Handler
}

func (s *Server) routes() []route {
	return append([]route{
		{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This OpenAPI document", Handler: s.openAPI},
		{Method: "GET", Path: "/api/v1/health", Summary: "Liveness and record counts", Handler: s.health},
		{Method: "GET", Path: "/healthz", Summary: "Liveness: the process answers", Handler: s.healthz},
		{Method: "GET", Path: "/readyz", Summary: "Readiness: store open, index caught up with the change log, semantic space state (503 when not ready)", Response: readiness{}, Handler: s.readyz},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics", Handler: s.metrics()},
		{Method: "GET", Path: "/api/v1/sectors", Summary: "The sector taxonomy", Response: []data.Sector{}, Handler: s.sectors},

		{Method: "POST", Path: "/api/v1/organizations", Summary: "Register an organization; the token is shown once", Body: data.OrganizationFields{}, Response: orgCreated{}, Status: 201, Handler: s.createOrg},
		{Method: "GET", Path: "/api/v1/organizations", Summary: "List organizations", Query: []string{"limit", "cursor"}, Response: page[data.Organization]{}, Handler: s.listOrgs},
		{Method: "GET", Path: "/api/v1/organizations/:id", Summary: "Read an organization", Response: data.Organization{}, Handler: s.getOrg},
		{Method: "PATCH", Path: "/api/v1/organizations/:id", Summary: "Update an organization", Auth: "owner", Body: data.OrganizationFields{}, Response: data.Organization{}, Handler: s.patchOrg},
		{Method: "DELETE", Path: "/api/v1/organizations/:id", Summary: "Delete an organization with its offers and needs", Auth: "owner", Status: 204, Handler: s.deleteOrg},
		{Method: "GET", Path: "/api/v1/organizations/:id/offers", Summary: "An organization's offers", Response: page[data.Offer]{}, Handler: s.orgOffers},
		{Method: "GET", Path: "/api/v1/organizations/:id/needs", Summary: "An organization's needs", Response: page[data.Need]{}, Handler: s.orgNeeds},

		{Method: "POST", Path: "/api/v1/offers", Summary: "Post an offer", Auth: "org", Query: []string{"org_id"}, Body: data.OfferFields{}, Response: data.Offer{}, Status: 201, Handler: s.createOffer},
		{Method: "GET", Path: "/api/v1/offers", Summary: "Search offers", Query: searchParams, Response: searchPage[data.Offer]{}, Handler: s.searchOffers},
		{Method: "GET", Path: "/api/v1/offers/:id", Summary: "Read an offer", Response: data.Offer{}, Handler: s.getOffer},
		{Method: "PATCH", Path: "/api/v1/offers/:id", Summary: "Update an offer", Auth: "owner", Body: data.OfferFields{}, Response: data.Offer{}, Handler: s.patchOffer},
		{Method: "DELETE", Path: "/api/v1/offers/:id", Summary: "Delete an offer", Auth: "owner", Status: 204, Handler: s.deleteOffer},

		{Method: "POST", Path: "/api/v1/needs", Summary: "Post a need", Auth: "org", Query: []string{"org_id"}, Body: data.NeedFields{}, Response: data.Need{}, Status: 201, Handler: s.createNeed},
		{Method: "GET", Path: "/api/v1/needs", Summary: "Search needs", Query: searchParams, Response: searchPage[data.Need]{}, Handler: s.searchNeeds},
		{Method: "GET", Path: "/api/v1/needs/:id", Summary: "Read a need", Response: data.Need{}, Handler: s.getNeed},
		{Method: "PATCH", Path: "/api/v1/needs/:id", Summary: "Update a need", Auth: "owner", Body: data.NeedFields{}, Response: data.Need{}, Handler: s.patchNeed},
		{Method: "DELETE", Path: "/api/v1/needs/:id", Summary: "Delete a need", Auth: "owner", Status: 204, Handler: s.deleteNeed},
		{Method: "GET", Path: "/api/v1/needs/:id/matches", Summary: "Offers that fit a need, best first, with reasons", Query: []string{"limit"}, Response: matchPage[data.Offer]{}, Handler: s.needMatches},
		{Method: "GET", Path: "/api/v1/offers/:id/matches", Summary: "Needs an offer can serve, best first, with reasons", Query: []string{"limit"}, Response: matchPage[data.Need]{}, Handler: s.offerMatches},

		{Method: "POST", Path: "/api/v1/admin/reindex", Summary: "Rebuild the search index from the store while serving", Auth: "admin", Handler: s.reindex},
		{Method: "POST", Path: "/api/v1/admin/import", Summary: "Load offers and needs from JSON Lines, CSV or XLSX (raw body or form part \"file\") while serving; rows without ids update by natural key; bad rows by line and field", Auth: "admin", Query: []string{"format", "name", "line_offset"}, Response: importAnswer{}, Handler: s.adminImport},
		{Method: "GET", Path: "/api/v1/admin/backup", Summary: "A consistent copy of the store file", Auth: "admin", Handler: s.backup},
	}, s.eventRoutes()...)
}

func (s *Server) health(c *fiber.Ctx) error {
	st, err := s.store.Stats()
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": "ok", "store": st})
}

func (s *Server) sectors(c *fiber.Ctx) error { return c.JSON(data.Sectors()) }

// pathID parses the :id route parameter.
func pathID(c *fiber.Ctx) (uint64, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, data.Invalid(data.FieldError{Field: "id", Message: "must be a positive whole number"})
	}
	return id, nil
}

// queryInt parses an optional integer query parameter within [lo, hi].
func queryInt(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, data.Invalid(data.FieldError{Field: name, Message: "must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)})
	}
	return n, nil
}

// newLike returns a pointer to a new zero value of the type dst points to.
func newLike(dst any) any { return reflect.New(reflect.TypeOf(dst).Elem()).Interface() }

func sortFields(fs []data.FieldError) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Field < fs[j].Field })
}
