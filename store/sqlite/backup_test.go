package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/backupfile"
	"yichuang/hall"
)

const backupPW = "Backup#2026ok"

// backedUp is a keyed desk with a case and a scan, and its backup.
func backedUp(t *testing.T) (*DB, *hall.Case, []byte, string) {
	t.Helper()
	db, ctx := clerkDesk(t)
	c := writePersonalData(t, db)
	db.Users().Logout(ctx)
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW)) // backup is the admin's
	files := filepath.Join(filepath.Dir(db.Path()), "files")
	os.MkdirAll(files, 0o700)
	scan := []byte("%PDF-1.4 a scanned ID card")
	sum := sha256.Sum256(scan)
	os.WriteFile(filepath.Join(files, hex.EncodeToString(sum[:])), scan, 0o600)
	os.WriteFile(filepath.Join(files, strings.Repeat("0", 64)), []byte("rotten"), 0o600) // content no longer matches
	var out bytes.Buffer
	res, err := db.Backup(ctx, &out, backupPW, files, "test", "内存")
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || len(res.Skipped) != 1 || res.Header.HallCode != "341122" || res.DBBytes < 4096 {
		t.Errorf("backup result %+v", res)
	}
	if bytes.Contains(out.Bytes(), []byte(knownID)) || bytes.Contains(out.Bytes(), scan) {
		t.Error("the backup file holds clear content")
	}
	return db, c, out.Bytes(), hex.EncodeToString(sum[:])
}

func TestBackupRestoresOnAnotherPC(t *testing.T) {
	db, c, file, scan := backedUp(t)
	ctx := hall.AsDesk(context.Background())
	if n := auditCount(t, db, hall.AuditBackup, hall.AuditOK); n != 1 {
		t.Errorf("%d backup records", n)
	}
	// Another PC: an empty data directory.
	dir := t.TempDir()
	stage := filepath.Join(dir, ".restore")
	h, err := UnpackBackup(ctx, bytes.NewReader(file), "b.yichuang", backupPW, stage)
	if err != nil {
		t.Fatal(err)
	}
	if h.DeskCode != "07" || h.Binding == "" {
		t.Errorf("header %+v", h)
	}
	if _, err := backupfile.SwapIn(dir, stage, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "files", scan)); err != nil {
		t.Errorf("scan not restored: %v", err)
	}
	restored, err := Open(ctx, filepath.Join(dir, "yichuang.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	ctx = hall.AsUser(ctx, login(t, restored, "wangkun", clerkPW))
	if v, err := restored.Privacy().Reveal(ctx, c.ID, hall.FieldPhone); err != nil || v != knownPhone {
		t.Errorf("restored phone %q, %v", v, err)
	}
	if checks, _ := restored.Verify(ctx); !allOK(checks) {
		t.Errorf("restored desk fails verify: %+v", checks)
	}
}

func allOK(cs []Check) bool {
	for _, c := range cs {
		if !c.OK {
			return false
		}
	}
	return true
}

func TestRestoreRefusesBadBackupsClearly(t *testing.T) {
	_, _, file, _ := backedUp(t)
	ctx := hall.AsDesk(context.Background())
	flipped := append([]byte(nil), file...)
	flipped[len(flipped)/2] ^= 0x40
	for _, tc := range []struct {
		name string
		file []byte
		pw   string
		want string
	}{
		{"wrong password", file, "Wrong#Pass99", "备份密码不正确"},
		{"truncated", file[:len(file)*2/3], backupPW, "不完整（文件被截断"},
		{"cut before the last chunk", file[:len(file)-30], backupPW, "不完整"},
		{"a byte changed", flipped, backupPW, "已损坏或被改动"},
		{"foreign file", []byte("SQLite format 3\x00 not a backup at all"), backupPW, "不是一窗的备份文件"},
		{"empty file", nil, backupPW, "不是一窗的备份文件"},
	} {
		dir := t.TempDir()
		_, err := UnpackBackup(ctx, bytes.NewReader(tc.file), "b.yichuang", tc.pw, filepath.Join(dir, ".restore"))
		if err == nil || !strings.Contains(hall.ErrorMessage(err), tc.want) || !strings.Contains(hall.ErrorMessage(err), "本机数据未作任何改动") {
			t.Errorf("%s: %v", tc.name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "yichuang.db")); !os.IsNotExist(err) {
			t.Errorf("%s: something was written outside the staging folder", tc.name)
		}
	}
}

func TestSwapInKeepsTheCurrentData(t *testing.T) {
	_, _, file, _ := backedUp(t)
	ctx := hall.AsDesk(context.Background())
	dir := t.TempDir()
	current, err := Open(ctx, filepath.Join(dir, "yichuang.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	seedItem(t, current)
	current.Close()
	before, _ := os.ReadFile(filepath.Join(dir, "yichuang.db"))
	stage := filepath.Join(dir, ".restore")
	if _, err := UnpackBackup(ctx, bytes.NewReader(file), "b", backupPW, stage); err != nil {
		t.Fatal(err)
	}
	kept, err := backupfile.SwapIn(dir, stage, time.Date(2026, 11, 23, 15, 30, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(kept) != "before-restore-20261123-153000" {
		t.Errorf("kept in %s", kept)
	}
	if got, _ := os.ReadFile(filepath.Join(kept, "yichuang.db")); !bytes.Equal(got, before) {
		t.Error("the replaced database was not kept as it was")
	}
	if _, err := os.Stat(stage); !os.IsNotExist(err) {
		t.Error("staging folder left behind")
	}
}

func TestBackupNeedsAStrongPasswordAndAnAdmin(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	var out bytes.Buffer
	if _, err := db.Backup(ctx, &out, "short", "", "test", "x"); hall.ErrorCode(err) != hall.EInvalid {
		t.Errorf("weak backup password: %v", err)
	}
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
	if _, err := db.Backup(ctx, &out, backupPW, "", "test", "x"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("clerk backs up: %v", err)
	}
	db.Users().Logout(ctx)
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	if _, err := db.Backup(ctx, &out, backupPW, "", "test", "x"); err != nil {
		t.Errorf("admin backs up: %v", err)
	}
}
