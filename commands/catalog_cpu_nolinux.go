//go:build !linux

package commands

import "time"

// threadCPU is not measured here: the bench shows wall time only.
func threadCPU() time.Duration { return 0 }
