package sqlite

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"yichuang/hall"
)

var errBadEntry = errors.New("backup: unexpected entry")

// untar writes the backup's entries into stage. Only the names a backup
// holds are accepted (no paths of any other shape can escape stage), and
// each scan must hash to its name.
func untar(r io.Reader, stage string) error {
	tr := tar.NewReader(r)
	for {
		hd, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := hd.Name
		scan, isScan := strings.CutPrefix(name, "files/")
		if hd.Typeflag != tar.TypeReg || !(name == "yichuang.db" || name == DeskSecretFile || isScan && sha256Name.MatchString(scan)) {
			return errBadEntry
		}
		f, err := os.OpenFile(filepath.Join(stage, filepath.FromSlash(name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(io.MultiWriter(f, h), tr)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if isScan && hex.EncodeToString(h.Sum(nil)) != scan {
			return errBadEntry
		}
	}
}

// checkStaged checks the unpacked database: ours, not newer, sound, and
// with its own desk secret beside it.
func checkStaged(ctx context.Context, stage, name string, h BackupHeader) error {
	path := filepath.Join(stage, "yichuang.db")
	if _, err := os.Stat(path); err != nil {
		return backupErr(name, errBadEntry)
	}
	probe := &DB{path: path}
	if err := checkHeader(path); err != nil {
		return backupErr(name, errBadEntry)
	}
	if err := probe.inspect(ctx); err != nil {
		return err
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	ro, err := sql.Open("sqlite", "file:"+u.EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer ro.Close()
	var ok string
	if err := ro.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		return hall.Errorf(hall.ECorrupt, "备份文件 %s 中的数据库已损坏（完整性检查未通过），无法恢复。本机数据未作任何改动", name)
	}
	binding, _ := deskBinding(ctx, ro)
	if binding == "" {
		return nil // a desk that never made a desk secret
	}
	secret, err := readDeskSecret(filepath.Join(stage, DeskSecretFile))
	if err != nil || bindingOf(secret) != binding || binding != h.Binding {
		return backupErr(name, errBadEntry)
	}
	return nil
}

// DeskBindingOf reads the desk fingerprint of the database at path without
// opening it for writing ("" for none): restore uses it to notice a backup
// of another desk.
func DeskBindingOf(ctx context.Context, path string) string {
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	ro, err := sql.Open("sqlite", "file:"+u.EscapedPath()+"?mode=ro")
	if err != nil {
		return ""
	}
	defer ro.Close()
	b, _ := deskBinding(ctx, ro)
	return b
}
