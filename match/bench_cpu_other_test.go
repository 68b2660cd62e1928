//go:build !linux

package match_test

import "time"

// benchProcessCPU is not measured outside Linux.
func benchProcessCPU() (time.Duration, bool) { return 0, false }
