//go:build !linux && !windows

package documents

import (
	"os"
	"time"
)

// Elsewhere (macOS) nothing here watches who reads the copy: it is removed
// ViewHold after it was handed over (a viewer holding it open keeps
// reading it, as on Linux).
func removeWhenRead(copy string, t viewTimes) {
	time.Sleep(t.hold)
	os.Remove(copy)
}
