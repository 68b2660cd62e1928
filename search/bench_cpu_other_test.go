//go:build !linux

package search_test

import "time"

// benchThreadCPU is not measured on this platform.
func benchThreadCPU() (time.Duration, bool) { return 0, false }
