//go:build !unix

package commands

import "time"

// cpuTime is not measured here; the bench prints wall time only.
func cpuTime() time.Duration { return 0 }
