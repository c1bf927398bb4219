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
