package api

import (
	"context"
	"time"
)

// A bulk load leaves the index in the segments the merge planner left
// (about twenty at 100,000 records), and every search then walks each
// segment's postings on its own: about 30% more CPU per search than one
// segment (search.Compact). `techmatch import` compacts before the service
// starts; imports over HTTP, while serving, are compacted in the
// background once they add up to compactImportItems records and no import
// has come for compactQuiet (`import --server` sends a large file in
// parts: the index is merged once, after the last). Smaller imports are
// left to the planner.
const compactImportItems = 1000

var compactQuiet = 2 * time.Second

// compactAfterImport notes an import of n records and schedules a
// compaction when the imports since the last one add up to enough.
// Searches and writes go on during it. One compaction runs at a time; one
// asked for meanwhile runs after it. Shutdown stops it.
func (s *Server) compactAfterImport(n int) {
	if s.index == nil {
		return
	}
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	s.imported += n
	if s.bgClosed || s.imported < compactImportItems {
		return
	}
	if s.compactTimer != nil {
		s.compactTimer.Stop()
	}
	s.compactTimer = time.AfterFunc(compactQuiet, s.startCompaction)
}

// startCompaction runs a compaction in the background unless one is
// running (then that one runs again when done).
func (s *Server) startCompaction() {
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	switch {
	case s.bgClosed:
		return
	case s.compacting:
		s.compactAgain = true
		return
	}
	s.imported, s.compacting = 0, true
	s.learning.Add(1)
	go func() {
		defer s.learning.Done()
		for {
			s.compactOnce(s.bgCtx)
			s.bgMu.Lock()
			again := s.compactAgain && !s.bgClosed
			s.compactAgain, s.compacting = false, again
			if again {
				s.imported = 0
			}
			s.bgMu.Unlock()
			if !again {
				return
			}
		}
	}()
}

// stopCompactions refuses further compactions (Shutdown); a running one
// ends with the learner's context.
func (s *Server) stopCompactions() {
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	s.bgClosed = true
	if s.compactTimer != nil {
		s.compactTimer.Stop()
	}
}

func (s *Server) compactOnce(ctx context.Context) {
	start := time.Now()
	before, _ := s.index.Segments()
	if err := s.index.Compact(ctx); err != nil {
		if ctx.Err() == nil {
			s.log.Error("index compaction after imports", "err", err)
		}
		return
	}
	after, _ := s.index.Segments()
	s.obs.compactions.Inc()
	s.log.Info("index compacted after imports", "segments_before", before, "segments_after", after, "seconds", time.Since(start).Seconds())
}
