package match

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEach calls fn(i) for each i in [0, n) on every core, a block of
// indices at a time, and returns when all are done. fn must only write
// what belongs to its i, so results do not depend on the schedule.
func forEach(n int, fn func(i int)) { forEachIn(n, 64, func(_, i int) { fn(i) }) }

// forEachBlock is forEach for a few large pieces of work: one index at a
// time.
func forEachBlock(n int, fn func(i int)) { forEachIn(n, 1, func(_, i int) { fn(i) }) }

// forEachWith is forEach with a state for each goroutine, made by
// newState: what fn keeps there must not change its results.
func forEachWith[T any](n int, newState func() T, fn func(st T, i int)) {
	states := make([]T, runtime.GOMAXPROCS(0))
	for w := range states {
		states[w] = newState()
	}
	forEachIn(n, 64, func(w, i int) { fn(states[w], i) })
}

// forEachIn calls fn(w, i) for each i in [0, n), block indices at a time;
// w numbers the goroutine, below GOMAXPROCS.
func forEachIn(n, block int, fn func(w, i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+block-1)/block)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(int64(block))) - block
				if start >= n {
					return
				}
				for i := start; i < min(start+block, n); i++ {
					fn(w, i)
				}
			}
		}()
	}
	wg.Wait()
}
