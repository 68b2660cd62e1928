// Package search owns the Bleve index of offers and needs: its mapping and
// analyzers (English, Vietnamese, Korean and a language-neutral folded
// form), keeping it consistent with the store through the change log, and
// queries with filters, facets, paging and snippets. It is the only package
// that knows Bleve.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/techmatch/techmatch/data"
)

// keyApplied is the index-internal key holding the last change-log sequence
// the index has applied, written in the same batch as the changes.
var keyApplied = []byte("tm_applied_seq")

// applyChunk caps the changes applied in one batch: very large Bleve
// batches take a lot of memory.
const applyChunk = 1000

// Source is what the index reads from the store (data/bolt's Store
// provides it): the change log, and profiles by reference or all of them.
type Source interface {
	// Changes returns up to limit change-log entries after sequence after.
	Changes(after uint64, limit int) ([]data.Change, error)
	// LastChange returns the sequence of the newest change-log entry.
	LastChange() (uint64, error)
	// Profiles returns the profiles of refs that exist, in order.
	Profiles(ctx context.Context, refs []string) ([]data.Profile, error)
	// EachProfile calls fn with pages of up to n profiles of every record.
	EachProfile(ctx context.Context, n int, fn func([]data.Profile) error) error
}

// Index is the search index over the store's offers and needs. It lives in
// a folder of generations (gen-000001, ...) with a CURRENT file naming the
// live one, so a rebuild is built aside and swapped in atomically.
type Index struct {
	store Source
	dir   string

	mu  sync.RWMutex // guards idx and gen: searches read, a swap writes
	idx bleve.Index
	gen int

	facets facetCache // per-segment facet tables (facets.go)

	syncMu    sync.Mutex // one applier at a time; waiting callers batch up
	rebuildMu sync.Mutex // one rebuild at a time
	applied   atomic.Uint64

	// Now is the clock for the live filter (time.Now).
	Now func() time.Time
	// Recovered, when not empty, says that Open found the index broken (or
	// describing another state of the store, as after a restore) and
	// rebuilt it from the store.
	Recovered string
	// CaughtUp is how many change-log entries Open applied that the index
	// had not persisted (writes since it was last closed, or that a crash
	// took from it).
	CaughtUp uint64
	// Cleaned says which stale index generations Open removed.
	Cleaned []string
	// BuildProgress, when set, is told how many records each batch of a
	// rebuild indexed (the reindex command shows progress with it).
	BuildProgress func(records int)
}

// Open opens the index in dir (creating it from the store if absent) and
// applies whatever the store's change log holds that the index has not seen.
// Building an index takes time; it stops with ctx's error when ctx ends.
func Open(ctx context.Context, dir string, store Source) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ix := &Index{store: store, dir: dir, Now: time.Now}
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	ix.Cleaned = removeStaleGens(dir, gen)
	if gen == 0 {
		if err := ix.buildInto(ctx, 1); err != nil {
			os.RemoveAll(genDir(dir, 1))
			return nil, err
		}
		if err := writeCurrent(dir, 1); err != nil {
			return nil, err
		}
		gen = 1
	}
	idx, err := openGen(dir, gen)
	if err != nil {
		// The index is derived data: when it cannot be opened (a corrupt
		// segment after a crash, a half-deleted folder), build it again
		// from the store beside the broken one and switch to it.
		bad := gen
		gen++
		if berr := ix.buildInto(ctx, gen); berr != nil {
			os.RemoveAll(genDir(dir, gen))
			return nil, fmt.Errorf("open index %s: %v; rebuilding it failed: %w", genDir(dir, bad), err, berr)
		}
		if werr := writeCurrent(dir, gen); werr != nil {
			return nil, werr
		}
		os.RemoveAll(genDir(dir, bad))
		ix.Recovered = fmt.Sprintf("index generation %d could not be opened (%v); rebuilt from the store", bad, err)
		if idx, err = openGen(dir, gen); err != nil {
			return nil, fmt.Errorf("open rebuilt index %s: %w", genDir(dir, gen), err)
		}
	}
	seq, err := readApplied(idx)
	if err != nil {
		idx.Close()
		return nil, err
	}
	if idx, gen, seq, err = ix.rebuildIfAhead(ctx, idx, gen, seq); err != nil {
		return nil, err
	}
	ix.idx, ix.gen = idx, gen
	ix.applied.Store(seq)
	if err := ix.Sync(); err != nil {
		idx.Close()
		return nil, err
	}
	ix.CaughtUp = ix.applied.Load() - seq
	return ix, nil
}

