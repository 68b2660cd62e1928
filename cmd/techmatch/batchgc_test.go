package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestBatchGC(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo: batchGC falls back to GOGC=400")
	}
	t.Run("FiveTimesLiveUpToHalfTheMemory", func(t *testing.T) {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		pct, limit := gcPercent(), debug.SetMemoryLimit(-1)
		mem := machineMemory()
		if mem < 64<<20 {
			t.Fatalf("machine memory %d bytes", mem)
		}
		undo := batchGC()
		if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != 400 || l != mem/2 {
			t.Errorf("during the batch: GOGC %d, limit %d; want 400, %d", p, l, mem/2)
		}
		undo()
		if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != pct || l != limit {
			t.Errorf("after: GOGC %d, limit %d; want %d, %d as before", p, l, pct, limit)
		}
	})
	t.Run("GOGCSetIsKept", func(t *testing.T) {
		t.Setenv("GOGC", "100")
		pct, limit := gcPercent(), debug.SetMemoryLimit(-1)
		undo := batchGC()
		if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != pct || l != limit {
			t.Errorf("GOGC set: batchGC changed GOGC to %d, limit to %d", p, l)
		}
		undo()
	})
}
