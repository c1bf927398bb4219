package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(hall.AsDesk(context.Background()), filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenSetsPragmasAndMigrates(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000",
		"page_size": "8192", "temp_store": "2",
	} {
		var got string
		if err := db.write.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	v, err := db.CurrentSchema(ctx)
	if err != nil || v != SchemaVersion() || v < 1 {
		t.Fatalf("schema version = %d (%v), want %d", v, err, SchemaVersion())
	}
	for _, table := range []string{"items", "cases", "case_events", "outbox", "sync_cursors", "settings"} {
		var n int
		if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = ?", table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (%v)", table, err)
		}
	}
	// Reopening applies nothing twice.
	path := db.Path()
	db.Close()
	db2, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var rows int
	db2.read.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&rows)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	// One row per migration file: versions may leave gaps (features number
	// their migrations apart), never apply twice.
	if rows != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", rows, len(ms))
	}
}

func sum(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func assertRefusedUntouched(t *testing.T, path, code, words string, noSideFiles bool) {
	t.Helper()
	before := sum(t, path)
	_, err := Open(hall.AsDesk(context.Background()), path, nil)
	if hall.ErrorCode(err) != code {
		t.Fatalf("Open = %v (code %q), want code %q", err, hall.ErrorCode(err), code)
	}
	if msg := hall.ErrorMessage(err); !strings.Contains(msg, words) || !strings.Contains(msg, "未作任何改动") {
		t.Errorf("message %q should contain %q and say the file is untouched", msg, words)
	}
	if sum(t, path) != before {
		t.Error("the refused file was changed")
	}
	if _, err := os.Stat(path + "-wal"); err == nil && noSideFiles {
		t.Error("a WAL file was created beside the refused file")
	}
}

func TestCorruptFileRefusedUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(path, bytes.Repeat([]byte("这不是数据库"), 500), 0o600)
	assertRefusedUntouched(t, path, hall.ECorrupt, "已损坏", true)
}

func TestDamagedPagesRefused(t *testing.T) {
	db := openTest(t)
	path := db.Path()
	db.SetSetting(hall.AsDesk(context.Background()), "k", strings.Repeat("v", 10000))
	db.Close()
	b, _ := os.ReadFile(path)
	for i := 100; i < len(b); i++ { // keep the header, wipe the schema page and everything after
		b[i] = 0xA5
	}
	os.WriteFile(path, b, 0o600)
	assertRefusedUntouched(t, path, hall.ECorrupt, "已损坏", false)
}

func TestForeignDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("PRAGMA journal_mode=DELETE; CREATE TABLE accounts (id INTEGER); INSERT INTO accounts VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	assertRefusedUntouched(t, path, hall.ECorrupt, "其他程序", true)
}

func TestNewerSchemaRefused(t *testing.T) {
	db := openTest(t)
	path := db.Path()
	if _, err := db.write.Exec("INSERT INTO schema_migrations VALUES (?, 'future.sql', '2030-01-01')", SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	assertRefusedUntouched(t, path, hall.EUnsupported, "新版", false)
}

func TestUpdateFixesNowAndRollsBack(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	fixed := time.Date(2026, 2, 14, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return fixed }
	err := db.Update(ctx, func(tx *Tx) error {
		if !tx.Now.Equal(fixed) {
			t.Errorf("tx.Now = %v", tx.Now)
		}
		if err := setSettingTx(ctx, tx, "a", "1"); err != nil {
			return err
		}
		return hall.Errorf(hall.EInvalid, "故意失败")
	})
	if hall.ErrorCode(err) != hall.EInvalid {
		t.Fatalf("err = %v", err)
	}
	if v, _ := db.Setting(ctx, "a"); v != "" {
		t.Errorf("a failed transaction left a setting: %q", v)
	}
	db.SetSetting(ctx, "a", "2")
	var at string
	db.read.QueryRow("SELECT updated_at FROM settings WHERE key = 'a'").Scan(&at)
	if at != stamp(fixed) {
		t.Errorf("updated_at = %s, want the injected clock %s", at, stamp(fixed))
	}
}

func TestMigrationBelowTheHighestIsStillApplied(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	path := db.Path()
	// Pretend migration 2 never ran although later ones did.
	if _, err := db.write.Exec("DELETE FROM schema_migrations WHERE version = 2"); err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	var two migration
	for _, m := range ms {
		if m.version == 2 {
			two = m
		}
	}
	if two.version != 2 {
		t.Fatal("no migration 2")
	}
	// Undo what migration 2 created so that applying it again succeeds.
	tables := []string{"item_search", "item_history", "catalog_state"}
	for _, n := range tables {
		if _, err := db.write.Exec("DROP TABLE " + n); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db2, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var n int
	db2.read.QueryRow("SELECT count(*) FROM schema_migrations WHERE version = 2").Scan(&n)
	if n != 1 {
		t.Fatal("the missing migration 2 was not applied on reopen")
	}
	for _, tb := range tables {
		var c int
		db2.read.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = ?", tb).Scan(&c)
		if c != 1 {
			t.Errorf("table %s missing after reopen", tb)
		}
	}
}
