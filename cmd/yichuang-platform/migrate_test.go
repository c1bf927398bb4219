package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/platform/backup"
	"yichuang/platform/store"
	"yichuang/testsupport/pgtest"
)

// sqliteCmd runs a command on the SQLite store of its --data directory,
// however the package's tests run.
func sqliteCmd(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	rc := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), rc
}

// TestMigrateAsAnOperatorWould: a pilot with a desk moves into an empty
// PostgreSQL database and is served from there with the same key; a
// second run, the wrong key, a missing pilot and a missing target are
// refused in Chinese, creating nothing.
func TestMigrateAsAnOperatorWould(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pilot")
	if _, errs, rc := sqliteCmd("desk", "add", "--data", dir, "--hall", "341122", "--desk", "01"); rc != 0 {
		t.Fatal(errs)
	}
	dsn := pgtest.Database(t)
	release, err := backup.Hold(dir) // as the pilot's serve does while it runs
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, rc := sqliteCmd("migrate", "--data", dir, "--db", dsn); rc != 1 || !strings.Contains(errs, "请先停止试点平台的 serve") {
		t.Fatalf("migrate beside a running pilot: exit %d\n%s", rc, errs)
	}
	release()
	out, errs, rc := sqliteCmd("migrate", "--data", dir, "--db", dsn)
	if rc != 0 || !strings.Contains(out, "逐件哈希") || !strings.Contains(out, "desks") {
		t.Fatalf("migrate: exit %d\n%s%s", rc, out, errs)
	}
	out, errs, rc = sqliteCmd("desk", "list", "--data", dir, "--db", dsn)
	if rc != 0 || !strings.Contains(out, "341122") {
		t.Fatalf("desk list on PostgreSQL: exit %d\n%s%s", rc, out, errs)
	}
	if _, errs, rc = sqliteCmd("migrate", "--data", dir, "--db", dsn); rc != 1 || !strings.Contains(errs, "不是空的") {
		t.Fatalf("second migrate: exit %d\n%s", rc, errs)
	}

	other := filepath.Join(t.TempDir(), "other.key")
	k, _ := store.NewKey()
	if err := store.WriteKeyFile(other, k); err != nil {
		t.Fatal(err)
	}
	if _, errs, rc = sqliteCmd("migrate", "--data", dir, "--key", other, "--db", pgtest.Database(t)); rc != 1 || !strings.Contains(errs, "指纹") {
		t.Fatalf("migrate with another key: exit %d\n%s", rc, errs)
	}

	missing := filepath.Join(t.TempDir(), "none")
	if _, errs, rc = sqliteCmd("migrate", "--data", missing, "--db", pgtest.Database(t)); rc != 1 || !strings.Contains(errs, "没有试点平台的数据库") {
		t.Fatalf("migrate without a pilot: exit %d\n%s", rc, errs)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a refused migrate made %s", missing)
	}
	if _, errs, rc = sqliteCmd("migrate", "--data", dir); rc != 2 || !strings.Contains(errs, "--db postgres://") {
		t.Fatalf("migrate without a target: exit %d\n%s", rc, errs)
	}
}
