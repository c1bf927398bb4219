package desk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

// The desk's file services for the window and the commands: backups,
// catalog files, the recents cache.

// BackupTo writes the backup beside its final name and renames it into
// place once complete, so FILE is never a half-written backup.
func BackupTo(ctx context.Context, db *sqlite.DB, files, file, password, app string) (hall.BackupInfo, error) {
	abs, _ := filepath.Abs(file)
	info := hall.BackupInfo{File: abs}
	tmp := abs + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return info, hall.Wrap(hall.EInvalid, err, "无法创建备份文件 %s，请检查目标目录", abs)
	}
	res, err := db.Backup(ctx, f, password, files, app, filepath.Base(abs))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = hall.Wrap(hall.EInternal, cerr, "备份文件 %s 无法写入", abs)
	}
	if err == nil {
		err = os.Rename(tmp, abs)
	}
	if err != nil {
		os.Remove(tmp)
		return info, err
	}
	st, _ := os.Stat(abs)
	info.Bytes, info.Files, info.Skipped = st.Size(), res.Files, len(res.Skipped)
	info.Created, info.HallName, info.DeskCode = res.Header.Created, res.Header.HallName, res.Header.DeskCode
	return info, nil
}

// Backup backs the open desk up to file (the window's 设置 → 备份/恢复).
func (d *Desk) Backup(ctx context.Context, file, password string) (hall.BackupInfo, error) {
	return BackupTo(ctx, d.DB, d.Dir.Files(), file, password, "")
}

var _ hall.BackupService = (*Desk)(nil)

var _ hall.CatalogFiles = (*Desk)(nil)

// ImportGC is the garbage collector's target while a catalog file is
// imported: collecting at half the usual growth keeps the peak of a
// streamed import near its live data at no measurable cost in time.
const ImportGC = 50

// ImportFile is `catalog import` for the window (设置 → 事项目录) and the
// command: the file streams through the checks into one transaction a
// chunk at a time (catalogio.Stream, sqlite's ImportStream), so neither the
// file nor its entries are ever held whole. A file refused is audited.
func (d *Desk) ImportFile(ctx context.Context, path string, full bool) (hall.ImportResult, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(ImportGC))
	cat := d.DB.Catalog()
	types, err := cat.Types(ctx)
	if err != nil {
		return hall.ImportResult{}, err
	}
	names := map[hall.ItemType]string{}
	for _, t := range types {
		if !t.National {
			names[t.Code] = t.Name
		}
	}
	res, err := cat.ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
		return readAhead(path, names, each)
	}, hall.ImportOptions{Source: "文件 " + filepath.Base(path), Full: full})
	if err != nil && !strings.Contains(hall.ErrorMessage(err), filepath.Base(path)) {
		return res, hall.Wrap(hall.ErrorCode(err), err, "文件 %s：%s", path, hall.ErrorMessage(err))
	}
	return res, err
}

// readAhead reads the file's next chunk while the store prepares the one
// before and writes the one before that (sqlite's importer.run): each of
// the three holds one chunk, and a chunk read waits to be taken, so memory
// stays a few chunks.
func readAhead(path string, names map[hall.ItemType]string, each func([]hall.Item) error) (int, error) {
	chunks := make(chan []hall.Item)
	stop := make(chan struct{})
	var n int
	var readErr error
	go func() {
		defer close(chunks)
		n, readErr = catalogio.Stream(path, names, func(items []hall.Item) error {
			select {
			case chunks <- items:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var writeErr error
	for c := range chunks {
		if writeErr == nil {
			if writeErr = each(c); writeErr != nil {
				close(stop)
			}
		}
	}
	if writeErr != nil {
		return n, writeErr
	}
	return n, readErr
}

var errStopped = errors.New("import stopped")

// RecentStore is the desk's hall.Recents, nil (not a nil pointer in an
// interface) when the cache could not be opened.
func (d *Desk) RecentStore() hall.Recents {
	if d.Recents == nil {
		return nil
	}
	return d.Recents
}
