package main

import (
	"database/sql"
	"strings"
	"testing"

	"yichuang/platform/backup"
	"yichuang/platform/store"
	"yichuang/testsupport/pgtest"
)

// TestSealCheck: seal-check on a clean store seals nothing and says so; on
// a store an older binary wrote a desk secret to in clear after the store
// was marked (which an open no longer scans for), it seals it and says
// what it sealed.
func TestSealCheck(t *testing.T) {
	dir := t.TempDir()
	if _, errs, rc := platformCmd(t, "desk", "add", "--data", dir, "--hall", "341122", "--desk", "07"); rc != 0 {
		t.Fatalf("desk add: %s", errs)
	}
	out, errs, rc := platformCmd(t, "seal-check", "--data", dir)
	if rc != 0 || !strings.Contains(out, "没有以明文写入的内容，未作改动") {
		t.Fatalf("seal-check of a clean store: exit %d, %q %q", rc, out, errs)
	}
	target := pgtest.PlatformTarget(t, dir)
	driver := "sqlite"
	if store.IsPostgres(target) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const clear = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	if _, err := db.Exec("UPDATE desks SET secret = '" + clear + "'"); err != nil {
		t.Fatal(err)
	}
	if out, _, rc := platformCmd(t, "desk", "list", "--data", dir); rc != 0 || !strings.Contains(out, "341122\t07") {
		t.Fatalf("desk list: %d %s", rc, out)
	}
	var secret string
	if err := db.QueryRow("SELECT secret FROM desks").Scan(&secret); err != nil || secret != clear {
		t.Fatalf("an open of a marked store sealed the secret (%q, %v): it scanned", secret, err)
	}
	out, errs, rc = platformCmd(t, "seal-check", "--data", dir)
	if rc != 0 || !strings.Contains(out, "窗口密钥 1 个，办件 0 件，办件事件 0 条，审计记录 0 条") {
		t.Fatalf("seal-check: exit %d, %q %q", rc, out, errs)
	}
	if err := db.QueryRow("SELECT secret FROM desks").Scan(&secret); err != nil || !strings.HasPrefix(secret, "#sm4:") {
		t.Errorf("after seal-check the secret is %q, %v", secret, err)
	}

	// On SQLite its scan would hold the writer a running server needs: it
	// waits for the server to stop, as restore and migrate do.
	release, err := backup.Hold(dir) // as a running server does
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	out, errs, rc = platformCmd(t, "seal-check", "--data", dir)
	if refused := rc == 1 && strings.Contains(errs, "请先停止平台服务，再执行 seal-check"); refused == store.IsPostgres(target) {
		t.Errorf("seal-check beside a running server (PostgreSQL %v): exit %d, %q %q", store.IsPostgres(target), rc, out, errs)
	}
}
