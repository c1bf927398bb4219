// Package datadir finds, creates and locks the desk's data directory: the
// SQLite file, attachments and caches all live under it. One copy of the
// app holds the lock at a time, so two windows never write one database.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"yichuang/hall"
)

// File names inside the data directory.
const (
	DBFile    = "yichuang.db"
	CacheFile = "cache.buntdb"
	FilesDir  = "files"
	lockFile  = "yichuang.lock"
)

// Default is yichuang under the user's config directory.
func Default() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "找不到用户配置目录，请用 --data 指定数据目录")
	}
	return filepath.Join(base, "yichuang"), nil
}

// Dir is an opened, locked data directory.
type Dir struct {
	Path string
	lock *os.File
}

// Open creates dir if needed, checks that it is writable and takes its
// lock. A second copy of the app gets an ELocked error in Chinese.
func Open(dir string) (*Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "数据目录路径无效：%s", dir)
	}
	if err := os.MkdirAll(filepath.Join(abs, FilesDir), 0o700); err != nil {
		return nil, unwritable(abs, err)
	}
	probe := filepath.Join(abs, ".write-test")
	if err := os.WriteFile(probe, []byte("ok"), 0o600); err != nil {
		return nil, unwritable(abs, err)
	}
	_ = os.Remove(probe)
	f, err := os.OpenFile(filepath.Join(abs, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, unwritable(abs, err)
	}
	if err := Lock(f); err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, hall.Errorf(hall.ELocked,
				"另一个一窗程序正在使用数据目录 %s。请先关闭它，或用 --data 指定其他数据目录", abs)
		}
		return nil, hall.Wrap(hall.EInternal, err, "无法锁定数据目录 %s", abs)
	}
	_ = f.Truncate(0)
	_, _ = fmt.Fprintf(f, "%d\n", os.Getpid())
	return &Dir{Path: abs, lock: f}, nil
}

func unwritable(dir string, err error) error {
	return hall.Wrap(hall.EInternal, err, "数据目录 %s 无法创建或不可写入，请检查权限或用 --data 指定其他目录", dir)
}

// DB is the path of the SQLite file.
func (d *Dir) DB() string { return filepath.Join(d.Path, DBFile) }

// Cache is the path of the rebuildable buntdb cache.
func (d *Dir) Cache() string { return filepath.Join(d.Path, CacheFile) }

// Files is the folder of attachments named by their SHA-256.
func (d *Dir) Files() string { return filepath.Join(d.Path, FilesDir) }

// Close releases the lock.
func (d *Dir) Close() error {
	if d.lock == nil {
		return nil
	}
	err := Unlock(d.lock)
	return errors.Join(err, d.lock.Close())
}

// ErrLocked is Lock's answer when another process holds the file's lock
// (this directory's, or the platform's own: platform/backup).
var ErrLocked = errors.New("data directory is locked")

// ThrowawayFile marks a data directory made for demonstrations and tests
// (yichuang-bench seed, --screenshots): its cases are fabricated and its
// demo accounts' passwords are in the program.
const ThrowawayFile = "yichuang.throwaway"

// Throwaway is the data directory for a run that logs in demo accounts
// (--screenshots, --idle-probe), whose passwords are compiled into the
// program: never a clerk's data. With dir "" it makes a temporary
// directory; a dir given must not exist yet, be empty, or carry
// ThrowawayFile (a desk yichuang-bench seed made). Anything else is
// refused, the default data directory included. cleanup removes what
// Throwaway created.
func Throwaway(dir string) (path string, cleanup func(), err error) {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "yichuang-demo-")
		if err != nil {
			return "", nil, hall.Wrap(hall.EInternal, err, "无法创建临时数据目录")
		}
		if err := MarkThrowaway(tmp); err != nil {
			os.RemoveAll(tmp)
			return "", nil, err
		}
		return tmp, func() { os.RemoveAll(tmp) }, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, hall.Wrap(hall.EInternal, err, "数据目录路径无效：%s", dir)
	}
	entries, err := os.ReadDir(abs)
	switch {
	case os.IsNotExist(err):
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return "", nil, unwritable(abs, err)
		}
		if err := MarkThrowaway(abs); err != nil {
			return "", nil, err
		}
		return abs, func() { os.RemoveAll(abs) }, nil
	case err != nil:
		return "", nil, unwritable(abs, err)
	case len(entries) == 0 || IsThrowaway(abs):
		return abs, func() {}, MarkThrowaway(abs)
	}
	return "", nil, hall.Errorf(hall.EConflict, "数据目录 %s 已有数据：演示账号（截图、空闲测量）只在全新的空目录或测试工具生成的目录中创建。不加 --data 时程序自建临时目录", abs)
}

// MarkThrowaway marks dir as made for demonstrations and tests.
func MarkThrowaway(dir string) error {
	err := os.WriteFile(filepath.Join(dir, ThrowawayFile), []byte("演示与测试用的数据目录：办件为生成的，演示账号的密码随程序公开\n"), 0o600)
	if err != nil {
		return unwritable(dir, err)
	}
	return nil
}

// IsThrowaway reports whether dir carries ThrowawayFile.
func IsThrowaway(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ThrowawayFile))
	return err == nil
}
