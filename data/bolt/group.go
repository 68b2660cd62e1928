package bolt

import (
	"fmt"
	"sync"

	"go.etcd.io/bbolt"
)

// group commit: writes that arrive while a transaction is committing wait,
// and the next commit takes all of them in one bbolt transaction (one pair
// of fsyncs) instead of one each. A write alone commits at once: nothing
// waits for a timer, so a single client's latency is one transaction's.
//
// A member's function must be safe to run again: when the shared
// transaction fails (one member's error, say ECONFLICT on a duplicate
// name), it is rolled back and every member is retried alone, so one
// failing write never fails the others in its group.
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupCall
	running bool
}

type groupCall struct {
	fn   func(*bbolt.Tx) error
	err  error
	wake chan bool // true: lead the next commit; false: done, err is set
}

// maxGroup bounds one transaction's members (and so its size and the
// latency of its last member).
const maxGroup = 256

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
	for _, m := range batch {
		if m != c {
			m.wake <- false
		}
	}
	return c.err
}

// commitGroup runs the members in one transaction; when that fails, it
// runs each alone.
func (s *Store) commitGroup(batch []*groupCall) {
	if len(batch) > 1 {
		err := s.db.Update(func(tx *bbolt.Tx) error {
			for _, m := range batch {
				if err := runMember(m.fn, tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			return
		}
	}
	for _, m := range batch {
		m.err = s.db.Update(func(tx *bbolt.Tx) error { return runMember(m.fn, tx) })
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
