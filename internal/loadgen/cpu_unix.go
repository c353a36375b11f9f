//go:build unix

package loadgen

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time this process has used. It
// covers every goroutine, the GC and the runtime, which is exactly the cost
// the benchmark imposes on the client machine.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
