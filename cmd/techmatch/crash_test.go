package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var crashRounds = flag.Int("crash.rounds", 0, "SIGKILL rounds of TestCrash_KillAtRandomMoments (default 20, or TECHMATCH_CRASH_ROUNDS)")

// crashWord is in every title the crash test writes, so one search finds
// them all.
const crashWord = "kryptonflux"

type ackedWrite struct {
	ID    uint64
	Title string
	Org   int
}

// TestCrash_KillAtRandomMoments runs the real binary under concurrent
// writers, SIGKILLs it at random moments (once while it rebuilds its
// index), restarts it, and checks that every acknowledged write is
// readable and searchable, that nothing is duplicated, and that the index
// agrees with the store, including writes committed but never
// acknowledged.
func TestCrash_KillAtRandomMoments(t *testing.T) {
	rounds := 20
	if v, err := strconv.Atoi(os.Getenv("TECHMATCH_CRASH_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	if *crashRounds > 0 {
		rounds = *crashRounds
	}
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("TECHMATCH_CRASH_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("%d rounds, seed %d (TECHMATCH_CRASH_SEED reproduces the kill times)", rounds, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	reindexRound := rounds / 2

	bin := plainBinary(t)
	dir := t.TempDir()
	noLimits := []string{"--limit-writes", "0", "--limit-searches", "0", "--limit-matches", "0"}
	const writers = 4
	p := startServeBinary(t, bin, dir, nil, noLimits...)
	var tokens [writers]string
	var orgIDs [writers]uint64
	for w := range writers {
		status, body := call(t, "POST", p.URL+"/api/v1/organizations", "", map[string]any{"name": fmt.Sprintf("Crash Writer %d", w), "kind": "partner", "country": "KR"})
		if status != 201 {
			t.Fatalf("register: %d %s", status, body)
		}
		var reg struct {
			Organization struct{ ID uint64 }
			Token        string
		}
		json.Unmarshal(body, &reg)
		tokens[w], orgIDs[w] = reg.Token, reg.Organization.ID
	}

	var acked []ackedWrite
	kills, reindexKills, caughtUp := 0, 0, 0
	for round := range rounds {
		var mu sync.Mutex
		var fresh []ackedWrite
		stop := make(chan struct{})
		var wg sync.WaitGroup
		client := &http.Client{Timeout: 10 * time.Second}
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					title := fmt.Sprintf("%s ledger writer %d round %d write %d", crashWord, w, round, i)
					id, ok := postOffer(client, p.URL, tokens[w], title)
					if !ok {
						return // the server is gone
					}
					mu.Lock()
					fresh = append(fresh, ackedWrite{ID: id, Title: title, Org: w})
					mu.Unlock()
				}
			}()
		}
		if round == reindexRound {
			if killDuringReindex(t, p, dir) {
				reindexKills++
			}
		} else {
			time.Sleep(time.Duration(20+rng.IntN(400)) * time.Millisecond)
			p.cmd.Process.Signal(syscall.SIGKILL)
		}
		p.cmd.Wait()
		close(stop)
		wg.Wait()
		kills++
		acked = append(acked, fresh...)

		p = startServeBinary(t, bin, dir, nil, noLimits...)
		if strings.Contains(p.stderr.String(), "index caught up with the store's change log") {
			// The kill took acknowledged writes from the index (it
			// persists in the background): the store's log gave them back.
			caughtUp++
		}
		if round == reindexRound && reindexKills > 0 && !strings.Contains(p.stderr.String(), "partial index generation") {
			t.Errorf("after a kill during reindex, no log line about the partial generation:\n%s", p.stderr.String())
		}
		// Each round reads back its own writes; the last checks them all.
		check := fresh
		if round == rounds-1 {
			check = acked
		}
		checkWrites(t, p.URL, check)
		checkIndexAgreesWithStore(t, p.URL, orgIDs[:], acked)
		if t.Failed() {
			t.Fatalf("round %d failed (seed %d)", round, seed)
		}
	}
	if reindexKills == 0 {
		t.Error("no kill landed during a reindex")
	}
	if caughtUp == 0 {
		t.Error("no restart had to catch the index up from the store's log: the kills never caught the index behind")
	}
	if len(acked) < rounds {
		t.Errorf("only %d acknowledged writes in %d rounds: the writers hardly wrote", len(acked), rounds)
	}
	t.Logf("survived %d kills (%d during reindex, %d leaving the index behind the store); %d acknowledged writes checked readable, searchable and unique", kills, reindexKills, caughtUp, len(acked))
}

var plain struct {
	once sync.Once
	path string
	err  error
}

