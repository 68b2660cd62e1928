//go:build unix

package search

import (
	"syscall"
	"time"
)

// memoryProcessCPU is the CPU time (user and system) the process has used,
// every thread's.
func memoryProcessCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
