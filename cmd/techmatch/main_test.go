package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/demo"
	"github.com/techmatch/techmatch/search"
)

// binary is the program the tests run as a process (start, kill,
// restart): this test binary, which acts as techmatch when
// TECHMATCH_TEST_MAIN is set (see TestMain), built with the same flags
// (-race included) as the tests.
var binary string

func TestMain(m *testing.M) {
	if os.Getenv("TECHMATCH_TEST_MAIN") == "1" {
		if n, err := strconv.Atoi(os.Getenv("TECHMATCH_TEST_HOLD_INDEX_AFTER")); err == nil {
			indexSource = func(s *bolt.Store) search.Source { return &holdingSource{Store: s, batches: n} }
		}
		main()
		os.Exit(0)
	}
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	binary = exe
	// restore checks a backup in a child process: this binary, as techmatch.
	checkCommand = func(ctx context.Context, file string) (*exec.Cmd, error) {
		cmd := exec.CommandContext(ctx, exe, "check", "--json", file)
		cmd.Env = append(os.Environ(), "TECHMATCH_TEST_MAIN=1")
		return cmd, nil
	}
	os.Exit(m.Run())
}

// holdingSource is the store as the index reads it, except that after
// batches batches of changes it blocks the indexer for good, between the
// store's commit and the index's apply, so a test can kill the process in
// exactly that window.
type holdingSource struct {
	*bolt.Store
	mu      sync.Mutex
	batches int
}

func (h *holdingSource) Changes(after uint64, limit int) ([]data.Change, error) {
	changes, err := h.Store.Changes(after, limit)
	if len(changes) > 0 {
		h.mu.Lock()
		h.batches--
		hold := h.batches < 0
		h.mu.Unlock()
		if hold {
			fmt.Fprintln(os.Stderr, "test hook: holding the indexer")
			select {}
		}
	}
	return changes, err
}

// proc is a running `techmatch serve`.
type proc struct {
	cmd    *exec.Cmd
	URL    string
	stderr *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServe(tb testing.TB, dataDir string, env []string, extra ...string) *proc {
	tb.Helper()
	return startServeBinary(tb, binary, dataDir, env, extra...)
}

func startServeBinary(tb testing.TB, bin, dataDir string, env []string, extra ...string) *proc {
	tb.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--admin-token", "admin-secret"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "TECHMATCH_TEST_MAIN=1"), env...)
	stdout, _ := cmd.StdoutPipe()
	p := &proc{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "techmatch listening on ") {
				line <- strings.TrimPrefix(sc.Text(), "techmatch listening on ")
			}
		}
	}()
	select {
	case p.URL = <-line:
	case <-time.After(60 * time.Second):
		tb.Fatalf("server did not start; stderr:\n%s", p.stderr.String())
	}
	return p
}

