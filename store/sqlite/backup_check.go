package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"yichuang/backupfile"
	"yichuang/hall"
)

// UnpackBackup checks the password, decrypts the backup into stage (a new
// directory) and checks everything in it: only known entries, every scan
// matching its SHA-256 name (backupfile.Unpack), a sound database of this
// program whose desk secret is the one it was made with. Nothing outside
// stage is touched.
func UnpackBackup(ctx context.Context, r io.Reader, name, password, stage string) (backupfile.Header, error) {
	h, err := backupfile.Unpack(r, name, password, stage, SchemaVersion())
	if err != nil {
		return h, err
	}
	return h, checkStaged(ctx, stage, name, h)
}

// ReadBackupHeader reads what a backup file says about itself, without the
// password, refusing one of a newer schema than this program's.
func ReadBackupHeader(r *bufio.Reader, name string) (backupfile.Header, error) {
	return backupfile.ReadHeader(r, name, SchemaVersion())
}

// checkStaged checks the unpacked database: ours, not newer, sound, and
// with its own desk secret beside it.
func checkStaged(ctx context.Context, stage, name string, h backupfile.Header) error {
	path := filepath.Join(stage, backupfile.DBFile)
	if _, err := os.Stat(path); err != nil {
		return backupfile.Err(name, backupfile.ErrBadEntry)
	}
	probe := &DB{path: path}
	if err := checkHeader(path); err != nil {
		return backupfile.Err(name, backupfile.ErrBadEntry)
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
		return backupfile.Err(name, backupfile.ErrBadEntry)
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
