package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Learner states, as /readyz and the techmatch_learner_state metric report
// them: the background pass that counts the store's words and learns the
// semantic space at start.
const (
	learnerLearning    = "learning"    // still reading the store
	learnerReady       = "ready"       // the semantic space is in use
	learnerOff         = "off"         // turned off (Config.NoSemantic)
	learnerUnavailable = "unavailable" // too few records, or it failed: matching works without it
)

var learnerStates = []string{learnerLearning, learnerReady, learnerOff, learnerUnavailable}

// observer holds the server's metrics: one Prometheus registry per server,
// so tests can run many servers in one process.
type observer struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	ops      *prometheus.HistogramVec
	limited  *prometheus.CounterVec
	// compactions counts the index compactions after admin imports.
	compactions prometheus.Counter

	learner      atomic.Value // string: one of learnerStates
	learnSeconds atomic.Value // float64
}

// Operations timed by the techmatch_operation_seconds histogram. Handlers
// time their work with s.timeOp(opX); the events code uses the same hook
// for the match list and the schedule.
const (
	opMatch     = "match"      // ranking counterparts of one need or offer
	opMatchList = "match_list" // an event's optimal match list
	opSchedule  = "schedule"   // placing an event's meetings in slots
	opReindex   = "reindex"
	opImport    = "import"
)

func (s *Server) newObserver() *observer {
	o := &observer{reg: prometheus.NewRegistry()}
	o.learner.Store(learnerLearning)
	o.learnSeconds.Store(0.0)
	o.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "techmatch_http_requests_total",
		Help: "HTTP requests answered, by method, route pattern and status.",
	}, []string{"method", "route", "status"})
	o.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "techmatch_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route"})
	o.ops = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "techmatch_operation_seconds",
		Help:    "Time spent in matching, event match lists, scheduling, reindexing and imports.",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"op"})
	o.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "techmatch_rate_limited_total",
		Help: "Requests refused with 429, by limit class (write, search, match) and key (token, address).",
	}, []string{"class", "by"})
	o.compactions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "techmatch_index_compactions_total",
		Help: "Index compactions into one segment done in the background after a large admin import.",
	})
	o.reg.MustRegister(o.requests, o.latency, o.ops, o.limited, o.compactions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&stateCollector{s: s})
	return o
}

// timeOp starts timing operation op; call the returned function when it is
// done: defer s.timeOp(opMatchList)().
func (s *Server) timeOp(op string) func() {
	start := time.Now()
	return func() { s.obs.ops.WithLabelValues(op).Observe(time.Since(start).Seconds()) }
}

// stateCollector reads the store, index and learner state at scrape time.
type stateCollector struct{ s *Server }

var (
	descRecords = prometheus.NewDesc("techmatch_store_records", "Records in the store, by kind.", []string{"kind"}, nil)
	descStore   = prometheus.NewDesc("techmatch_store_file_bytes", "Size of the store file.", nil, nil)
	descLast    = prometheus.NewDesc("techmatch_changelog_last_seq", "Sequence of the newest change-log entry.", nil, nil)
	descApplied = prometheus.NewDesc("techmatch_index_applied_seq", "Last change-log sequence the index has applied.", nil, nil)
	descLag     = prometheus.NewDesc("techmatch_index_lag_changes", "Change-log entries the index has not applied yet.", nil, nil)
	descDocs    = prometheus.NewDesc("techmatch_index_documents", "Documents in the live index generation.", nil, nil)
	descIdxSize = prometheus.NewDesc("techmatch_index_bytes", "Size of the live index generation on disk.", nil, nil)
	descSegs    = prometheus.NewDesc("techmatch_index_segments", "Segments of the live index generation; each search walks every one.", nil, nil)
	descLearner = prometheus.NewDesc("techmatch_learner_state", "Background learner (vocabulary and semantic space): 1 for its current state.", []string{"state"}, nil)
	descLearnS  = prometheus.NewDesc("techmatch_learner_seconds", "How long the background learner took (0 until it is done).", nil, nil)
)

func (sc *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRecords, descStore, descLast, descApplied, descLag, descDocs, descIdxSize, descSegs, descLearner, descLearnS} {
		ch <- d
	}
}

func (sc *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := sc.s
	if st, err := s.store.Stats(); err == nil {
		ch <- prometheus.MustNewConstMetric(descRecords, prometheus.GaugeValue, float64(st.Organizations), "organization")
		ch <- prometheus.MustNewConstMetric(descRecords, prometheus.GaugeValue, float64(st.Offers), "offer")
		ch <- prometheus.MustNewConstMetric(descRecords, prometheus.GaugeValue, float64(st.Needs), "need")
		ch <- prometheus.MustNewConstMetric(descLast, prometheus.GaugeValue, float64(st.LastChange))
		if s.index != nil {
			applied := s.index.Applied()
			ch <- prometheus.MustNewConstMetric(descApplied, prometheus.GaugeValue, float64(applied))
			ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, float64(lag(st.LastChange, applied)))
		}
	}
	if fi, err := os.Stat(s.store.Path()); err == nil {
		ch <- prometheus.MustNewConstMetric(descStore, prometheus.GaugeValue, float64(fi.Size()))
	}
	if s.index != nil {
		if n, err := s.index.DocCount(); err == nil {
			ch <- prometheus.MustNewConstMetric(descDocs, prometheus.GaugeValue, float64(n))
		}
		ch <- prometheus.MustNewConstMetric(descIdxSize, prometheus.GaugeValue, float64(dirSize(s.index.Dir())))
		if n, err := s.index.Segments(); err == nil {
			ch <- prometheus.MustNewConstMetric(descSegs, prometheus.GaugeValue, float64(n))
		}
	}
	state := s.obs.learner.Load().(string)
	for _, st := range learnerStates {
		v := 0.0
		if st == state {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(descLearner, prometheus.GaugeValue, v, st)
	}
	ch <- prometheus.MustNewConstMetric(descLearnS, prometheus.GaugeValue, s.obs.learnSeconds.Load().(float64))
}

