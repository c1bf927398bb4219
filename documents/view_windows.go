package documents

import (
	"errors"
	"os"
	"time"
)

// On Windows the shell hands the file to the viewer (a new process, or one
// already running, told through DDE or COM) and says nothing about it
// afterwards; but a file a process holds open cannot be removed, and most
// viewers hold a PDF open while they show it. So the copy is tried ViewRetry
// after it was handed over and every ViewRetry again: it goes as soon as the
// viewer has closed it (the window closing, or a viewer that read it whole
// and closed it). A viewer slower than ViewRetry to open it finds it gone.
func removeWhenRead(copy string, t viewTimes) {
	for {
		time.Sleep(t.retry)
		err := os.Remove(copy)
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
	}
}
