package api

import (
	"strings"

	"github.com/techmatch/techmatch/match"
)

// Vocabulary returns the word counts matching weighs words by, for tests.
func (s *Server) Vocabulary() *match.Vocabulary { return s.cfg.Vocabulary }

// RouteInfo is one route the server answers, in OpenAPI path form.
type RouteInfo struct{ Method, Path string }

// Routes lists the routes registered with Fiber (not the route table), so
// a test can hold the OpenAPI document to what is really served.
func Routes(s *Server) []RouteInfo {
	var out []RouteInfo
	seen := map[RouteInfo]bool{}
	for _, r := range s.app.GetRoutes(true) {
		if r.Method == "HEAD" || r.Method == "USE" || !strings.HasPrefix(r.Path, "/api/") {
			continue // Fiber adds HEAD for every GET; USE is middleware; the rest are web pages
		}
		ri := RouteInfo{Method: r.Method, Path: openAPIPath(r.Path)}
		if !seen[ri] {
			seen[ri] = true
			out = append(out, ri)
		}
	}
	return out
}
