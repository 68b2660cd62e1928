package api_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/techmatch/techmatch/api"
)

// The registration desk: writers post at the same time, so their writes
// share group commits and index batches. Each acknowledged write is stored
// and found by a search made right after its answer, and a write that
// fails inside a shared transaction (the organizer posting for an
// organization that does not exist) fails alone, with its own 404, while
// the writes beside it succeed.
func TestWrites_ConcurrentDeskReadYourWrites(t *testing.T) {
	ts := mustStartWith(t, t.TempDir(), api.Config{AdminToken: adminToken, NoSemantic: true})
	const writers, each = 8, 12
	tokens := make([]string, writers)
	for w := range tokens {
		tokens[w] = ts.register(t, fmt.Sprintf("Desk Writer %d", w), "VN", "enterprise").Token
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[uint64]string{}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if i%4 == 3 {
					r := ts.do(t, "POST", "/api/v1/offers?org_id=999999", adminToken, map[string]any{"title": "Offer of nobody"})
					if r.Status != 404 {
						t.Errorf("offer for a missing organization: %d %s", r.Status, r.Body)
					} else {
						r.problem(t)
					}
					continue
				}
				word := fmt.Sprintf("deskword%dx%d", w, i)
				r := ts.do(t, "POST", "/api/v1/offers", tokens[w], map[string]any{"title": "Ceramic membrane unit " + word})
				if r.Status != 201 {
					t.Errorf("post: %d %s", r.Status, r.Body)
					return
				}
				var rec struct{ ID uint64 }
				r.JSON(t, &rec)
				mu.Lock()
				if prev, dup := acked[rec.ID]; dup {
					t.Errorf("id %d acknowledged for %s and %s", rec.ID, prev, word)
				}
				acked[rec.ID] = word
				mu.Unlock()
				// Searchable as soon as acknowledged, while the others write.
				s := ts.do(t, "GET", "/api/v1/offers?q="+word, "", nil)
				var page struct {
					Items []struct {
						Record struct{ ID uint64 }
					}
				}
				s.JSON(t, &page)
				if s.Status != 200 || len(page.Items) != 1 || page.Items[0].Record.ID != rec.ID {
					t.Errorf("search for %s right after its 201 (offer %d): %d %s", word, rec.ID, s.Status, s.Body)
				}
			}
		}()
	}
	wg.Wait()
	if want := writers * each * 3 / 4; len(acked) != want {
		t.Errorf("%d writes acknowledged, want %d", len(acked), want)
	}
	for id, word := range acked {
		o, err := ts.Store.Offer(id)
		if err != nil || o.Title != "Ceramic membrane unit "+word {
			t.Errorf("stored offer %d: %q, %v", id, o.Title, err)
		}
	}
	if n, err := ts.Index.DocCount(); err != nil || n != uint64(len(acked)) {
		t.Errorf("index holds %d documents (%v), %d acknowledged", n, err, len(acked))
	}
}
