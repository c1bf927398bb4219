package sqlite

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

const restoreTriggers = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`

const dropTriggers = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"

// auditedDB is a keyed desk with a dozen audit records.
func auditedDB(t *testing.T) (*DB, int) {
	db, ctx := clerkDesk(t)
	writePersonalData(t, db)
	db.Users().Logout(ctx)
	var n int
	db.read.QueryRow("SELECT count(*) FROM audit_log").Scan(&n)
	if n < 8 {
		t.Fatalf("only %d audit records", n)
	}
	return db, n
}

func auditCheck(t *testing.T, db *DB) Check {
	t.Helper()
	checks, err := db.Verify(hall.AsDesk(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Name == "审计日志哈希链" {
			return c
		}
	}
	t.Fatal("verify has no audit chain check")
	return Check{}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db, _ := auditedDB(t)
	for _, q := range []string{"UPDATE audit_log SET detail = 'x' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2"} {
		if _, err := db.write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if c := auditCheck(t, db); !c.OK || !strings.Contains(c.Detail, "条记录") {
		t.Errorf("intact log: %+v", c)
	}
}

func TestVerifyNamesTheFirstBadAuditRecord(t *testing.T) {
	swap := `UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4;
		UPDATE audit_log SET seq = 4 WHERE seq = -3;`
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *DB, n int) string
		want   string
	}{
		{"edited", func(*testing.T, *DB, int) string {
			return "UPDATE audit_log SET detail = '改过' WHERE seq = 5"
		}, "第 5 条记录（"},
		{"deleted", func(*testing.T, *DB, int) string { return "DELETE FROM audit_log WHERE seq = 3" },
			"之前缺少第 3 条记录（被删除）"},
		{"reordered", func(*testing.T, *DB, int) string { return swap }, "第 3 条记录（"},
		{"recomputed without the desk key", func(t *testing.T, db *DB, n int) string {
			return recomputeFrom(t, db, 4, n)
		}, "签名不符"},
		{"tail deleted after the platform confirmed it", func(t *testing.T, db *DB, n int) string {
			if err := db.MarkAuditPushed(hall.AsDesk(context.Background()), int64(n)); err != nil {
				t.Fatal(err)
			}
			return "DELETE FROM audit_log WHERE seq = " + itoa64(int64(n))
		}, "被删除的是日志末尾"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, n := auditedDB(t)
			q := tc.tamper(t, db, n)
			if _, err := db.write.Exec(dropTriggers + q + ";" + restoreTriggers); err != nil {
				t.Fatal(err)
			}
			c := auditCheck(t, db)
			if c.OK || !strings.Contains(c.Detail, tc.want) {
				t.Errorf("verify: %+v, want %q", c, tc.want)
			}
			t.Logf("审计日志哈希链：失败：%s", c.Detail)
		})
	}
	t.Run("triggers dropped", func(t *testing.T) {
		db, _ := auditedDB(t)
		db.write.Exec(dropTriggers)
		if c := auditCheck(t, db); c.OK || !strings.Contains(c.Detail, "触发器") {
			t.Errorf("verify: %+v", c)
		}
	})
}

func TestReorderIsNamedAsSuch(t *testing.T) {
	db, _ := auditedDB(t)
	db.write.Exec(dropTriggers + `UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4;
		UPDATE audit_log SET seq = 4 WHERE seq = -3;` + restoreTriggers)
	if c := auditCheck(t, db); !strings.Contains(c.Detail, "顺序被调换（它原本应排在第 4 条之后）") {
		t.Errorf("verify: %+v", c)
	}
}

// recomputeFrom edits record `from` and recomputes the SM3 chain from there
// on as someone with the file but not the desk secret could.
func recomputeFrom(t *testing.T, db *DB, from, n int) string {
	t.Helper()
	var sql strings.Builder
	var prev string
	db.read.QueryRow("SELECT hash FROM audit_log WHERE seq = ?", from-1).Scan(&prev)
	for seq := from; seq <= n; seq++ {
		e, _, err := scanAudit(db.read.QueryRow("SELECT "+auditCols+", mac FROM audit_log WHERE seq = ?", seq))
		if err != nil {
			t.Fatal(err)
		}
		if seq == from {
			e.Outcome = hall.AuditOK + "（改）"
		}
		h := secure.ChainHash(prev, auditFields(e))
		sql.WriteString("UPDATE audit_log SET outcome = '" + e.Outcome + "', prev_hash = '" + prev + "', hash = '" + h +
			"' WHERE seq = " + itoa64(int64(seq)) + ";")
		prev = h
	}
	return sql.String()
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
