package commands

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// pwFile writes passwords one per line for --password-file.
func pwFile(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	cliAdminPW = "Qinghe#Guan01"
	cliClerkPW = "Wang#Kun2026"
)

// deskWithUsers is a data directory with an admin and a clerk.
func deskWithUsers(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, out, errs := run(t, "user", "add", "--data", dir, "--name", "赵管理", "--password-file", pwFile(t, cliAdminPW), "zhao"); code != 0 || !strings.Contains(out, "首个账号") {
		t.Fatalf("first user: exit %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, "user", "add", "--data", dir, "--as", "zhao", "--role", "clerk", "--name", "王堃",
		"--password-file", pwFile(t, cliAdminPW, cliClerkPW), "wangkun"); code != 0 || !strings.Contains(out, "首次登录时须修改密码") {
		t.Fatalf("second user: exit %d %q %q", code, out, errs)
	}
	return dir
}

func TestUserCommands(t *testing.T) {
	dir := deskWithUsers(t)
	if code, _, errs := run(t, "user", "add", "--data", dir, "--password-file", pwFile(t, cliAdminPW, "Li#Si20261"), "lisi"); code != 2 || !strings.Contains(errs, "--as") {
		t.Errorf("add without --as: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "user", "list", "--data", dir, "--as", "wangkun", "--password-file", pwFile(t, cliClerkPW)); code != 1 || !strings.Contains(errs, "没有查看账号的权限") {
		t.Errorf("clerk lists users: exit %d %q", code, errs)
	}
	code, out, errs := run(t, "user", "list", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW))
	if code != 0 || !strings.Contains(out, "王堃") || !strings.Contains(out, "须修改密码") || !strings.Contains(out, "管理员") {
		t.Errorf("list: exit %d %q %q", code, out, errs)
	}
	for i := 0; i < 5; i++ {
		run(t, "user", "list", "--data", dir, "--as", "wangkun", "--password-file", pwFile(t, "Wrong#Pass1"))
	}
	if code, _, errs := run(t, "user", "list", "--data", dir, "--as", "wangkun", "--password-file", pwFile(t, cliClerkPW)); code != 1 || !strings.Contains(errs, "锁定") {
		t.Errorf("after five failures: exit %d %q", code, errs)
	}
	if code, out, errs := run(t, "user", "unlock", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW), "wangkun"); code != 0 || !strings.Contains(out, "已解除") {
		t.Errorf("unlock: exit %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "user", "passwd", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW, "short"), "wangkun"); code != 1 || !strings.Contains(errs, "至少 8 位") {
		t.Errorf("weak password: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "user", "passwd", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW), "wangkun"); code != 1 || !strings.Contains(errs, "密码文件") {
		t.Errorf("missing line: exit %d %q", code, errs)
	}
	dk := desks.Open(t, dir)
	if u, err := dk.DB.Users().Login(hall.AsDesk(context.Background()), "wangkun", cliClerkPW); err != nil || u.Role != hall.RoleClerk {
		t.Errorf("clerk login after unlock: %v", err)
	}
}

// TestVerifyExitsNonZeroOnATamperedAuditLog edits, deletes and reorders
// audit records with an SQL tool, as someone with the file could (dropping
// the append-only triggers first and putting them back).
func TestVerifyExitsNonZeroOnATamperedAuditLog(t *testing.T) {
	const guard = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
		CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`
	for _, tc := range []struct{ name, sql, want string }{
		{"edited", "UPDATE audit_log SET outcome = '失败' WHERE seq = 3", "第 3 条记录"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 2", "之前缺少第 2 条记录（被删除）"},
		{"reordered", `UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;
			UPDATE audit_log SET seq = 3 WHERE seq = -1`, "顺序被调换"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := deskWithUsers(t)
			if code, out, _ := run(t, "verify", "--data", dir); code != 0 || !strings.Contains(out, "审计日志哈希链：通过") {
				t.Fatalf("intact desk: exit %d\n%s", code, out)
			}
			db, err := sql.Open("sqlite", filepath.Join(dir, "yichuang.db"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;" + tc.sql + ";" + guard)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(t, "verify", "--data", dir)
			if code != 1 || !strings.Contains(out, "审计日志哈希链：失败：") || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want 1 naming %q:\n%s%s", code, tc.want, out, errs)
			}
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "审计日志哈希链") {
					t.Logf("yichuang verify → %s (exit %d)", l, code)
				}
			}
		})
	}
}
