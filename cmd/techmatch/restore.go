package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/techmatch/techmatch/data/bolt"
)

// runRestore puts a backup in place of the store, with the service
// stopped: it checks the backup (tx.Check), copies it beside the store,
// keeps the old store aside, swaps the copy in, and rebuilds the index
// from it.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("restore", stderr)
	from := fs.String("from", "", "backup file to restore (made by techmatch backup; required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		return usageError{"restore: usage: techmatch restore --from FILE [--data DIR] (with the service stopped)"}
	}
	start := time.Now()
	info, err := checkApart(ctx, *from)
	if err != nil {
		return fmt.Errorf("restore: the backup is not usable, nothing was changed: %w", err)
	}
	fmt.Fprintf(stdout, "checked %s: %s, schema version %d, change log at %d\n", *from, describeKeys(info.Keys), info.SchemaVersion, info.LastChange)

	dbPath := filepath.Join(*dataDir, storeFile)
	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		return err
	}
	_, statErr := os.Stat(dbPath)
	hadStore := statErr == nil
	if hadStore {
		// The service must be stopped: the store must not be open anywhere.
		s, err := bolt.Open(dbPath)
		if err != nil {
			return fmt.Errorf("restore: %w; stop the service first, nothing was changed", err)
		}
		s.Close()
	}

	// Copy beside the store (same file system, so the swap is a rename).
	tmp := dbPath + ".restoring"
	if err := copyFile(*from, tmp, info.Size, stderr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: copy: %w", err)
	}
	aside := ""
	if hadStore {
		aside = dbPath + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(dbPath, aside); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore: keep the old store aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		if aside != "" {
			os.Rename(aside, dbPath)
		}
		return fmt.Errorf("restore: %w", err)
	}
	syncDir(*dataDir)
	if aside != "" {
		fmt.Fprintf(stdout, "the previous store is kept as %s\n", aside)
	}

	// The index describes the old store: build it again from the restored
	// one (openData builds a missing index from the store).
	ixStart := time.Now()
	if err := os.RemoveAll(filepath.Join(*dataDir, indexDir)); err != nil {
		return fmt.Errorf("restore: remove the old index: %w", err)
	}
	store, idx, err := openData(ctx, *dataDir)
	if err != nil {
		return fmt.Errorf("restore: the store is in place but its index could not be built (run techmatch reindex): %w", err)
	}
	defer store.Close()
	defer idx.Close()
	docs, err := idx.DocCount()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "index rebuilt from the restored store: %d documents in %s\n", docs, time.Since(ixStart).Round(time.Millisecond))
	fmt.Fprintf(stdout, "restored %s into %s in %s\n", *from, dbPath, time.Since(start).Round(time.Millisecond))
	return nil
}

// describeKeys names the record counts of a store file's buckets.
func describeKeys(keys map[string]int) string {
	parts := []string{
		fmt.Sprintf("%d organizations", keys["orgs"]),
		fmt.Sprintf("%d offers", keys["offers"]),
		fmt.Sprintf("%d needs", keys["needs"]),
	}
	if n, ok := keys["events"]; ok {
		parts = append(parts, fmt.Sprintf("%d events", n))
	}
	return strings.Join(parts, ", ")
}

// copyFile copies src to dst and syncs it, showing progress for size bytes.
func copyFile(src, dst string, size int64, stderr io.Writer) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, "restore: copying", size, "bytes")
	_, err = io.Copy(io.MultiWriter(out, bar), in)
	bar.Finish()
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
