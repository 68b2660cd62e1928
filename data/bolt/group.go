package bolt

import (
	"fmt"
	"sync"
	"sync/atomic"

	"go.etcd.io/bbolt"
)

// group commit: writes that arrive while a transaction is committing wait,
// and the next commit takes all of them in one bbolt transaction (one pair
// of fsyncs) instead of one each. A write alone commits at once: nothing
// waits for a timer, so a single client's latency is one transaction's.
//
// A member's function must be safe to run again: when a member fails (its
// error, say ECONFLICT on a duplicate name, or a panic), the shared
// transaction is rolled back and run again without it, so one failing
// write fails alone and the others still share one commit. When the commit
// itself fails (the disk), every member is retried alone.
//
// After a group has committed, its leader hands the next commit on and then
// runs the follower (SetFollower: the API makes the group's writes
// searchable there) before it wakes the members, so the next group's fsyncs
// and this group's indexing run at the same time, and the indexing is done
// once a group rather than once a write.
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupCall
	running bool

	follower atomic.Pointer[func()]
	// transactions and writes count commits and the writes they held.
	transactions, writes atomic.Uint64
}

type groupCall struct {
	fn     func(*bbolt.Tx) error
	err    error
	failed bool      // fn failed in a shared transaction: err is its answer
	wake   chan bool // true: lead the next commit; false: done, err is set
}

// maxGroup bounds one transaction's members (and so its size and the
// latency of its last member).
const maxGroup = 256

// SetFollower sets fn to run after every commit, before the writes it held
// are acknowledged, while the next commit may already be running. fn must
// not write to the store. The returned function removes fn (unless another
// follower has replaced it since).
func (s *Store) SetFollower(fn func()) (remove func()) {
	p := &fn
	s.group.follower.Store(p)
	return func() { s.group.follower.CompareAndSwap(p, nil) }
}

// CommitStats returns how many write transactions the store has committed
// since it was opened, and how many writes they held (writes/transactions
// is the mean size of a group commit).
func (s *Store) CommitStats() (transactions, writes uint64) {
	return s.group.transactions.Load(), s.group.writes.Load()
}

// update runs fn in a write transaction, committed (fsync) when update
// returns, sharing the transaction with concurrent callers. Same contract
// as bbolt's Update: fn's error rolls back fn's writes and is returned.
func (s *Store) update(fn func(*bbolt.Tx) error) error {
	g := &s.group
	c := &groupCall{fn: fn, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, c)
	if g.running {
		g.mu.Unlock()
		if lead := <-c.wake; !lead {
			return c.err
		}
		g.mu.Lock() // lead: c is still pending, at its head
	} else {
		g.running = true
	}
	n := min(len(g.pending), maxGroup)
	batch := g.pending[:n:n]
	g.pending = append([]*groupCall(nil), g.pending[n:]...)
	g.mu.Unlock()

	s.commitGroup(batch)

	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].wake <- true // hand the lead on
	} else {
		g.running = false
	}
	g.mu.Unlock()
	if f := g.follower.Load(); f != nil {
		(*f)()
	}
	for _, m := range batch {
		if m != c {
			m.wake <- false
		}
	}
	return c.err
}

// commitGroup runs the members in one transaction. A member that fails is
// answered with its error and the transaction is run again without it (the
// members before it saw the same state, those after it see a state it did
// not change); when the commit fails, each member runs alone.
func (s *Store) commitGroup(batch []*groupCall) {
	if len(batch) > 1 {
		for {
			var failed *groupCall
			ok := 0
			err := s.db.Update(func(tx *bbolt.Tx) error {
				for _, m := range batch {
					if m.failed {
						continue
					}
					if err := runMember(m.fn, tx); err != nil {
						m.err, failed = err, m
						return err
					}
					ok++
				}
				return nil
			})
			if failed != nil {
				failed.failed = true
				if left(batch) > 0 {
					continue
				}
				return
			}
			if err == nil {
				s.count(ok)
				return
			}
			break // the commit failed: each alone below
		}
	}
	for _, m := range batch {
		if m.failed {
			continue
		}
		m.err = s.db.Update(func(tx *bbolt.Tx) error { return runMember(m.fn, tx) })
		if m.err == nil {
			s.count(1)
		}
	}
}

// left counts the members that have not failed.
func left(batch []*groupCall) int {
	n := 0
	for _, m := range batch {
		if !m.failed {
			n++
		}
	}
	return n
}

func (s *Store) count(writes int) {
	if writes > 0 {
		s.group.transactions.Add(1)
		s.group.writes.Add(uint64(writes))
	}
}

// runMember runs fn, turning a panic into an error so that one member's
// bug cannot leave the others waiting.
func runMember(fn func(*bbolt.Tx) error, tx *bbolt.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: write failed: %v", r)
		}
	}()
	return fn(tx)
}
