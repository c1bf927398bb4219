//go:build !linux

package cputime

import "time"

// Thread is not measured here: the bench shows wall time only.
func Thread() time.Duration { return 0 }
