package api_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/api"
)

// A store that cannot be read is the server's fault: the match route
// answers 500 and logs why, and never claims the record does not exist.
func TestAPI_MatchRouteStoreFailureIs500(t *testing.T) {
	var logs lockedBuffer
	ts := mustStartWith(t, t.TempDir(), api.Config{AdminToken: adminToken, NoSemantic: true,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	reg := ts.register(t, "Busan Shore Power Co", "KR", "partner")
	o := ts.postOffer(t, reg.Token, map[string]any{"title": "Shore power converters for container berths"})
	path := fmt.Sprintf("/api/v1/offers/%d/matches", o.ID)
	if r := ts.do(t, "GET", path, "", nil); r.Status != 200 {
		t.Fatalf("before: %d %s", r.Status, r.Body)
	}

	ts.storeClosed = true
	if err := ts.Store.Close(); err != nil {
		t.Fatal(err)
	}
	r := ts.do(t, "GET", path, "", nil)
	if r.Status != 500 {
		t.Fatalf("with the store closed: %d %s, want 500", r.Status, r.Body)
	}
	if p := r.problem(t); strings.Contains(p.Detail, "does not exist") {
		t.Errorf("detail %q blames the record", p.Detail)
	}
	if got := logs.String(); !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "database not open") {
		t.Errorf("the failure was not logged with its cause:\n%s", got)
	}
}
