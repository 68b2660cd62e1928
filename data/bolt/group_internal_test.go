package bolt

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

func openGroupStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "techmatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("store check: %v", err)
		}
		s.Close()
	})
	return s
}

// holdCommit starts a write whose transaction waits for release, so that
// the writes made meanwhile queue up for the next group; wait returns once
// n of them are queued.
func holdCommit(t *testing.T, s *Store) (release func(), waitQueued func(n int)) {
	t.Helper()
	gate, inTx := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.update(func(tx *bbolt.Tx) error {
			close(inTx)
			<-gate
			return nil
		})
	}()
	<-inTx
	release = func() {
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("the held write: %v", err)
		}
	}
	waitQueued = func(n int) {
		for {
			s.group.mu.Lock()
			queued := len(s.group.pending)
			s.group.mu.Unlock()
			if queued >= n {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	return release, waitQueued
}

// The writes that queue behind a commit share the next transaction; one of
// them failing inside it (an offer of an organization that does not exist)
// gets its own error, and the others still commit together, once.
func TestGroupCommit_FailingMemberLeavesTheGroupTogether(t *testing.T) {
	s := openGroupStore(t)
	org, err := s.CreateOrganization(data.OrganizationFields{Name: "Desk", Kind: data.OrgEnterprise, Country: "VN"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	release, waitQueued := holdCommit(t, s)
	tx0, w0 := s.CommitStats()
	const n = 6
	errs := make([]error, n)
	ids := make([]uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := org.ID
			if i == 2 || i == 4 {
				owner = 999999
			}
			o, err := s.CreateOffer(owner, data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Queued offer %d", i), Status: data.StatusPublished}})
			ids[i], errs[i] = o.ID, err
		}()
	}
	waitQueued(n)
	release()
	wg.Wait()
	seen := map[uint64]bool{}
	for i, err := range errs {
		if i == 2 || i == 4 {
			if data.ErrorCode(err) != data.ENOTFOUND {
				t.Errorf("offer %d of a missing organization: %v, want ENOTFOUND", i, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("offer %d: %v", i, err)
			continue
		}
		if seen[ids[i]] {
			t.Errorf("id %d given twice", ids[i])
		}
		seen[ids[i]] = true
		o, err := s.Offer(ids[i])
		if err != nil || o.Title != fmt.Sprintf("Queued offer %d", i) {
			t.Errorf("offer %d read back as %q, %v", ids[i], o.Title, err)
		}
	}
	tx1, w1 := s.CommitStats()
	// The held write is one transaction; the four good queued writes, one more.
	if tx1-tx0 != 2 || w1-w0 != 1+n-2 {
		t.Errorf("%d transactions holding %d writes, want 2 holding %d", tx1-tx0, w1-w0, 1+n-2)
	}
	offers, err := s.OffersOf(org.ID)
	if err != nil || len(offers) != n-2 {
		t.Errorf("the organization has %d offers (%v), want %d", len(offers), err, n-2)
	}
}

// When every queued write fails, nothing is committed for them.
func TestGroupCommit_AllMembersFail(t *testing.T) {
	s := openGroupStore(t)
	release, waitQueued := holdCommit(t, s)
	tx0, _ := s.CommitStats()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.CreateOffer(999999, data.OfferFields{Listing: data.Listing{Title: "Orphan", Status: data.StatusPublished}})
		}()
	}
	waitQueued(len(errs))
	release()
	wg.Wait()
	for i, err := range errs {
		if data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("orphan %d: %v, want ENOTFOUND", i, err)
		}
	}
	if tx1, _ := s.CommitStats(); tx1-tx0 != 1 {
		t.Errorf("%d transactions, want only the held one", tx1-tx0)
	}
}

// The follower runs after a group has committed and before any of its
// writes is acknowledged: it finds each of them in the store.
func TestGroupCommit_FollowerRunsBeforeTheAcknowledgement(t *testing.T) {
	s := openGroupStore(t)
	org, err := s.CreateOrganization(data.OrganizationFields{Name: "Desk", Kind: data.OrgEnterprise, Country: "VN"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	followed := map[uint64]bool{} // offers the follower found stored
	calls := 0
	remove := s.SetFollower(func() {
		offers, err := s.OffersOf(org.ID)
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		defer mu.Unlock()
		calls++
		for _, o := range offers {
			followed[o.ID] = true
		}
	})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				o, err := s.CreateOffer(org.ID, data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Followed %d.%d", i, j), Status: data.StatusPublished}})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if !followed[o.ID] {
					t.Errorf("offer %d was acknowledged before the follower saw it committed", o.ID)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	remove()
	before := calls
	if _, err := s.CreateOffer(org.ID, data.OfferFields{Listing: data.Listing{Title: "Unfollowed", Status: data.StatusPublished}}); err != nil {
		t.Fatal(err)
	}
	if calls != before {
		t.Error("the follower ran after it was removed")
	}
}
