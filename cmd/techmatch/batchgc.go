package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// batchGC sets the collector for a batch command (rank, eval) that builds
// everything at once and exits, and returns the undoing: the heap may grow
// to five times what is live between collections (GOGC=400; at the
// default a fifth of the corpus's rank went to collecting), but not past
// half the memory of the machine or container (a soft limit: at 100,000
// offers five times the live heap would overshoot it). Not collecting at
// all until that limit (GOGC=off) was measured too: its page faults on
// fresh memory cost about what the collections saved (CPU 6.0-7.0 s either
// way, alternating runs at load 7-12), for 1.3 GB instead of 0.9. Set GOGC
// or GOMEMLIMIT to choose otherwise.
func batchGC() (undo func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	oldLimit := debug.SetMemoryLimit(-1)
	if mem := machineMemory(); mem > 0 {
		debug.SetMemoryLimit(mem / 2)
	}
	return func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}
}

// machineMemory is the memory this process may use in bytes: the
// machine's (/proc/meminfo), or its cgroup's limit where lower; 0 where
// neither is known.
func machineMemory() int64 {
	var total int64
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				if kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64); err == nil {
					total = kb << 10
				}
				break
			}
		}
		f.Close()
	}
	for _, name := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(name); err == nil {
			if n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
				total = n
			}
		}
	}
	return total
}
