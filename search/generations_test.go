package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// A crash during a rebuild leaves a half-built generation (and perhaps
// CURRENT.tmp); the next Open removes them and says so.
func TestGenerations_PartialRemovedOnOpen(t *testing.T) {
	dir := t.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ixDir := filepath.Join(dir, "index")
	idx, err := search.Open(context.Background(), ixDir, store)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Cleaned) != 0 {
		t.Fatalf("a fresh index cleaned %v", idx.Cleaned)
	}
	idx.Close()
	partial := filepath.Join(ixDir, "gen-000002")
	if err := os.MkdirAll(filepath.Join(partial, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(partial, "store", "root.bolt"), []byte("half written"), 0o644)
	os.WriteFile(filepath.Join(ixDir, "CURRENT.tmp"), []byte("2"), 0o644)

	idx, err = search.Open(context.Background(), ixDir, store)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if len(idx.Cleaned) != 1 || !strings.Contains(idx.Cleaned[0], "partial index generation") || !strings.Contains(idx.Cleaned[0], "gen-000002") {
		t.Fatalf("cleaned: %q", idx.Cleaned)
	}
	for _, p := range []string{partial, filepath.Join(ixDir, "CURRENT.tmp")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("%s is still there (%v)", p, err)
		}
	}
	if !strings.HasSuffix(idx.Dir(), "gen-000001") {
		t.Fatalf("live generation %s", idx.Dir())
	}
}

// An index that has applied more of the change log than the store holds
// belongs to another state of the store (a restored backup): Open rebuilds
// it and says so, and the index then matches the store.
func TestGenerations_RestoredStoreIsReindexed(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "techmatch.db")
	ixDir := filepath.Join(dir, "index")
	store, err := bolt.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	org, err := store.CreateOrganization(data.OrganizationFields{Name: "Restore Partner", Kind: "partner", Country: "KR"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	create := func(title string) {
		if _, err := store.CreateOffer(org.ID, data.OfferFields{Listing: data.Listing{Title: title, Status: data.StatusPublished}}); err != nil {
			t.Fatal(err)
		}
	}
	create("Backed up turbine blade inspection")
	backup, err := os.Create(filepath.Join(dir, "backup.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	backup.Close()
	create("Written after the backup, turbine drone")
	create("Also after the backup, turbine lidar")
	idx, err := search.Open(context.Background(), ixDir, store)
	if err != nil {
		t.Fatal(err)
	}
	idx.Close()
	store.Close()

	if err := os.Rename(filepath.Join(dir, "backup.db"), dbPath); err != nil {
		t.Fatal(err)
	}
	store, err = bolt.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	idx, err = search.Open(context.Background(), ixDir, store)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if !strings.Contains(idx.Recovered, "restored") {
		t.Fatalf("Recovered = %q", idx.Recovered)
	}
	if n, _ := idx.DocCount(); n != 1 {
		t.Fatalf("%d documents after the restore, want 1", n)
	}
	if entries, _ := os.ReadDir(ixDir); len(entries) != 2 { // CURRENT and one generation
		t.Fatalf("index folder holds %d entries", len(entries))
	}
}
