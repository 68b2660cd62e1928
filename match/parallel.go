package match

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEach calls fn(i) for each i in [0, n) on every core, a block of
// indices at a time, and returns when all are done. fn must only write
// what belongs to its i, so results do not depend on the schedule.
func forEach(n int, fn func(i int)) { forEachIn(n, 64, fn) }

// forEachBlock is forEach for a few large pieces of work: one index at a
// time.
func forEachBlock(n int, fn func(i int)) { forEachIn(n, 1, fn) }

func forEachIn(n, block int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+block-1)/block)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(int64(block))) - block
				if start >= n {
					return
				}
				for i := start; i < min(start+block, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}
