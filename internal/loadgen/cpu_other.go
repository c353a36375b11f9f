//go:build !unix

package loadgen

import "time"

// processCPU is unknown where getrusage does not exist.
func processCPU() (time.Duration, bool) { return 0, false }
