package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/techmatch/techmatch/api"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/demo"
	"github.com/techmatch/techmatch/search"
)

// Layout of the data directory.
const (
	storeFile = "techmatch.db"
	indexDir  = "index"
)

// indexSource, when set (by tests only), wraps the store as the index
// reads it.
var indexSource func(*bolt.Store) search.Source

// openData opens the store and the index of a data directory, in that
// order; close them in reverse.
func openData(ctx context.Context, dir string) (*bolt.Store, *search.Index, error) {
	store, err := bolt.Open(filepath.Join(dir, storeFile))
	if err != nil {
		return nil, nil, err
	}
	var src search.Source = store
	if indexSource != nil {
		src = indexSource(store)
	}
	idx, err := search.Open(ctx, filepath.Join(dir, indexDir), src)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, idx, nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dataDir := newStoreFlags("serve", stderr)
	addr := fs.String("addr", envOr("TECHMATCH_ADDR", "127.0.0.1:8080"), "listen address")
	adminToken := fs.String("admin-token", os.Getenv("TECHMATCH_ADMIN_TOKEN"), "the organizer's token (or TECHMATCH_ADMIN_TOKEN)")
	withDemo := fs.Bool("demo", false, "load the built-in demo data (Techfest Haiphong) into an empty store")
	opts := serveOptions(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, cfg, err := opts.config(stderr)
	if err != nil {
		return err
	}

	store, idx, err := openData(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer store.Close()
	defer idx.Close()
	for _, line := range idx.Cleaned {
		log.Warn(line)
	}
	if idx.Recovered != "" {
		log.Warn(idx.Recovered)
	}
	if idx.CaughtUp > 0 {
		log.Info("index caught up with the store's change log", "changes", idx.CaughtUp)
	}
	if *withDemo {
		n, err := loadDemo(ctx, store, idx)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if n > 0 {
			log.Info("loaded demo data", "records", n, "org_tokens", "demo-<key> (see data/demo/orgs.jsonl)")
		}
	}
	if *adminToken == "" {
		log.Warn("no --admin-token: organizer routes are disabled")
	}

	cfg.AdminToken = *adminToken
	srv := api.New(store, idx, cfg)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Tests and scripts read the address from this line (":0" picks a port).
	fmt.Fprintf(stdout, "techmatch listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	return nil
}

// loadDemo fills an empty store with the built-in demo data and returns how
// many offers and needs it loaded (0 if the store already had records).
// Each demo organization's token is "demo-" plus its key.
func loadDemo(ctx context.Context, store *bolt.Store, idx *search.Index) (int, error) {
	st, err := store.Stats()
	if err != nil {
		return 0, err
	}
	if st.Organizations > 0 || st.Offers > 0 || st.Needs > 0 {
		return 0, nil
	}
	ds, err := demo.Load()
	if err != nil {
		return 0, err
	}
	orgs := map[string]data.OrganizationFields{}
	ids := map[string]uint64{}
	for _, o := range ds.Orgs {
		org, err := store.CreateOrganization(o.OrganizationFields, demoTokenHash(o.Key))
		if err != nil {
			return 0, fmt.Errorf("organization %s: %w", o.Key, err)
		}
		orgs[o.Key] = o.OrganizationFields
		ids[o.Key] = org.ID
	}
	var items []data.ImportItem
	for i := range ds.Offers {
		o := &ds.Offers[i]
		items = append(items, data.ImportItem{Org: orgs[o.Org], Offer: &o.OfferFields})
	}
	for i := range ds.Needs {
		n := &ds.Needs[i]
		items = append(items, data.ImportItem{Org: orgs[n.Org], Need: &n.NeedFields})
	}
	res, err := store.Import(ctx, items)
	if err != nil {
		return 0, err
	}
	if res.OrgsCreated > 0 {
		return 0, errors.New("demo records refer to organizations that are not in orgs.jsonl")
	}
	if _, err := loadDemoEvent(store, ids); err != nil {
		return 0, err
	}
	return res.Created, idx.Sync()
}

func demoTokenHash(key string) []byte { return api.HashToken("demo-" + key) }