func genDir(dir string, gen int) string { return filepath.Join(dir, fmt.Sprintf("gen-%06d", gen)) }

func readCurrent(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	gen, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || gen <= 0 {
		return 0, fmt.Errorf("index CURRENT file is corrupt: %q", b)
	}
	return gen, nil
}

// writeCurrent points CURRENT at gen atomically (write aside, fsync, rename).
func writeCurrent(dir string, gen int) error {
	tmp := filepath.Join(dir, "CURRENT.tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%d\n", gen); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "CURRENT")); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func openGen(dir string, gen int) (bleve.Index, error) {
	return bleve.OpenUsing(genDir(dir, gen), indexConfig())
}

func newGen(dir string, gen int) (bleve.Index, error) {
	m, err := indexMapping()
	if err != nil {
		return nil, err
	}
	path := genDir(dir, gen)
	if err := os.RemoveAll(path); err != nil {
		return nil, err
	}
	// A new generation is built in safe mode: each batch waits for disk, so
	// the mapping and the whole build are on disk when it is closed and
	// reopened. (With unsafe_batch a freshly created index has been seen
	// to lose its mapping when closed at once.)
	return bleve.NewUsing(path, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": "2s"})
}

func readApplied(idx bleve.Index) (uint64, error) {
	v, err := idx.GetInternal(keyApplied)
	if err != nil || len(v) == 0 {
		return 0, err
	}
	return strconv.ParseUint(string(v), 10, 64)
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.Close()
	ix.idx = nil
	return err
}

// Applied returns the last change-log sequence the index has applied.
func (ix *Index) Applied() uint64 { return ix.applied.Load() }

// Sync applies every change the store has logged since the index last
// applied one, and returns when they are searchable. Concurrent callers wait
// for one another, so their writes are applied in shared batches.
func (ix *Index) Sync() error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	ix.mu.RLock()
	idx := ix.idx
	ix.mu.RUnlock()
	if idx == nil {
		return errors.New("search index is closed")
	}
	for {
		changes, err := ix.store.Changes(ix.applied.Load(), applyChunk)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		if err := ix.apply(idx, changes); err != nil {
			return err
		}
		ix.applied.Store(changes[len(changes)-1].Seq)
	}
}

// apply writes one batch: each changed record's current state from the
// store (or its removal), and the last sequence applied.
func (ix *Index) apply(idx bleve.Index, changes []data.Change) error {
	var refs []string
	seen := map[string]bool{}
	for _, ch := range changes {
		if ch.Kind != data.KindOffer && ch.Kind != data.KindNeed {
			continue // an organization's listings are logged with it
		}
		if ref := data.RecordRef(ch.Kind, ch.ID); !seen[ref] {
			seen[ref] = true
			refs = append(refs, ref)
		}
	}
	// Applying the log must not stop halfway because a request went away:
	// the batch is small and the next caller would redo it.
	profiles, err := ix.store.Profiles(context.Background(), refs)
	if err != nil {
		return err
	}
	b := idx.NewBatch()
	for _, p := range profiles {
		if err := b.Index(p.Ref, newDoc(p, p.Created)); err != nil {
			return err
		}
		delete(seen, p.Ref)
	}
	for ref := range seen {
		b.Delete(ref) // deleted, or its organization is
	}
	b.SetInternal(keyApplied, []byte(strconv.FormatUint(changes[len(changes)-1].Seq, 10)))
	return idx.Batch(b)
}

func idString(id uint64) string { return strconv.FormatUint(id, 10) }

// parseDocID splits an index id into kind and record id.
func parseDocID(s string) (string, uint64, bool) {
	kind, num, ok := strings.Cut(s, "/")
	if !ok {
		return "", 0, false
	}
	id, err := strconv.ParseUint(num, 10, 64)
	return kind, id, err == nil
}

