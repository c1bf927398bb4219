package commands

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

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
