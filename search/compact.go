package search

import (
	"context"
	"errors"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// A bulk load (seed, import, a rebuild) leaves the index as scorch's merge
// planner left it: at 100,000 records about twenty segments (ten of
// 10,000 documents, ten smaller ones). A query builds a term searcher for
// each of its terms in each segment and walks each segment's postings on
// its own, and a search asks each of six to twelve fields for every word:
// with twenty segments that set-up was a fifth of a search's CPU (a server
// CPU profile under the load mix, cmd/techload). One segment after a bulk
// load answers the same queries with the same hits and scores in about 30%
// less CPU; the small segments of later writes merge by the planner as
// before.

// compactRounds bounds the force-merges of one Compact: each merges up to
// ten segments into one (SegmentsPerMergeTask), so two rounds take a
// hundred segments to one.
const compactRounds = 8

// Compact merges the live generation's segments into one. Searches go on
// meanwhile; it stops with ctx's error when ctx ends. Call it after a bulk
// load: the merge rewrites the whole index (about 6 s of CPU at 100,000
// records).
func (ix *Index) Compact(ctx context.Context) error {
	ix.mu.RLock()
	idx := ix.idx
	ix.mu.RUnlock()
	if idx == nil {
		return errors.New("search index is closed")
	}
	return compact(ctx, idx)
}

// Segments returns how many segments, on disk and in memory, the live
// generation has: one after Compact, more as writes land until the merge
// planner merges them.
func (ix *Index) Segments() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errors.New("search index is closed")
	}
	ai, err := ix.idx.Advanced()
	if err != nil {
		return 0, err
	}
	s, ok := ai.(*scorch.Scorch)
	if !ok {
		return 1, nil
	}
	files, mem := segments(s)
	return files + mem, nil
}

// compact force-merges idx until one segment is left (or compactRounds
// have run). Segments still in memory (batches the persister has not
// written yet) are waited for: the merger only merges files.
func compact(ctx context.Context, idx bleve.Index) error {
	ai, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := ai.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	for range compactRounds {
		if err := ctx.Err(); err != nil {
			return err
		}
		files, mem := segments(s)
		switch {
		case files+mem <= 1:
			return nil
		case mem > 0:
			time.Sleep(persistNapMS * time.Millisecond)
			continue
		}
		if err := s.ForceMerge(ctx, &opts); err != nil {
			return err
		}
	}
	return nil
}

// segments returns how many file and in-memory segments s's current
// snapshot has.
func segments(s *scorch.Scorch) (files, mem uint64) {
	st := s.StatsMap()
	files, _ = st["num_root_filesegments"].(uint64)
	mem, _ = st["num_root_memorysegments"].(uint64)
	return files, mem
}