// buildInto builds generation gen from the whole store, in batches, and
// records the change-log sequence it reflects. Writes that land during the
// build are caught up by Sync afterwards (applying a change twice is
// harmless: each reads the record's current state).
func (ix *Index) buildInto(ctx context.Context, gen int) error {
	idx, err := newGen(ix.dir, gen)
	if err != nil {
		return err
	}
	defer idx.Close()
	seq, err := ix.store.LastChange()
	if err != nil {
		return err
	}
	err = ix.store.EachProfile(ctx, applyChunk, func(page []data.Profile) error {
		b := idx.NewBatch()
		for _, p := range page {
			if err := b.Index(p.Ref, newDoc(p, p.Created)); err != nil {
				return err
			}
		}
		if err := idx.Batch(b); err != nil {
			return err
		}
		if ix.BuildProgress != nil {
			ix.BuildProgress(len(page))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := compact(ctx, idx); err != nil {
		return err
	}
	return idx.SetInternal(keyApplied, []byte(strconv.FormatUint(seq, 10)))
}

// Rebuild builds a new generation of the index from the store while the
// current one keeps answering, catches it up with writes made meanwhile,
// swaps it in and removes the old one. One rebuild runs at a time: a call
// while another runs returns ECONFLICT at once. It stops with ctx's error
// when ctx ends. On any error the live generation stays as it was and the
// new one is removed.
func (ix *Index) Rebuild(ctx context.Context) error {
	if !ix.rebuildMu.TryLock() {
		return data.Errorf(data.ECONFLICT, "an index rebuild is already running; try again when it is done")
	}
	defer ix.rebuildMu.Unlock()
	ix.mu.RLock()
	next, closed := ix.gen+1, ix.idx == nil
	ix.mu.RUnlock()
	if closed {
		return errors.New("search index is closed")
	}
	fresh, seq, err := ix.buildAside(ctx, next)
	if err != nil {
		os.RemoveAll(genDir(ix.dir, next))
		return err
	}
	ix.mu.Lock()
	old, oldGen := ix.idx, ix.gen
	ix.idx, ix.gen = fresh, next
	ix.applied.Store(seq)
	ix.mu.Unlock()
	// Still holding the applier (buildAside took it): no write is applied
	// to the old generation after the swap.
	ix.syncMu.Unlock()
	if old != nil {
		old.Close()
	}
	return os.RemoveAll(genDir(ix.dir, oldGen))
}

// buildAside builds generation next, catches it up with the change log and
// points CURRENT at it. It returns the open generation and the sequence it
// has applied, holding syncMu (so no write is applied to the old
// generation meanwhile); on error it holds nothing and closes what it
// opened.
func (ix *Index) buildAside(ctx context.Context, next int) (bleve.Index, uint64, error) {
	if err := ix.buildInto(ctx, next); err != nil {
		return nil, 0, err
	}
	fresh, err := openGen(ix.dir, next)
	if err != nil {
		return nil, 0, err
	}
	seq, err := readApplied(fresh)
	if err != nil {
		fresh.Close()
		return nil, 0, err
	}
	// Hold the applier while the new generation catches up and goes live,
	// so no acknowledged write is missing from it.
	ix.syncMu.Lock()
	fail := func(err error) (bleve.Index, uint64, error) {
		ix.syncMu.Unlock()
		fresh.Close()
		return nil, 0, err
	}
	for {
		changes, err := ix.store.Changes(seq, applyChunk)
		if err != nil {
			return fail(err)
		}
		if len(changes) == 0 {
			break
		}
		if err := ix.apply(fresh, changes); err != nil {
			return fail(err)
		}
		seq = changes[len(changes)-1].Seq
	}
	if err := writeCurrent(ix.dir, next); err != nil {
		return fail(err)
	}
	return fresh, seq, nil
}

// DocCount returns the number of documents in the live generation.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errors.New("search index is closed")
	}
	return ix.idx.DocCount()
}

// Dir returns the folder of the live generation.
func (ix *Index) Dir() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return genDir(ix.dir, ix.gen)
}
