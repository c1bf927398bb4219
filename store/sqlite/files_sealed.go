package sqlite

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

// The desk's files at rest: scans (files/) and notices (documents/) are
// sealed under a key derived from the data key (secure.FileKey), so a
// copied data directory shows neither without a login (docs/adr/0017).

// FileKey is the key the desk's files are sealed under: the logged-in
// data key's; nil on a desk with no keys yet (files stay in clear until the
// first admin, as every record does); refused on a desk with keys when
// nobody has logged in.
func (db *DB) FileKey(ctx context.Context) ([]byte, error) {
	if key := db.dataKey(ctx); key != nil {
		return key.FileKey(), nil
	}
	keyed, err := deskKeyed(ctx, db.read)
	if err != nil {
		return nil, db.classify0(err)
	}
	if keyed {
		return nil, errDeskLocked
	}
	return nil, nil
}

// sealingPrefix names a sealed copy being written; one left by a pass cut
// short is removed by the next (its clear original is still there).
const sealingPrefix = ".sealing-"

// SealFiles seals the files an older build (or a desk before its first
// admin) left in clear in the folders dirs: each is written sealed beside
// itself, synced, and renamed over the clear one, so at every moment the
// file is whole under its name, clear or sealed. It returns how many it
// sealed. Files already sealed are left; running it again does nothing.
func (db *DB) SealFiles(ctx context.Context, dirs ...string) (int, error) {
	key, err := db.FileKey(ctx)
	if err != nil || key == nil {
		return 0, err
	}
	sealed := 0
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return sealed, hall.Wrap(hall.EInternal, err, "无法读取目录 %s", dir)
		}
		for _, e := range entries {
			if ctx.Err() != nil {
				return sealed, ctx.Err()
			}
			path := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), sealingPrefix) {
				os.Remove(path)
				continue
			}
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			did, err := sealFile(path, key)
			if err != nil {
				return sealed, hall.Wrap(hall.EInternal, err, "无法加密文件 %s，请检查磁盘空间", path)
			}
			if did {
				sealed++
			}
		}
		syncDir(dir)
	}
	return sealed, nil
}

// sealFile seals path in place if it is in clear.
func sealFile(path string, key []byte) (bool, error) {
	in, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer in.Close()
	head := make([]byte, len(secure.FileMagic))
	n, _ := io.ReadFull(in, head)
	if secure.IsSealedFile(head[:n]) {
		return false, nil
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	tmp := filepath.Join(filepath.Dir(path), sealingPrefix+filepath.Base(path))
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return false, err
	}
	w, err := secure.NewFileWriter(out, key)
	if err == nil {
		_, err = io.Copy(w, in)
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return false, err
	}
	return true, nil
}