func call(tb testing.TB, method, url, token string, body any) (int, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func register(tb testing.TB, url, name string) string {
	tb.Helper()
	status, body := call(tb, "POST", url+"/api/v1/organizations", "", map[string]any{"name": name, "kind": "partner", "country": "KR"})
	if status != 201 {
		tb.Fatalf("register: %d %s", status, body)
	}
	var reg struct{ Token string }
	json.Unmarshal(body, &reg)
	return reg.Token
}

func searchTotal(tb testing.TB, url, q string) (int, []byte) {
	tb.Helper()
	status, body := call(tb, "GET", url+"/api/v1/offers?limit=100&q="+q, "", nil)
	if status != 200 {
		tb.Fatalf("search: %d %s", status, body)
	}
	var page struct{ Total int }
	json.Unmarshal(body, &page)
	return page.Total, body
}

// The process is killed after the store commits a write and before the
// index applies it; on restart every acknowledged record is searchable,
// and none twice.
func TestCrashBetweenCommitAndIndex(t *testing.T) {
	dir := t.TempDir()
	// Registration is batch 1, the five offers are batches 2-6; the 7th holds.
	p := startServe(t, dir, []string{"TECHMATCH_TEST_HOLD_INDEX_AFTER=6"})
	token := register(t, p.URL, "Crash Test Partner")
	for i := 0; i < 5; i++ {
		status, body := call(t, "POST", p.URL+"/api/v1/offers", token, map[string]any{"title": fmt.Sprintf("Acknowledged hydrogen electrolyser %d", i)})
		if status != 201 {
			t.Fatalf("offer %d: %d %s", i, status, body)
		}
	}
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", p.URL+"/api/v1/offers", strings.NewReader(`{"title":"Committed but never acknowledged hydrogen electrolyser"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.stderr.String(), "holding the indexer") {
		if time.Now().After(deadline) {
			t.Fatalf("the hook never held; stderr:\n%s", p.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
	if status := <-done; status == 201 {
		t.Fatal("the held write was acknowledged before the index applied it")
	}

	p = startServe(t, dir, nil)
	total, body := searchTotal(t, p.URL, "hydrogen+electrolyser")
	if total != 6 {
		t.Fatalf("after restart %d hits, want 5 acknowledged + 1 committed: %s", total, body)
	}
	for i := 0; i < 5; i++ {
		if n := strings.Count(string(body), fmt.Sprintf("Acknowledged hydrogen electrolyser %d", i)); n != 1 {
			t.Errorf("acknowledged offer %d appears %d times", i, n)
		}
	}
}

// SIGTERM lets in-flight requests finish, then closes the store cleanly.
func TestGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, dir, nil)
	token := register(t, p.URL, "Shutdown Partner")
	status, _ := call(t, "POST", p.URL+"/api/v1/offers", token, map[string]any{"title": "Written before shutdown"})
	if status != 201 {
		t.Fatal(status)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.stderr.String())
	}
	// The store is closed and unlocked: a command can open it at once.
	var out bytes.Buffer
	if err := run(t.Context(), []string{"backup", "--data", dir, "--out", filepath.Join(dir, "copy.db")}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
}

func TestDemoServe(t *testing.T) {
	p := startServe(t, t.TempDir(), nil, "--demo")
	status, body := call(t, "GET", p.URL+"/api/v1/health", "", nil)
	var h struct {
		Store struct{ Organizations, Offers, Needs int }
	}
	json.Unmarshal(body, &h)
	if status != 200 || h.Store.Organizations < 40 || h.Store.Offers+h.Store.Needs < 100 {
		t.Fatalf("demo store: %d %s", status, body)
	}
	// A demo organization acts with its documented token, "demo-" + key.
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	_, orgs := call(t, "GET", p.URL+"/api/v1/organizations?limit=1", "", nil)
	if !strings.Contains(string(orgs), ds.Orgs[0].Name) {
		t.Fatalf("first organization is not the first demo one: %s", orgs)
	}
	if status, b := call(t, "PATCH", p.URL+"/api/v1/organizations/1", "demo-"+ds.Orgs[0].Key, map[string]any{"city": "Hải Phòng"}); status != 200 {
		t.Fatalf("demo token: %d %s", status, b)
	}
	if status, _ := call(t, "PATCH", p.URL+"/api/v1/organizations/1", "demo-"+ds.Orgs[1].Key, map[string]any{"city": "x"}); status != 403 {
		t.Fatalf("another demo org's token: %d", status)
	}

	// Vietnamese demo needs are searchable without diacritics.
	status, body = call(t, "GET", p.URL+"/api/v1/needs?q=cang+bien", "", nil)
	if status != 200 || !strings.Contains(string(body), `"total":`) || strings.Contains(string(body), `"total":0`) {
		t.Fatalf("demo search: %d %s", status, body)
	}

	// The demo was written with five needs that no demo offer serves: the
	// matcher must abstain on those and recommend for (nearly) all others.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.stderr.String(), "semantic space ready") {
		if time.Now().After(deadline) {
			t.Fatalf("semantic space never ready:\n%s", p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	unserved := []string{"bụi phát tán", "chả cá", "phẫu thuật nội soi", "eKYC", "nhiên liệu amoniac"}
	_, body = call(t, "GET", p.URL+"/api/v1/needs?limit=100", "", nil)
	var page struct {
		Items []struct {
			Record struct {
				ID    int
				Title string
			}
		}
	}
	json.Unmarshal(body, &page)
	served, recommended, abstained := 0, 0, 0
	for _, it := range page.Items {
		_, mb := call(t, "GET", fmt.Sprintf("%s/api/v1/needs/%d/matches?limit=3", p.URL, it.Record.ID), "", nil)
		var m struct{ Abstain bool }
		json.Unmarshal(mb, &m)
		isUnserved := false
		for _, u := range unserved {
			if strings.Contains(it.Record.Title, u) {
				isUnserved = true
			}
		}
		switch {
		case isUnserved && !m.Abstain:
			t.Errorf("need %q has no fitting offer, yet matches were recommended: %s", it.Record.Title, mb)
		case isUnserved:
			abstained++
		default:
			served++
			if !m.Abstain {
				recommended++
			}
		}
	}
	if abstained != len(unserved) {
		t.Errorf("found %d of the %d unserved demo needs", abstained, len(unserved))
	}
	if recommended < served*9/10 {
		t.Errorf("only %d of %d servable demo needs got a recommendation", recommended, served)
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rows.jsonl")
	os.WriteFile(file, []byte(strings.Join([]string{
		`{"id":"r1","kind":"offer","title":"Ballast water treatment unit","org":"Blue Ballast BV","org_country":"Netherlands","trl":"TRL 8"}`,
		`{"id":"r2","kind":"offer","title":`,
		`{"id":"r3","kind":"need","title":"Xử lý nước dằn tàu","org":"Xưởng tàu Sông Cấm","org_country":"Việt Nam"}`,
	}, "\n")), 0o644)
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"import", "--data", dir, file}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "rows.jsonl:line 2") || !strings.Contains(out.String(), "imported 2 new") {
		t.Fatalf("stdout %q stderr %q", out.String(), errOut.String())
	}
	// The imported records are in the index the server opens.
	p := startServe(t, dir, nil)
	if total, body := searchTotal(t, p.URL, "ballast"); total != 1 {
		t.Fatalf("imported offer not searchable: %s", body)
	}
}

func TestImportCorpusCommand(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/*.jsonl")
	if len(files) == 0 {
		t.Skip("no shared corpus beside the repository (../shared/corpus); it is not shipped in the repo")
	}
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), append([]string{"import", "--data", dir}, files...), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() > 0 || !strings.Contains(out.String(), "imported 4632 new") {
		t.Fatalf("stdout %q stderr %q", out.String(), errOut.String())
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := run(t.Context(), []string{"seed", "--data", dir, "--orgs", "20", "--records", "5"}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	pa, pb := startServe(t, a, nil), startServe(t, b, nil)
	_, bodyA := call(t, "GET", pa.URL+"/api/v1/offers?limit=100", "", nil)
	_, bodyB := call(t, "GET", pb.URL+"/api/v1/offers?limit=100", "", nil)
	// Same records, compared as sets: creation times differ between runs.
	strip := func(b []byte) (int, string) {
		var page struct {
			Total int
			Items []struct {
				Record struct {
					Title, Description string
					ExternalID         string `json:"external_id"`
				}
			}
		}
		json.Unmarshal(b, &page)
		var recs []string
		for _, it := range page.Items {
			recs = append(recs, it.Record.ExternalID+"|"+it.Record.Title+"|"+it.Record.Description)
		}
		sort.Strings(recs)
		return page.Total, strings.Join(recs, "\n")
	}
	totalA, a1 := strip(bodyA)
	totalB, b1 := strip(bodyB)
	if totalA != totalB || a1 != b1 || totalA < 50 {
		t.Fatalf("two seeds differ: %d vs %d offers", totalA, totalB)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"serve", "--bogus"}, {"import"}, {"backup"}} {
		err := run(t.Context(), args, io.Discard, io.Discard)
		if exitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, exitCode(err), err)
		}
	}
}

// `reindex --server` and `backup --server` work on a running service, which
// keeps answering searches meanwhile.
func TestReindexAndBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, dir, nil, "--demo")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failed, served int
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			status, body := call(t, "GET", p.URL+"/api/v1/offers?q=shore+power", "", nil)
			mu.Lock()
			served++
			if status != 200 || strings.Contains(string(body), `"total":0`) {
				failed++
			}
			mu.Unlock()
		}
	}()
	var out bytes.Buffer
	err := run(t.Context(), []string{"reindex", "--server", p.URL, "--admin-token", "admin-secret"}, &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "index rebuilt") {
		t.Fatalf("reindex: %v %q", err, out.String())
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := run(t.Context(), []string{"backup", "--server", p.URL, "--admin-token", "admin-secret", "--out", copyPath}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if failed > 0 || served == 0 {
		t.Fatalf("%d of %d searches failed during reindex and backup", failed, served)
	}
	// The organizer's token is required.
	if err := run(t.Context(), []string{"reindex", "--server", p.URL, "--admin-token", "wrong"}, io.Discard, io.Discard); err == nil {
		t.Fatal("reindex with a wrong token succeeded")
	}
	// The copy is a complete store: served from a data directory of its
	// own (the index is built from it at start), it holds the demo offers.
	restored := t.TempDir()
	if err := os.Rename(copyPath, filepath.Join(restored, storeFile)); err != nil {
		t.Fatal(err)
	}
	q := startServe(t, restored, nil)
	if total, body := searchTotal(t, q.URL, "shore+power"); total == 0 {
		t.Fatalf("the backup lacks the demo offers: %s", body)
	}
}