// plainBinary builds the real techmatch binary, without the race detector
// (which makes it start ten times slower and finds nothing here; other
// tests run the program under it).
func plainBinary(t *testing.T) string {
	plain.once.Do(func() {
		dir, err := os.MkdirTemp("", "techmatch-crash")
		if err != nil {
			plain.err = err
			return
		}
		plain.path = filepath.Join(dir, "techmatch")
		out, err := exec.Command("go", "build", "-o", plain.path, ".").CombinedOutput()
		if err != nil {
			plain.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if plain.err != nil {
		t.Fatal(plain.err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(plain.path)) })
	return plain.path
}

// postOffer posts one offer; ok is false when the server did not
// acknowledge it (it is being killed).
func postOffer(client *http.Client, url, token, title string) (uint64, bool) {
	body, _ := json.Marshal(map[string]any{"title": title, "keywords": []string{crashWord}})
	req, _ := http.NewRequest("POST", url+"/api/v1/offers", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 201 {
		return 0, false
	}
	var rec struct{ ID uint64 }
	if json.Unmarshal(raw, &rec) != nil || rec.ID == 0 {
		return 0, false
	}
	return rec.ID, true
}

// killDuringReindex asks the server to rebuild its index and SIGKILLs it
// once the new generation's folder exists, before the swap. It reports
// whether the kill landed during the rebuild.
func killDuringReindex(t *testing.T, p *proc, dir string) bool {
	t.Helper()
	time.Sleep(100 * time.Millisecond) // let the writers write something first
	ixDir := filepath.Join(dir, indexDir)
	cur, _ := os.ReadFile(filepath.Join(ixDir, "CURRENT"))
	gen, _ := strconv.Atoi(strings.TrimSpace(string(cur)))
	next := filepath.Join(ixDir, fmt.Sprintf("gen-%06d", gen+1))
	go http.DefaultClient.Do(mustRequest("POST", p.URL+"/api/v1/admin/reindex", "admin-secret"))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(next); err == nil {
			p.cmd.Process.Signal(syscall.SIGKILL)
			now, _ := os.ReadFile(filepath.Join(ixDir, "CURRENT"))
			return string(now) == string(cur)
		}
		time.Sleep(time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	return false
}

func mustRequest(method, url, token string) *http.Request {
	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// checkWrites reads every write back by id.
func checkWrites(t *testing.T, url string, writes []ackedWrite) {
	t.Helper()
	for _, w := range writes {
		status, body := call(t, "GET", fmt.Sprintf("%s/api/v1/offers/%d", url, w.ID), "", nil)
		var rec struct{ Title string }
		json.Unmarshal(body, &rec)
		if status != 200 || rec.Title != w.Title {
			t.Errorf("acknowledged offer %d (%q): %d %s", w.ID, w.Title, status, body)
		}
	}
}

// checkIndexAgreesWithStore compares the writers' records in the store
// with a search for the crash word: the same records, each once, and every
// acknowledged write among them.
func checkIndexAgreesWithStore(t *testing.T, url string, orgIDs []uint64, acked []ackedWrite) {
	t.Helper()
	stored := map[uint64]string{}
	titles := map[string]uint64{}
	for _, org := range orgIDs {
		status, body := call(t, "GET", fmt.Sprintf("%s/api/v1/organizations/%d/offers", url, org), "", nil)
		var page struct {
			Items []struct {
				ID    uint64
				Title string
			}
		}
		if status != 200 || json.Unmarshal(body, &page) != nil {
			t.Fatalf("offers of %d: %d %s", org, status, body)
		}
		for _, it := range page.Items {
			if prev, dup := titles[it.Title]; dup {
				t.Errorf("%q is stored twice: offers %d and %d", it.Title, prev, it.ID)
			}
			titles[it.Title] = it.ID
			stored[it.ID] = it.Title
		}
	}
	found := map[uint64]bool{}
	cursor := ""
	for {
		status, body := call(t, "GET", url+"/api/v1/offers?limit=100&q="+crashWord+"&cursor="+cursor, "", nil)
		var page struct {
			Items []struct {
				Record struct{ ID uint64 }
			}
			NextCursor string `json:"next_cursor"`
		}
		if status != 200 || json.Unmarshal(body, &page) != nil {
			t.Fatalf("search: %d %s", status, body)
		}
		for _, it := range page.Items {
			if found[it.Record.ID] {
				t.Errorf("offer %d is found twice", it.Record.ID)
			}
			found[it.Record.ID] = true
		}
		if page.NextCursor == "" || len(page.Items) == 0 {
			break
		}
		cursor = page.NextCursor
	}
	for id, title := range stored {
		if !found[id] {
			t.Errorf("stored offer %d (%q) is not searchable", id, title)
		}
	}
	for id := range found {
		if _, ok := stored[id]; !ok {
			t.Errorf("the search finds offer %d, which the store does not hold", id)
		}
	}
	for _, w := range acked {
		if stored[w.ID] != w.Title {
			t.Errorf("acknowledged offer %d (%q) is missing from its organization's list", w.ID, w.Title)
		}
	}
}
