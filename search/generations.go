package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// removeStaleGens removes every index generation in dir but keep (0: keep
// none), and a CURRENT.tmp: what a crash during a rebuild leaves behind (a
// half-built next generation, or the old one not yet removed after the
// swap). It returns a sentence per folder removed, for the log.
func removeStaleGens(dir string, keep int) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if name == "CURRENT.tmp" {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		num, ok := strings.CutPrefix(name, "gen-")
		if !ok || !e.IsDir() {
			continue
		}
		gen, err := strconv.Atoi(num)
		if err != nil || gen == keep {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			out = append(out, fmt.Sprintf("could not remove the stale index generation %s: %v", name, err))
			continue
		}
		what := "a partial index generation left by an interrupted rebuild"
		if gen < keep {
			what = "an old index generation left by an interrupted swap"
		}
		out = append(out, fmt.Sprintf("removed %s (%s)", what, name))
	}
	return out
}

// rebuildIfAhead rebuilds the index from the store when the index has
// applied changes the store's log does not have: the store file was
// restored from a backup or replaced, so the index describes another
// state. It returns the index to use.
func (ix *Index) rebuildIfAhead(ctx context.Context, idx bleve.Index, gen int, seq uint64) (bleve.Index, int, uint64, error) {
	last, err := ix.store.LastChange()
	if err != nil {
		idx.Close()
		return nil, 0, 0, err
	}
	if seq <= last {
		return idx, gen, seq, nil
	}
	idx.Close()
	next := gen + 1
	if err := ix.buildInto(ctx, next); err != nil {
		os.RemoveAll(genDir(ix.dir, next))
		return nil, 0, 0, fmt.Errorf("rebuild the index for a restored store: %w", err)
	}
	if err := writeCurrent(ix.dir, next); err != nil {
		return nil, 0, 0, err
	}
	os.RemoveAll(genDir(ix.dir, gen))
	fresh, err := openGen(ix.dir, next)
	if err != nil {
		return nil, 0, 0, err
	}
	seq, err = readApplied(fresh)
	if err != nil {
		fresh.Close()
		return nil, 0, 0, err
	}
	ix.Recovered = fmt.Sprintf("the index had applied change %d but the store's log ends at %d: the store was restored or replaced; index rebuilt from the store", seq, last)
	return fresh, next, seq, nil
}
