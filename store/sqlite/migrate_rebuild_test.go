package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
)

// oldDatabase makes a database as a program at schema version `upto` left
// it: one catalog entry with a 业务办理项编码 in its document and a case
// that refers to it.
func oldDatabase(t *testing.T, upto int) (path string, it hall.Item) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "yichuang.db")
	raw, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	exec(fmt.Sprintf("PRAGMA application_id = %d", appID))
	exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
	ms, _ := migrations()
	for _, m := range ms {
		if m.version <= upto {
			exec(m.sql)
			exec("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')", m.version, m.name)
		}
	}
	it = item("结婚登记", "清河县民政局", "341122", "000107001000")
	it.HandleCode = it.TaskCode + "00001"
	doc, _ := json.Marshal(it)
	exec(`INSERT INTO items (code, task_code, name, type, department, promise_days, promise_unit,
		legal_days, legal_unit, updated_at, doc) VALUES (?, ?, ?, '07', ?, 5, '工作日', 20, '工作日', '2026-01-01T00:00:00Z', ?)`,
		it.Code, it.TaskCode, it.Name, it.Department, string(doc))
	exec(`INSERT INTO cases (id, no, item_code, item_name, department, state, clerk, applicant_name,
		received_at, created_at, updated_at, doc) VALUES ('c1', 'N1', ?, ?, ?, '受理', '王', '张三',
		'2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '{}')`, it.Code, it.Name, it.Department)
	return path, it
}

func TestRebuildOfItemsKeepsRowsAndReferencesAndAllowsHandleItems(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	path, old := oldDatabase(t, 7)
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var handle, itemOfCase string
	if err := db.read.QueryRow("SELECT handle_code FROM items WHERE code = ?", old.Code).Scan(&handle); err != nil || handle != old.HandleCode {
		t.Errorf("handle_code after the rebuild = %q (%v), want %q from the document", handle, err, old.HandleCode)
	}
	if err := db.read.QueryRow("SELECT i.code FROM cases c JOIN items i ON i.code = c.item_code").Scan(&itemOfCase); err != nil {
		t.Errorf("the case lost its entry: %v", err)
	}
	var fk int
	db.write.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Error("foreign keys stayed off after the migration")
	}
	// The schema still refers to items by name, and a dangling reference is refused again.
	if _, err := db.write.Exec(`INSERT INTO item_history (item_code, version, at, kind, source, fields)
		VALUES ('no-such-entry', 1, 'x', '新增', 't', '')`); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("a row referring to a missing entry was accepted: %v", err)
	}
	// A second 办理项 under the same 实施编码 is now an entry of its own.
	sub := old
	sub.Code, sub.HandleCode, sub.Name = old.TaskCode+"00002", old.TaskCode+"00002", "结婚登记（涉外）"
	res, err := db.Catalog().ImportCatalog(ctx, []hall.Item{sub}, hall.ImportOptions{})
	if err != nil || res.Added != 1 {
		t.Fatalf("a second 办理项 of one 实施编码: %+v %v", res, err)
	}
}

func TestFailedForeignKeyCheckRollsTheRebuildBack(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	path, _ := oldDatabase(t, 7)
	raw, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	// A case whose entry is gone (written with foreign keys off).
	conn, _ := raw.Conn(ctx)
	conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
	if _, err := conn.ExecContext(ctx, `INSERT INTO cases (id, no, item_code, item_name, department, state, clerk,
		applicant_name, received_at, created_at, updated_at, doc) VALUES ('c2', 'N2', 'gone', '', '', '受理', '', '', '', '', '', '{}')`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	raw.Close()
	if _, err := Open(ctx, path, nil); err == nil || !strings.Contains(err.Error(), "missing row") {
		t.Fatalf("a rebuild that leaves a dangling reference must fail: %v", err)
	}
	raw, _ = sql.Open("sqlite", dsn(path, ""))
	defer raw.Close()
	var v int
	raw.QueryRow("SELECT max(version) FROM schema_migrations").Scan(&v)
	var unique int
	raw.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_autoindex_items_2'").Scan(&unique)
	if v != 7 || unique != 1 {
		t.Errorf("after the failed rebuild: schema %d, old task_code index present %d; want 7 and 1", v, unique)
	}
}
