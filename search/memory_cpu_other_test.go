//go:build !unix

package search

import "time"

func memoryProcessCPU() (time.Duration, bool) { return 0, false }
