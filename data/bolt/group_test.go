package bolt_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// Concurrent writes share transactions (group commit); a member that fails
// (a duplicate name, an offer of a missing organization) fails alone, and
// every acknowledged write is stored exactly once.
func TestGroupCommit_FailingMemberFailsAlone(t *testing.T) {
	s := MustOpenStore(t)
	org, err := s.CreateOrganization(testOrg("Desk Owner"), nil)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 16, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, conflicts, missing := map[uint64]string{}, 0, 0
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				switch i % 4 {
				case 0: // every writer registers the same names: one wins each
					_, err := s.CreateOrganization(testOrg(fmt.Sprintf("Shared Name %d", i)), nil)
					mu.Lock()
					if data.ErrorCode(err) == data.ECONFLICT {
						conflicts++
					} else if err != nil {
						t.Errorf("create organization: %v", err)
					}
					mu.Unlock()
				case 1: // an offer of an organization that does not exist
					_, err := s.CreateOffer(999999, testOffer("orphan"))
					mu.Lock()
					if data.ErrorCode(err) == data.ENOTFOUND {
						missing++
					} else {
						t.Errorf("offer of a missing organization: %v", err)
					}
					mu.Unlock()
				default:
					title := fmt.Sprintf("Offer %d of writer %d", i, w)
					o, err := s.CreateOffer(org.ID, testOffer(title))
					mu.Lock()
					if err != nil {
						t.Errorf("create offer: %v", err)
					} else if prev, dup := created[o.ID]; dup {
						t.Errorf("id %d acknowledged twice: %q and %q", o.ID, prev, title)
					} else {
						created[o.ID] = title
					}
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	if want := writers * (each / 4) * 2; len(created) != want {
		t.Errorf("%d offers acknowledged, want %d", len(created), want)
	}
	if want := (writers - 1) * (each / 4); conflicts != want {
		t.Errorf("%d conflicts, want %d", conflicts, want)
	}
	if want := writers * (each / 4); missing != want {
		t.Errorf("%d not-found errors, want %d", missing, want)
	}
	offers, err := s.OffersOf(org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != len(created) {
		t.Fatalf("store holds %d offers, %d acknowledged", len(offers), len(created))
	}
	for _, o := range offers {
		if created[o.ID] != o.Title {
			t.Errorf("offer %d is %q, acknowledged as %q", o.ID, o.Title, created[o.ID])
		}
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + each/4; st.Organizations != want {
		t.Errorf("%d organizations, want %d", st.Organizations, want)
	}
}
