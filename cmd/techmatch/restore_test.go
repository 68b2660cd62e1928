package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// dumpStore returns every organization, offer and need of the store in dir,
// each as its JSON, by kind and id.
func dumpStore(t *testing.T, dir string) map[string]string {
	t.Helper()
	s, err := bolt.Open(filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]string{}
	put := func(kind string, id uint64, v any) {
		b, _ := json.Marshal(v)
		out[kind+"/"+itoa(id)] = string(b)
	}
	for after := uint64(0); ; {
		orgs, err := s.Organizations(after, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			put("org", o.ID, o)
			after = o.ID
		}
		if len(orgs) < 100 {
			break
		}
	}
	for after := uint64(0); ; {
		recs, err := s.Offers(after, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range recs {
			put("offer", o.ID, o)
			after = o.ID
		}
		if len(recs) < 100 {
			break
		}
	}
	for after := uint64(0); ; {
		recs, err := s.Needs(after, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range recs {
			put("need", n.ID, n)
			after = n.ID
		}
		if len(recs) < 100 {
			break
		}
	}
	return out
}

func itoa(v uint64) string { b, _ := json.Marshal(v); return string(b) }

func TestRestore_RoundTrip(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	if err := run(ctx, []string{"seed", "--data", dir, "--orgs", "12", "--records", "6"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := dumpStore(t, dir)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := run(ctx, []string{"backup", "--data", dir, "--out", backup}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}

	// Life goes on after the backup: records are added and removed.
	s, err := bolt.Open(filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	offers, _ := s.Offers(0, 3)
	if _, err := s.CreateOffer(offers[0].OrgID, data.OfferFields{Listing: data.Listing{Title: "Written after the backup", Status: data.StatusPublished}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteOffer(offers[1].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	after := dumpStore(t, dir)

	var out bytes.Buffer
	if err := run(ctx, []string{"restore", "--from", backup, "--data", dir}, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	for _, want := range []string{"checked " + backup, "12 organizations", "the previous store is kept as", "index rebuilt from the restored store"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("restore output lacks %q:\n%s", want, out.String())
		}
	}
	restored := dumpStore(t, dir)
	if len(restored) != len(before) || len(before) < 12+12*6 {
		t.Fatalf("%d records restored, %d backed up", len(restored), len(before))
	}
	for k, v := range before {
		if restored[k] != v {
			t.Errorf("%s differs after the restore:\n got %s\nwant %s", k, restored[k], v)
		}
	}
	// The old store is kept aside, whole.
	matches, _ := filepath.Glob(filepath.Join(dir, storeFile+".before-restore-*"))
	if len(matches) != 1 {
		t.Fatalf("old store kept as %v", matches)
	}
	asideDir := t.TempDir()
	if err := os.Rename(matches[0], filepath.Join(asideDir, storeFile)); err != nil {
		t.Fatal(err)
	}
	if aside := dumpStore(t, asideDir); len(aside) != len(after) {
		t.Fatalf("the kept store has %d records, had %d", len(aside), len(after))
	}

	// The index was rebuilt from the restored store: it finds the deleted
	// offer again and not the one written after the backup.
	store, idx, err := openData(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	defer idx.Close()
	st, _ := store.Stats()
	if n, _ := idx.DocCount(); n != uint64(st.Offers+st.Needs) {
		t.Fatalf("index holds %d documents, store %d offers and needs", n, st.Offers+st.Needs)
	}
	res, err := idx.Search(ctx, search.Query{Kind: data.KindOffer, Text: "Written after the backup", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID > offers[0].ID+1000 {
			t.Fatalf("the index still knows a record written after the backup: %+v", h)
		}
	}
	if strings.Contains(idx.Recovered, "restored") {
		t.Fatalf("an index built by restore was rebuilt again at open: %s", idx.Recovered)
	}
}

func TestRestore_RefusesBadBackups(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	if err := run(ctx, []string{"seed", "--data", dir, "--orgs", "3", "--records", "2"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := dumpStore(t, dir)
	good := filepath.Join(t.TempDir(), "good.db")
	if err := run(ctx, []string{"backup", "--data", dir, "--out", good}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, []byte("this is not a store file at all, only text"), 0o600)
	truncated := filepath.Join(t.TempDir(), "truncated.db")
	os.WriteFile(truncated, raw[:len(raw)/2], 0o600)
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	bad := append([]byte(nil), raw...)
	for pg := 2; (pg+1)*4096 <= len(bad); pg++ {
		bad[pg*4096+8] ^= 0x5a // scramble every page's type flags
	}
	os.WriteFile(damaged, bad, 0o600)
	// Sound pages, one unreadable record: bbolt's page check passes it, so
	// the records themselves must be read before anything is changed.
	recordDamaged := filepath.Join(t.TempDir(), "record-damaged.db")
	bad = append([]byte(nil), raw...)
	at := bytes.Index(bad, []byte(`"title":"`))
	if at < 0 {
		t.Fatal("no record title in the backup")
	}
	copy(bad[at+len(`"title":"`):], "\x03\x03\x03")
	os.WriteFile(recordDamaged, bad, 0o600)
	for _, f := range []string{garbage, truncated, damaged, recordDamaged, filepath.Join(t.TempDir(), "missing.db")} {
		err := run(ctx, []string{"restore", "--from", f, "--data", dir}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("restore from %s: %v", filepath.Base(f), err)
		}
	}
	if after := dumpStore(t, dir); len(after) != len(before) {
		t.Fatalf("a refused restore changed the store: %d records, had %d", len(after), len(before))
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.before-restore-*")); len(m) != 0 {
		t.Fatalf("a refused restore moved the store aside: %v", m)
	}

	// Not while the store is open (the service running).
	s, err := bolt.Open(filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"restore", "--from", good, "--data", dir}, io.Discard, io.Discard)
	s.Close()
	if err == nil || !strings.Contains(err.Error(), "stop the service") {
		t.Fatalf("restore into an open store: %v", err)
	}
}

// A backup whose check crashes the checking process (bbolt faults in a
// goroutine of its own on some damaged pages) is refused as damaged, and
// nothing is changed.
func TestRestore_CheckThatCrashesIsRefused(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	if err := run(ctx, []string{"seed", "--data", dir, "--orgs", "2", "--records", "2"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := dumpStore(t, dir)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := run(ctx, []string{"backup", "--data", dir, "--out", backup}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	saved := checkCommand
	t.Cleanup(func() { checkCommand = saved })
	checkCommand = func(context.Context, string) (*exec.Cmd, error) {
		return exec.Command("sh", "-c", "echo 'unexpected fault address 0x7f215cf92560' >&2; echo 'fatal error: fault' >&2; exit 2"), nil
	}
	err := run(ctx, []string{"restore", "--from", backup, "--data", dir}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") || !strings.Contains(err.Error(), "checking it crashed (unexpected fault address") {
		t.Fatalf("restore with a crashing check: %v", err)
	}
	if after := dumpStore(t, dir); len(after) != len(before) {
		t.Fatalf("the store changed: %d records, had %d", len(after), len(before))
	}
}

func TestCheck_SoundFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	if err := run(ctx, []string{"seed", "--data", dir, "--orgs", "2", "--records", "3"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"check", filepath.Join(dir, storeFile)}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "is sound") || !strings.Contains(out.String(), "offers") {
		t.Fatalf("check said %q", out.String())
	}
	if err := run(ctx, []string{"check", filepath.Join(dir, "missing.db")}, io.Discard, io.Discard); err == nil {
		t.Fatal("check of a missing file passed")
	}
}
