package documents

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"yichuang/hall"
	"yichuang/secure"
)

// A sealed notice is shown or printed through a copy in clear in a folder
// of the user's own (0700) in the system's temporary directory, the copy
// itself 0600: never in the data directory. The copy is removed as soon as
// the viewer is known to have read it (RemoveWhenRead: what can be known
// depends on the system, view_linux.go, view_windows.go), and the whole
// folder when the window closes and when it starts again (after a crash).

// ViewQuiet is how long a copy stays after the last reader closed it with
// none opening it again (Linux): the system's launcher may look at the
// file before the viewer opens it.
const ViewQuiet = 20 * time.Second

// ViewHold is the longest a copy handed to a viewer is kept where the
// system can say nothing better (Linux: a copy still open is removed
// then too, and the viewer keeps reading it; macOS: the only rule).
const ViewHold = 2 * time.Minute

// ViewRetry is when Windows first tries to remove a copy, and how often
// again: a copy a viewer holds open cannot be removed there, one it has
// read and closed can.
const ViewRetry = 30 * time.Second

// ViewDir is the folder of clear copies of this user of the PC.
func ViewDir() string {
	name := "yichuang-view"
	if uid := os.Getuid(); uid >= 0 { // -1 on Windows, whose temporary directory is the user's own
		name = fmt.Sprintf("yichuang-view-%d", uid)
	}
	return filepath.Join(os.TempDir(), name)
}

// privateDir makes ViewDir, or takes it back to 0700; a folder that is not
// ours (someone else made it first: chmod fails) or a link is refused.
func privateDir() (string, error) {
	dir := ViewDir()
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

// ViewCopy is the file to hand to a viewer for the notice at path: path
// itself when it is in clear (a desk with no keys), else a clear copy in
// ViewDir opened with key.
func ViewCopy(path string, key []byte) (string, error) {
	in, err := secure.OpenPath(path, key)
	if err != nil {
		if errors.Is(err, secure.ErrOtherKey) {
			return "", hall.Errorf(hall.EForbidden, "文书 %s 已加密保存，请登录后再打开", filepath.Base(path))
		}
		return "", hall.Wrap(hall.EInternal, err, "无法打开文书 %s", filepath.Base(path))
	}
	defer in.Close()
	if !in.Sealed {
		return path, nil
	}
	dir, err := privateDir()
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建临时文件夹 %s 来打开文书", ViewDir())
	}
	out, err := os.CreateTemp(dir, "*-"+filepath.Base(path)) // 0600; the name ends as the notice's
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法在 %s 中打开文书，请检查磁盘空间", dir)
	}
	_, err = io.Copy(out, in.Reader())
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", hall.Wrap(hall.EInternal, err, "文书 %s 无法解密（文件已损坏或不是本窗口的）", filepath.Base(path))
	}
	return out.Name(), nil
}

// RemoveWhenRead removes a copy ViewCopy made once the viewer it is about
// to be handed to has read it (call it before starting the viewer, so its
// first opening is seen); done is closed when the copy is gone. A path in
// the data directory (a clear notice) is left, and done closed at once.
func RemoveWhenRead(copy string) (done <-chan struct{}) {
	ch := make(chan struct{})
	if filepath.Dir(copy) != ViewDir() {
		close(ch)
		return ch
	}
	go func() {
		defer close(ch)
		removeWhenRead(copy, viewTimes{quiet: ViewQuiet, hold: ViewHold, retry: ViewRetry})
	}()
	return ch
}

// viewTimes are the rules' durations (tests shorten them).
type viewTimes struct{ quiet, hold, retry time.Duration }

// ClearViews removes every clear copy of this user (the window closes, or
// starts after one that did not close).
func ClearViews() error { return os.RemoveAll(ViewDir()) }
