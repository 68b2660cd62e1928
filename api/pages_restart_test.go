package api_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data/bolt"
)

// A signed-in organization stays signed in when the service restarts over
// the same store: sessions are signed with the store's secret, not one made
// up per process.
func TestPages_SessionSurvivesRestart(t *testing.T) {
	ts := mustStartDemo(t)
	v := ts.visitor(t)
	v.signIn("demo-sao-bien-port")
	v.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if p := v.get("/my"); p.Status != 200 {
		t.Fatalf("before the restart: /my is %d", p.Status)
	}

	// The first server stops; a second one serves the same store.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	srv := api.New(ts.Store, ts.Index, api.Config{AdminToken: adminToken})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	ts.srv = srv // closed at cleanup
	old, _ := url.Parse(ts.URL)
	ts.URL = "http://" + ln.Addr().String()
	now, _ := url.Parse(ts.URL)
	v.c.Jar.SetCookies(now, v.c.Jar.Cookies(old))

	if p := v.get("/my"); p.Status != 200 {
		t.Fatalf("after the restart: /my is %d (%s), the session was lost", p.Status, p.Header.Get("Location"))
	}
}

func TestStore_SessionSecret(t *testing.T) {
	open := func(path string) *bolt.Store {
		s, err := bolt.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	dir := t.TempDir()
	a := open(filepath.Join(dir, "a.db"))
	first, err := a.SessionSecret()
	if err != nil || len(first) != 32 {
		t.Fatalf("secret %x, %v", first, err)
	}
	again, _ := a.SessionSecret()
	a.Close()
	a = open(filepath.Join(dir, "a.db"))
	reopened, _ := a.SessionSecret()
	a.Close()
	b := open(filepath.Join(dir, "b.db"))
	other, _ := b.SessionSecret()
	b.Close()
	if !bytes.Equal(first, again) || !bytes.Equal(first, reopened) {
		t.Fatal("a store's secret changed")
	}
	if bytes.Equal(first, other) {
		t.Fatal("two stores share one secret")
	}
}
