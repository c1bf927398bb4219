package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"yichuang/backupfile"
	"yichuang/hall"
)

// BackupResult says what a backup holds.
type BackupResult struct {
	Header  backupfile.Header
	DBBytes int64
	Files   int
	Skipped []string // scans whose content no longer matches their name: not copied
}

// Backup writes an encrypted, consistent backup of the desk to w (the
// file's format is package backupfile's) while the desk keeps working: the database through VACUUM INTO (a snapshot of one
// read transaction), the desk secret, and every scan of filesDir (scans
// are named by their SHA-256 and never change, so any copy of one is the
// one the snapshot means). label names the destination in the audit log.
func (db *DB) Backup(ctx context.Context, w io.Writer, password, filesDir, app, label string) (BackupResult, error) {
	var res BackupResult
	if err := db.allow(ctx, hall.PermBackup, "备份数据"); err != nil {
		return res, err
	}
	if err := hall.CheckPassword(password, ""); err != nil {
		return res, hall.Errorf(hall.EInvalid, "备份%s", hall.ErrorMessage(err))
	}
	snap := filepath.Join(filepath.Dir(db.path), ".backup-"+NewID()+".db")
	defer os.Remove(snap)
	if err := db.snapshot(ctx, snap); err != nil {
		return res, db.audited(ctx, hall.AuditBackup, label, hall.Wrap(hall.EInternal, err, "无法生成数据库快照，请检查磁盘空间"))
	}
	h, err := db.backupHeader(ctx, app)
	if err != nil {
		return res, err
	}
	bw, err := backupfile.NewWriter(w, h, password, db.kdf()) // the file's format: package backupfile
	if err != nil {
		return res, err
	}
	if res.DBBytes, err = bw.AddFile(snap, backupfile.DBFile); err != nil {
		return res, db.audited(ctx, hall.AuditBackup, label, err)
	}
	if _, err := bw.AddFile(DeskSecretPath(db.path), DeskSecretFile); err != nil && !os.IsNotExist(err) {
		return res, db.audited(ctx, hall.AuditBackup, label, err)
	}
	key, _ := db.FileKey(ctx) // to check sealed scans; without a login they go unchecked
	if res.Files, res.Skipped, err = bw.AddScans(filesDir, key); err != nil {
		return res, db.audited(ctx, hall.AuditBackup, label, err)
	}
	if err := bw.Close(); err != nil {
		return res, db.audited(ctx, hall.AuditBackup, label, err)
	}
	h = bw.Header
	res.Header = h
	detail := fmt.Sprintf("数据库 %d 字节，附件 %d 个", res.DBBytes, res.Files)
	if len(res.Skipped) > 0 {
		detail += fmt.Sprintf("，%d 个附件内容与名称不符未备份", len(res.Skipped))
	}
	return res, db.Audit().Record(ctx, hall.AuditEntry{Action: hall.AuditBackup, Object: label, Outcome: hall.AuditOK, Detail: detail})
}

// snapshot writes a consistent copy of the database to path. VACUUM INTO
// reads inside one read transaction, so writers go on meanwhile (WAL); it
// needs a connection of its own, as the read pool is query_only.
func (db *DB) snapshot(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", dsn(db.path, ""))
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}

// audited records a failed backup or restore and returns its error.
func (db *DB) audited(ctx context.Context, a hall.AuditAction, label string, err error) error {
	_ = db.Audit().Record(ctx, hall.AuditEntry{Action: a, Object: label, Outcome: hall.AuditFailed,
		Detail: hall.ErrorMessage(err)})
	return err
}

func (db *DB) backupHeader(ctx context.Context, app string) (backupfile.Header, error) {
	h := backupfile.Header{Format: backupfile.Format, Created: db.Now(), App: app, Schema: SchemaVersion()}
	for key, dst := range map[string]*string{hall.SettingHallCode: &h.HallCode, hall.SettingHallName: &h.HallName,
		hall.SettingDeskCode: &h.DeskCode} {
		v, err := db.Setting(ctx, key)
		if err != nil {
			return h, err
		}
		*dst = v
	}
	b, err := deskBinding(ctx, db.read)
	h.Binding = b
	return h, err
}

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
