package commands

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
)

const cliBackupPW = "Backup#2026ok"

// TestBackupWhileTheWindowRunsAndRestore: the window holds the data
// directory; backup still works beside it, restore waits for it to close,
// and then keeps the data it replaces.
func TestBackupWhileTheWindowRunsAndRestore(t *testing.T) {
	dir := deskWithUsers(t)
	ctx := hall.AsDesk(context.Background())
	window := desks.Open(t, dir)
	file := filepath.Join(t.TempDir(), "desk.yichuang")
	code, out, errs := run(t, "backup", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file)
	if code != 0 || !strings.Contains(out, "备份完成") {
		t.Fatalf("backup beside the window: exit %d %q %q", code, out, errs)
	}
	if admin, err := window.DB.Users().Login(ctx, "zhao", cliAdminPW); err != nil {
		t.Fatal(err)
	} else if log, _ := window.DB.Audit().ListAudit(hall.AsUser(ctx, admin), hall.AuditFilter{Action: hall.AuditBackup}); len(log) != 1 || log[0].UserName != "赵管理" {
		t.Errorf("backup not audited as the admin who ran it: %+v", log)
	}
	code, _, errs = run(t, "restore", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file)
	if code != 1 || !strings.Contains(errs, "另一个一窗程序正在使用") {
		t.Errorf("restore while the window runs: exit %d %q", code, errs)
	}
	window.Close()

	for _, tc := range []struct {
		name, pw string
		file     func() string
		want     string
	}{
		{"wrong password", "Wrong#Pass99", func() string { return file }, "备份密码不正确"},
		{"truncated", cliBackupPW, func() string { return cut(t, file, 0.5) }, "不完整"},
		{"foreign", cliBackupPW, func() string { return filepath.Join(dir, "yichuang.db") }, "不是一窗的备份文件"},
		{"missing", cliBackupPW, func() string { return filepath.Join(dir, "nope") }, "无法读取备份文件"},
	} {
		code, _, errs := run(t, "restore", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, tc.pw), tc.file())
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d %q", tc.name, code, errs)
		}
	}
	if kept, _ := filepath.Glob(filepath.Join(dir, "before-restore-*")); len(kept) != 0 {
		t.Fatalf("a refused restore kept %v", kept)
	}
	code, out, errs = run(t, "restore", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file)
	if code != 0 || !strings.Contains(out, "恢复前的数据保存在") {
		t.Fatalf("restore: exit %d %q %q", code, out, errs)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "before-restore-*", "yichuang.db"))
	if len(kept) != 1 {
		t.Errorf("replaced data kept at %v", kept)
	}
	if code, out, _ := run(t, "verify", "--data", dir); code != 0 || strings.Contains(out, "失败") {
		t.Errorf("verify after restore: %d %s", code, out)
	}
	dk := desks.Open(t, dir)
	admin, err := dk.DB.Users().Login(ctx, "zhao", cliAdminPW)
	if err != nil {
		t.Fatalf("login after restore: %v", err)
	}
	log, _ := dk.DB.Audit().ListAudit(hall.AsUser(ctx, admin), hall.AuditFilter{Action: hall.AuditRestore})
	if len(log) != 1 || !strings.Contains(log[0].Detail, "before-restore-") || log[0].UserName != "赵管理" {
		t.Errorf("restore not audited as the admin who ran it: %+v", log)
	}

}

func TestRestoreRefusesAnotherDesksBackupUnlessConfirmed(t *testing.T) {
	mine, other := deskWithUsers(t), deskWithUsers(t)
	file := filepath.Join(t.TempDir(), "other.yichuang")
	if code, _, errs := run(t, "backup", "--data", other, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := run(t, "restore", "--data", mine, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file)
	if code != 1 || !strings.Contains(errs, "来自另一个窗口") || !strings.Contains(errs, "--other-desk") {
		t.Errorf("other desk's backup: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "restore", "--data", mine, "--other-desk", "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), file); code != 0 {
		t.Errorf("confirmed: exit %d %q", code, errs)
	}
}

func cut(t *testing.T, file string, share float64) string {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.yichuang")
	os.WriteFile(p, b[:int(float64(len(b))*share)], 0o600)
	return p
}
