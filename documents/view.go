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
// itself 0600: never in the data directory. The copy is removed ViewHold
// after it was handed to the viewer (which has read it by then), and the
// whole folder when the window closes and when it starts again (after a
// crash).

// ViewHold is how long a copy handed to a viewer is kept.
const ViewHold = 5 * time.Minute

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

// RemoveLater removes a copy ViewCopy made once a viewer has had ViewHold
// to read it; a path in the data directory (a clear notice) is left.
func RemoveLater(copy string) {
	if filepath.Dir(copy) != ViewDir() {
		return
	}
	time.AfterFunc(ViewHold, func() { os.Remove(copy) })
}

// ClearViews removes every clear copy of this user (the window closes, or
// starts after one that did not close).
func ClearViews() error { return os.RemoveAll(ViewDir()) }
