package documents

import (
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// On Linux the kernel tells who opens and closes the copy (inotify), not
// who they are: the launcher (xdg-open, gio) may read the file's head
// before it starts the viewer, and a viewer may read it whole and close it
// or keep it open while it shows it. So the copy is removed ViewQuiet after
// every reader has closed it with none opening it again, and at the latest
// ViewHold after it was handed over: a viewer that still holds it open
// keeps reading it after the removal (the file's blocks are freed when it
// closes it), and one that has closed it has the notice in memory, from
// which it prints. Whether a process still holds it is known; whether the
// clerk has finished looking at it is not.
func removeWhenRead(copy string, t viewTimes) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		time.Sleep(t.hold)
		os.Remove(copy)
		return
	}
	defer unix.Close(fd)
	if _, err := unix.InotifyAddWatch(fd, copy, unix.IN_OPEN|unix.IN_CLOSE_WRITE|unix.IN_CLOSE_NOWRITE|
		unix.IN_DELETE_SELF); err != nil {
		os.Remove(copy) // gone already, or not watchable: nothing to wait for
		return
	}
	deadline := time.Now().Add(t.hold)
	open, seen := 0, false
	var lastClose time.Time
	buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
	for {
		now := time.Now()
		if now.After(deadline) || (seen && open <= 0 && now.Sub(lastClose) >= t.quiet) {
			os.Remove(copy)
			return
		}
		wait := min(time.Until(deadline), 200*time.Millisecond)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if _, err := unix.Poll(fds, int(wait.Milliseconds())+1); err != nil && err != unix.EINTR {
			time.Sleep(wait)
			continue
		}
		n, err := unix.Read(fd, buf)
		if err != nil || n <= 0 {
			continue
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			switch {
			case ev.Mask&(unix.IN_DELETE_SELF|unix.IN_IGNORED) != 0:
				return // removed already (ClearViews)
			case ev.Mask&unix.IN_OPEN != 0:
				open, seen = open+1, true
			case ev.Mask&(unix.IN_CLOSE_WRITE|unix.IN_CLOSE_NOWRITE) != 0:
				open--
				lastClose = time.Now()
			}
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
}
