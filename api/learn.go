package api

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// follower is where the vocabulary stands in the store's change log.
type follower struct {
	mu sync.Mutex
	// ready is set once the learner has walked the store; until then the
	// learner's catching up counts the writes made meanwhile.
	ready bool
	seq   uint64 // the last change counted
	// at is seq once ready (0 before), read without mu: a write's answer
	// need not queue behind the next group's counting when its own is done.
	at atomic.Uint64
}

// learn counts the store's words into the vocabulary (when fill), from then
// on following the change log, and learns the semantic space from the
// store's records (unless NoSemantic). Matching works meanwhile, with less
// to go on. It stops at its first error, which it logs, or quietly when ctx
// ends (the server is shutting down).
func (s *Server) learn(ctx context.Context, fill bool) {
	start := time.Now()
	var seq uint64
	var err error
	if fill {
		// Writes from here on are in the log; the walk may or may not see
		// them, and catching up from seq counts each once, as it is now.
		seq, err = s.store.LastChange()
	}
	var profiles []data.Profile
	if err == nil {
		err = s.store.EachProfile(ctx, 1000, func(page []data.Profile) error {
			if fill {
				for i := range page {
					s.cfg.Vocabulary.Put(page[i].Ref, &page[i].Listing)
				}
			}
			profiles = append(profiles, page...)
			return nil
		})
	}
	if err == nil && fill {
		s.follow.mu.Lock()
		s.follow.seq, s.follow.ready = seq, true
		s.follow.at.Store(seq)
		s.follow.mu.Unlock()
		err = s.followChanges(ctx)
	}
	if err == nil && !s.cfg.NoSemantic {
		var sem *match.Semantic
		sem, err = match.BuildSemantic(ctx, profiles, s.cfg.Vocabulary, match.SemanticOptions{Seed: 1})
		switch {
		case err == nil:
			s.eng.Store(s.newEngine(sem))
			s.log.Info("semantic space ready", "records", len(profiles), "seconds", time.Since(start).Seconds())
		case ctx.Err() == nil:
			s.log.Info("matching without a semantic space", "reason", err)
			return
		}
	}
	if err != nil && ctx.Err() == nil {
		s.log.Error("learning from the store failed", "err", err)
	}
}

// followChanges brings the vocabulary up to the store's change log: every
// offer or need written since the last change counted is counted with its
// current text, every one deleted is taken out. It does nothing until the
// learner has walked the store (the learner then catches up itself).
func (s *Server) followChanges(ctx context.Context) error {
	f := &s.follow
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.ready {
		return nil
	}
	for {
		changes, err := s.store.Changes(f.seq, 1000)
		if err != nil || len(changes) == 0 {
			return err
		}
		var refs []string
		gone := map[string]bool{}
		for _, ch := range changes {
			if ch.Kind != data.KindOffer && ch.Kind != data.KindNeed {
				continue // organizations: their listings are logged with them
			}
			if ref := data.RecordRef(ch.Kind, ch.ID); !gone[ref] {
				gone[ref] = true
				refs = append(refs, ref)
			}
		}
		profiles, err := s.store.Profiles(ctx, refs)
		if err != nil {
			return err
		}
		for i := range profiles {
			s.cfg.Vocabulary.Put(profiles[i].Ref, &profiles[i].Listing)
			delete(gone, profiles[i].Ref)
		}
		for ref := range gone {
			s.cfg.Vocabulary.Remove(ref)
		}
		f.seq = changes[len(changes)-1].Seq
		f.at.Store(f.seq)
	}
}
