package match_test

import (
	"syscall"
	"time"
	"unsafe"
)

// benchProcessCPU is the CPU time the whole process has used, every thread
// (CLOCK_PROCESS_CPUTIME_ID, to the nanosecond): the garbage collector's
// work counts too.
func benchProcessCPU() (time.Duration, bool) {
	const clockProcessCPUTime = 2 // CLOCK_PROCESS_CPUTIME_ID
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
