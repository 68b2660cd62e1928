package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("import", stderr)
	server := fs.String("server", "", "URL of a running techmatch (e.g. http://127.0.0.1:8080): import through it while it keeps serving")
	adminToken := fs.String("admin-token", os.Getenv("TECHMATCH_ADMIN_TOKEN"), "the organizer's token, with --server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"import: name at least one file: " + importFormats}
	}
	for _, name := range fs.Args() {
		if importReader(name) == nil {
			return usageError{fmt.Sprintf("import: %s: unknown file type; accepted: %s", name, importFormats)}
		}
	}
	if *server != "" {
		return importRemote(ctx, *server, *adminToken, fs.Args(), stdout, stderr)
	}
	store, idx, err := openData(ctx, *dataDir)
	if err != nil {
		return fmt.Errorf("%w (if the service is running, use --server URL --admin-token T)", err)
	}
	defer store.Close()
	defer idx.Close()

	start := time.Now()
	var total bolt.ImportResult
	bad := 0
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		items, rowErrs, err := importReader(name)(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, re := range rowErrs {
			fmt.Fprintf(stderr, "%s:%s\n", name, re.Error())
		}
		bad += len(rowErrs)
		res, err := importWithProgress(ctx, store, items, "import "+filepath.Base(name), stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		total.Created += res.Created
		total.Updated += res.Updated
		total.OrgsCreated += res.OrgsCreated
	}
	if err := indexBulkLoad(ctx, idx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d new and %d updated records, %d new organizations, %d bad rows skipped, in %s\n",
		total.Created, total.Updated, total.OrgsCreated, bad, time.Since(start).Round(time.Millisecond))
	return nil
}

// importFormats names the file types import reads.
const importFormats = "JSON Lines (.jsonl, .json), CSV (.csv) or XLSX (.xlsx)"

// importReader returns the reader for a file by its extension, or nil.
func importReader(name string) func(io.Reader) ([]data.ImportItem, []ingest.RowError, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".json":
		return ingest.ReadJSONL
	case ".csv":
		return ingest.ReadCSV
	case ".xlsx":
		return ingest.ReadXLSX
	}
	return nil
}

func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("seed", stderr)
	orgs := fs.Int("orgs", 100, "number of synthetic organizations")
	perOrg := fs.Int("records", 10, "offers and needs per organization (about 70% offers)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
	words := fs.String("words", "glossary", `"glossary": the glossary's thousands of terms in English, Vietnamese and Korean, drawn by a Zipf law as in real listings; "topics": the old generator, a hundred phrases in English and Vietnamese`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *orgs < 1 || *perOrg < 0 {
		return usageError{"seed: --orgs must be at least 1 and --records at least 0"}
	}
	var items []data.ImportItem
	switch *words {
	case "glossary":
		g, err := match.DefaultGlossary()
		if err != nil {
			return err
		}
		items = ingest.SyntheticRealistic(*orgs, *perOrg, *seed, match.GlossaryTerms(g))
	case "topics":
		items = ingest.Synthetic(*orgs, *perOrg, *seed)
	default:
		return usageError{`seed: --words is "glossary" or "topics"`}
	}
	store, idx, err := openData(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer store.Close()
	defer idx.Close()
	start := time.Now()
	res, err := importWithProgress(ctx, store, items, "seed", stderr)
	if err != nil {
		return err
	}
	stored := time.Since(start)
	if err := indexBulkLoad(ctx, idx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %d organizations and %d records (store %s, index %s)\n",
		res.OrgsCreated, res.Created+res.Updated, stored.Round(time.Millisecond), (time.Since(start) - stored).Round(time.Millisecond))
	return nil
}

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("reindex", stderr)
	server := fs.String("server", "", "URL of a running techmatch (e.g. http://127.0.0.1:8080): ask it to rebuild its index while it keeps serving")
	adminToken := fs.String("admin-token", os.Getenv("TECHMATCH_ADMIN_TOKEN"), "the organizer's token, with --server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	start := time.Now()
	if *server != "" {
		if err := adminCall(ctx, "POST", *server+"/api/v1/admin/reindex", *adminToken, io.Discard); err != nil {
			return err
		}
	} else {
		store, idx, err := openData(ctx, *dataDir)
		if err != nil {
			return fmt.Errorf("%w (if the service is running, use --server)", err)
		}
		defer store.Close()
		defer idx.Close()
		st, err := store.Stats()
		if err != nil {
			return err
		}
		bar := newProgress(stderr, "reindex", int64(st.Offers+st.Needs), "records")
		idx.BuildProgress = bar.Add
		err = idx.Rebuild(ctx)
		bar.Finish()
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "index rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("backup", stderr)
	out := fs.String("out", "", "file to write the copy to (required)")
	server := fs.String("server", "", "URL of a running techmatch to copy from while it keeps serving")
	adminToken := fs.String("admin-token", os.Getenv("TECHMATCH_ADMIN_TOKEN"), "the organizer's token, with --server")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"backup: --out FILE is required"}
	}
	tmp := *out + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	var size int64
	if fi, err := os.Stat(filepath.Join(*dataDir, storeFile)); err == nil && *server == "" {
		size = fi.Size()
	}
	bar := newProgress(stderr, "backup", size, "bytes")
	w := io.MultiWriter(f, bar)
	if *server != "" {
		err = adminCall(ctx, "GET", *server+"/api/v1/admin/backup", *adminToken, w)
	} else {
		var store *bolt.Store
		store, err = bolt.Open(filepath.Join(*dataDir, storeFile))
		if err != nil {
			f.Close()
			return fmt.Errorf("%w (if the service is running, use --server)", err)
		}
		_, err = store.Backup(ctx, w)
		store.Close()
	}
	bar.Finish()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

// adminCall makes an organizer request to a running server and copies the
// answer's body to w.
func adminCall(ctx context.Context, method, url, token string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s %s: %s: %s", method, url, resp.Status, b)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// indexBulkLoad brings idx up to the store after a bulk load and merges it
// into one segment instead of the merge planner's tiers: searches after a
// bulk load cost less (search/compact.go).
func indexBulkLoad(ctx context.Context, idx *search.Index) error {
	if err := idx.Sync(); err != nil {
		return err
	}
	return idx.Compact(ctx)
}