func lag(last, applied uint64) uint64 {
	if last > applied {
		return last - applied
	}
	return 0
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// runLearner runs the background learner and records its state.
func (s *Server) runLearner(ctx context.Context, fill bool) {
	start := time.Now()
	s.learn(ctx, fill)
	state := learnerUnavailable
	switch {
	case s.cfg.NoSemantic:
		state = learnerOff
	case s.engine().Semantic != nil:
		state = learnerReady
	}
	s.obs.learnSeconds.Store(time.Since(start).Seconds())
	s.obs.learner.Store(state)
}

// requestIDPattern is what an incoming X-Request-ID may look like to be
// kept (so a log line cannot be forged through it); others are replaced.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

const localRequestID = "request_id"

// requestID returns the request's id (set by the observe middleware).
func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

const localRoute = "route"

// routeLabel is the request's route pattern ("/api/v1/offers/:id"), never
// the raw path, so metrics stay bounded and logs hold no ids or queries;
// "unmatched" when no route took the request.
func routeLabel(c *fiber.Ctx) string {
	if r, ok := c.Locals(localRoute).(string); ok {
		return r
	}
	return "unmatched"
}

// routed runs first on every route: it names the route for the log and the
// metrics, then applies the rate limits.
func (s *Server) routed(c *fiber.Ctx) error {
	c.Locals(localRoute, c.Route().Path)
	return s.rateLimit(c)
}

// observe is the outermost middleware: it gives each request an id
// (X-Request-ID, kept from the request when well formed), answers errors
// through the error handler so the status is known, then logs one line and
// counts the request. The line holds no token, query string or body.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	id := c.Get("X-Request-ID")
	if !requestIDPattern.MatchString(id) {
		id = newRequestID()
	}
	c.Locals(localRequestID, id)
	c.Set("X-Request-ID", id)
	if err := c.Next(); err != nil {
		if herr := s.app.ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	route := routeLabel(c)
	method := c.Method()
	d := time.Since(start)
	s.obs.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	s.obs.latency.WithLabelValues(method, route).Observe(d.Seconds())
	level := slog.LevelInfo
	switch {
	case status == fiber.StatusServiceUnavailable:
		level = slog.LevelWarn
	case status >= 500:
		level = slog.LevelError
	}
	s.log.LogAttrs(context.Background(), level, "request",
		slog.String("request_id", id),
		slog.String("method", method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("ms", float64(d.Microseconds())/1000),
		slog.Int("bytes", len(c.Response().Body())),
		slog.String("client", s.clientAddr(c)),
	)
	return nil
}

func (s *Server) metrics() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.obs.reg, promhttp.HandlerOpts{}))
}

// healthz says the process is alive and answering.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "alive"})
}

// readiness is the answer of /readyz.
type readiness struct {
	Ready bool `json:"ready"`
	// Store is "open" when a read transaction works.
	Store string `json:"store"`
	// Index is "caught_up" when it has applied the whole change log,
	// "behind" otherwise.
	Index       string `json:"index"`
	IndexLag    uint64 `json:"index_lag"`
	LastChange  uint64 `json:"last_change"`
	Applied     uint64 `json:"applied"`
	Semantic    string `json:"semantic_space"`
	LearnerSecs string `json:"learner_seconds,omitempty"`
	Problem     string `json:"problem,omitempty"`
}

// readyz says whether the service can answer correctly: the store opens a
// transaction and the index has applied the whole change log (it is given
// a moment to catch up with writes in flight). The semantic space is
// reported but does not decide readiness: matching works without it.
func (s *Server) readyz(c *fiber.Ctx) error {
	r := readiness{Store: "open", Index: "caught_up", Semantic: s.obs.learner.Load().(string)}
	if v := s.obs.learnSeconds.Load().(float64); v > 0 {
		r.LearnerSecs = strconv.FormatFloat(v, 'f', 2, 64)
	}
	st, err := s.store.Stats()
	if err != nil {
		r.Store, r.Problem = "unavailable", "store: "+err.Error()
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	if s.index == nil {
		r.Index, r.Problem = "none", "the server has no search index"
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	r.LastChange, r.Applied = st.LastChange, s.index.Applied()
	if r.LastChange > r.Applied {
		// A write may be between its commit and its index apply: give the
		// indexer a moment (it is what every write does before answering).
		done := make(chan error, 1)
		go func() { done <- s.index.Sync() }()
		select {
		case err := <-done:
			if err != nil {
				r.Problem = "index: " + err.Error()
			}
		case <-time.After(2 * time.Second):
		}
		r.Applied = s.index.Applied()
	}
	r.IndexLag = lag(r.LastChange, r.Applied)
	if r.IndexLag > 0 {
		r.Index = "behind"
	}
	r.Ready = r.IndexLag == 0 && r.Problem == ""
	if !r.Ready {
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	return c.JSON(r)
}
