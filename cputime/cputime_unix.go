//go:build unix

// Package cputime reads the CPU time this process has used, all threads:
// benchmarks and bench commands report it beside the wall clock, which a
// machine shared with other work stretches.
package cputime

import (
	"syscall"
	"time"
)

// Used is the process's user and system CPU time so far.
func Used() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
