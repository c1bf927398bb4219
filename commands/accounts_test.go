package commands

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// On a desk with accounts every command that reads personal data or
// changes the desk needs --as with the right role; before, backup,
// restore, register, catalog import and document ran with no login and
// were audited as 系统.
func TestCommandsOnADeskWithAccountsNeedTheRightLogin(t *testing.T) {
	dir := deskWithUsers(t)
	samples, _ := filepath.Abs("../testdata/catalog/sample.csv")
	backup := filepath.Join(t.TempDir(), "b.yichuang")
	if code, _, errs := run(t, "backup", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, cliBackupPW), backup); code != 0 {
		t.Fatalf("backup by the admin: exit %d %q", code, errs)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"backup", []string{"backup", "--data", dir, "--password-file", pwFile(t, cliBackupPW), backup}},
		{"restore", []string{"restore", "--data", dir, "--password-file", pwFile(t, cliBackupPW), backup}},
		{"catalog import", []string{"catalog", "import", "--data", dir, samples}},
		{"register", []string{"register", "--data", dir, "--platform", "http://127.0.0.1:1", "--code", "ABCD-EFGH"}},
		{"document", []string{"document", "--data", dir, "341122-20261123-01-0001"}},
		{"sync", []string{"sync", "--once", "--data", dir}},
		{"report", []string{"report", "--data", dir, "--month", "2026-05", "--out", filepath.Join(t.TempDir(), "r.xlsx")}},
	} {
		code, _, errs := run(t, tc.args...)
		if code == 0 || !strings.Contains(errs, "--as") {
			t.Errorf("%s with no login: exit %d %q", tc.name, code, errs)
		}
	}
	// A clerk may not back up, import a catalog or register the desk.
	clerk := pwFile(t, cliClerkPW, cliBackupPW)
	for _, tc := range []struct {
		name, want string
		args       []string
	}{
		{"backup", "备份数据", []string{"backup", "--data", dir, "--as", "wangkun", "--password-file", clerk, backup}},
		{"catalog import", "导入事项目录", []string{"catalog", "import", "--data", dir, "--as", "wangkun", "--password-file", clerk, samples}},
		{"register", "注册到省级平台", []string{"register", "--data", dir, "--as", "wangkun", "--password-file", clerk,
			"--platform", "http://127.0.0.1:1", "--code", "ABCD-EFGH"}},
	} {
		code, _, errs := run(t, tc.args...)
		if code != 1 || !strings.Contains(errs, "没有"+tc.want+"的权限") {
			t.Errorf("%s by a clerk: exit %d %q", tc.name, code, errs)
		}
	}
	// The admin imports, and the import is audited as the admin.
	if code, _, errs := run(t, "catalog", "import", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW), samples); code != 0 {
		t.Fatalf("import by the admin: exit %d %q", code, errs)
	}
	ctx := context.Background()
	dk := desks.Open(t, dir)
	admin, err := dk.DB.Users().Login(ctx, "zhao", cliAdminPW)
	if err != nil {
		t.Fatal(err)
	}
	log, _ := dk.DB.Audit().ListAudit(hall.AsUser(ctx, admin), hall.AuditFilter{Action: hall.AuditCatalog})
	if len(log) == 0 || log[0].Object != "文件 sample.csv" || log[0].UserName != "赵管理" {
		t.Errorf("the import is audited as %+v, want 赵管理", log)
	}
}

// A registered desk is re-registered only when the admin says so: a desk
// pointed at a rogue platform sends it every case.
func TestReregistrationNeedsConfirmation(t *testing.T) {
	dir := deskWithUsers(t)
	ctx := context.Background()
	dk := desks.Open(t, dir)
	if err := dk.DB.SetSettings(ctx, map[string]string{hall.SettingPlatform: "https://zwfw.example.gov.cn",
		hall.SettingDeskID: "desk-1"}); err != nil {
		t.Fatal(err)
	}
	dk.Close()
	code, _, errs := run(t, "register", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW),
		"--platform", "http://127.0.0.1:1", "--code", "ABCD-EFGH")
	if code != 1 || !strings.Contains(errs, "已注册到 https://zwfw.example.gov.cn") || !strings.Contains(errs, "--reregister") {
		t.Errorf("re-registration without confirmation: exit %d %q", code, errs)
	}
}
