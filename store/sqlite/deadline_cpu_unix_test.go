//go:build unix

package sqlite

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, all threads: benchmarks
// report it beside the wall clock, which a machine shared with other work
// stretches.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
