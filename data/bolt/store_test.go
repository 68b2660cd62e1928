package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
)

// MustOpenStore opens a store in a fresh temporary folder and checks the
// file's consistency when the test ends.
func MustOpenStore(tb testing.TB) *bolt.Store {
	tb.Helper()
	s, err := bolt.Open(filepath.Join(tb.TempDir(), "techmatch.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Check(); err != nil {
			tb.Errorf("store check: %v", err)
		}
		s.Close()
	})
	return s
}

func testOrg(name string) data.OrganizationFields {
	return data.OrganizationFields{Name: name, Kind: data.OrgEnterprise, Country: "VN", City: "Hải Phòng"}
}

func testOffer(title string) data.OfferFields {
	return data.OfferFields{Listing: data.Listing{Title: title, Status: data.StatusPublished, Sectors: []string{"maritime.ports"}}, TRL: 7}
}

func TestStore_OrganizationLifecycle(t *testing.T) {
	s := MustOpenStore(t)
	org, err := s.CreateOrganization(testOrg("Cảng Xanh"), []byte("hash-1"))
	if err != nil {
		t.Fatal(err)
	}
	if org.ID == 0 || org.CreatedAt.IsZero() {
		t.Fatalf("created org lacks id or time: %+v", org)
	}
	t.Run("ReadBack", func(t *testing.T) {
		got, err := s.Organization(org.ID)
		if err != nil || got.Name != "Cảng Xanh" || got.City != "Hải Phòng" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ByToken", func(t *testing.T) {
		got, err := s.OrganizationByToken([]byte("hash-1"))
		if err != nil || got.ID != org.ID {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := s.OrganizationByToken([]byte("nope")); data.ErrorCode(err) != data.EUNAUTHORIZED {
			t.Fatalf("unknown token: %v", err)
		}
	})
	t.Run("ErrConflictOnSameNameFolded", func(t *testing.T) {
		_, err := s.CreateOrganization(testOrg("cang  xanh"), nil)
		if data.ErrorCode(err) != data.ECONFLICT {
			t.Fatalf("want conflict, got %v", err)
		}
	})
	t.Run("UpdateValidates", func(t *testing.T) {
		_, err := s.UpdateOrganization(org.ID, func(f *data.OrganizationFields) error { f.Kind = "pirate"; return nil })
		if data.ErrorCode(err) != data.EINVALID {
			t.Fatalf("want invalid, got %v", err)
		}
		got, _ := s.Organization(org.ID)
		if got.Kind != data.OrgEnterprise {
			t.Fatalf("failed update was written: %+v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Organization(999); data.ErrorCode(err) != data.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
	})
}

func TestStore_DeleteOrganizationLeavesNoOrphans(t *testing.T) {
	s := MustOpenStore(t)
	org, _ := s.CreateOrganization(testOrg("Owner"), []byte("h"))
	other, _ := s.CreateOrganization(testOrg("Other"), nil)
	o1, _ := s.CreateOffer(org.ID, testOffer("Shore power kit"))
	n1, err := s.CreateNeed(org.ID, data.NeedFields{Listing: data.Listing{Title: "Need cranes", Status: data.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := s.CreateOffer(other.ID, testOffer("Other offer"))
	before, _ := s.LastChange()
	if err := s.DeleteOrganization(org.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Offer(o1.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("offer of deleted org still there: %v", err)
	}
	if _, err := s.Need(n1.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("need of deleted org still there: %v", err)
	}
	if _, err := s.OrganizationByToken([]byte("h")); err == nil {
		t.Error("token of deleted org still works")
	}
	if _, err := s.Offer(keep.ID); err != nil {
		t.Errorf("another org's offer went too: %v", err)
	}
	changes, _ := s.Changes(before, 100)
	var ops []string
	for _, c := range changes {
		ops = append(ops, fmt.Sprintf("%s/%d/%s", c.Kind, c.ID, c.Op))
	}
	want := fmt.Sprintf("offer/%d/delete need/%d/delete org/%d/delete", o1.ID, n1.ID, org.ID)
	if strings.Join(ops, " ") != want {
		t.Errorf("change log = %v, want %s", ops, want)
	}
	// The name is free again.
	if _, err := s.CreateOrganization(testOrg("Owner"), nil); err != nil {
		t.Errorf("name not released: %v", err)
	}
}

func TestStore_OfferCRUDAndChangeLog(t *testing.T) {
	s := MustOpenStore(t)
	org, _ := s.CreateOrganization(testOrg("Org"), nil)
	start, _ := s.LastChange()
	o, err := s.CreateOffer(org.ID, testOffer("Automated gate OCR"))
	if err != nil {
		t.Fatal(err)
	}
	up, err := s.UpdateOffer(o.ID, func(x *data.Offer) error {
		x.TRL = 9
		x.ID = 777 // the store owns ids: this must not stick
		return nil
	})
	if err != nil || up.TRL != 9 || up.ID != o.ID || up.OrgID != org.ID || !up.UpdatedAt.After(o.CreatedAt.Add(-1)) {
		t.Fatalf("update: %+v, %v", up, err)
	}
	got, _ := s.Offer(o.ID)
	if got.TRL != 9 {
		t.Fatalf("update not stored: %+v", got)
	}
	if _, err := s.UpdateOffer(o.ID, func(x *data.Offer) error { x.TRL = 12; return nil }); data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("TRL 12 accepted: %v", err)
	}
	boom := errors.New("boom")
	if _, err := s.UpdateOffer(o.ID, func(x *data.Offer) error { x.Title = "changed"; return boom }); !errors.Is(err, boom) {
		t.Fatalf("callback error lost: %v", err)
	}
	if got, _ := s.Offer(o.ID); got.Title != "Automated gate OCR" {
		t.Fatalf("failed update was written: %q", got.Title)
	}
	if err := s.DeleteOffer(o.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteOffer(o.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
	changes, _ := s.Changes(start, 10)
	if len(changes) != 3 || changes[0].Op != data.OpPut || changes[2].Op != data.OpDelete || changes[2].ID != o.ID {
		t.Fatalf("change log = %+v", changes)
	}
	if _, err := s.CreateOffer(12345, testOffer("orphan")); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("offer for a missing org: %v", err)
	}
}

func TestStore_SurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "techmatch.db")
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	org, _ := s.CreateOrganization(testOrg("Durable"), nil)
	o, _ := s.CreateOffer(org.ID, testOffer("Persistent offer"))
	s.Close()

	s, err = bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Offer(o.ID)
	if err != nil || got.Title != "Persistent offer" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	st, _ := s.Stats()
	if st.SchemaVersion != bolt.SchemaVersion || st.Offers != 1 || st.Organizations != 1 {
		t.Fatalf("stats: %+v", st)
	}
	// A new id continues the sequence.
	o2, _ := s.CreateOffer(org.ID, testOffer("Second"))
	if o2.ID != o.ID+1 {
		t.Fatalf("id %d after %d", o2.ID, o.ID)
	}
}

func TestStore_OpenLockedFileFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "techmatch.db")
	s, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := bolt.Open(path); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: %v", err)
	}
}

func TestStore_ConcurrentCreatesLoseNothing(t *testing.T) {
	s := MustOpenStore(t)
	org, _ := s.CreateOrganization(testOrg("Busy"), nil)
	const workers, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := s.CreateOffer(org.ID, testOffer(fmt.Sprintf("offer %d-%d", w, i))); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	offers, _ := s.Offers(0, 10000)
	if len(offers) != workers*each {
		t.Fatalf("%d offers stored, want %d", len(offers), workers*each)
	}
	ids, titles := map[uint64]bool{}, map[string]bool{}
	for _, o := range offers {
		if ids[o.ID] || titles[o.Title] {
			t.Fatalf("duplicate %d %q", o.ID, o.Title)
		}
		ids[o.ID], titles[o.Title] = true, true
	}
	mine, _ := s.OffersOf(org.ID)
	if len(mine) != workers*each {
		t.Fatalf("secondary index has %d, want %d", len(mine), workers*each)
	}
	changes, _ := s.Changes(0, 100000)
	if len(changes) != workers*each+1 {
		t.Fatalf("%d change-log entries", len(changes))
	}
}

func TestStore_Backup(t *testing.T) {
	s := MustOpenStore(t)
	org, _ := s.CreateOrganization(testOrg("Backed up"), nil)
	s.CreateOffer(org.ID, testOffer("In the copy"))
	path := filepath.Join(t.TempDir(), "copy.db")
	f, _ := os.Create(path)
	if _, err := s.Backup(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	offers, _ := c.Offers(0, 10)
	if len(offers) != 1 || offers[0].Title != "In the copy" {
		t.Fatalf("copy holds %+v", offers)
	}
}
