package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/platform/backup"
	"yichuang/platform/store"
	"yichuang/secure"
	"yichuang/testsupport/pgtest"
)

func platformCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	rc := run(context.Background(), pgtest.PlatformArgs(t, args), &out, &errOut)
	return out.String(), errOut.String(), rc
}

func TestPlatformBackupAndRestore(t *testing.T) {
	if pgtest.OnPostgres() {
		testBackupRefusedOnPostgres(t)
		return
	}
	backupKDF = secure.TestParams
	ctx := context.Background()
	dir, tmp := t.TempDir(), t.TempDir()
	pw := filepath.Join(tmp, "pw")
	os.WriteFile(pw, []byte("Backup#2026\n"), 0o600)
	if _, errs, rc := platformCmd(t, "desk", "add", "--data", dir, "--hall", "341122", "--desk", "01"); rc != 0 {
		t.Fatal(errs)
	}
	// A scan that arrived whole, sealed as the server keeps one.
	scan := []byte("扫描件内容")
	sum := sha256.Sum256(scan)
	sha := hex.EncodeToString(sum[:])
	key, err := store.LoadKeyFile(dir+".key", false)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "platform.db"), key)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "files"), 0o700)
	sealed := filepath.Join(dir, "files", sha+".sm4")
	fileKey, err := st.SealFile(sealed, sha, bytes.NewReader(scan))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FileVerified(ctx, sha, int64(len(scan)), sealed, fileKey); err != nil {
		t.Fatal(err)
	}
	epoch, _ := st.Epoch(ctx)
	// The backup runs beside the open store, as beside the server.
	file := filepath.Join(tmp, "p.ycb")
	out, errs, rc := platformCmd(t, "backup", "--data", dir, "--password-file", pw, file)
	if rc != 0 || !strings.Contains(out, "1 个附件") {
		t.Fatalf("backup: %d %s %s", rc, out, errs)
	}
	if _, err := st.AddDesk(ctx, "341122", "02", ""); err != nil { // after the backup: lost by the restore
		t.Fatal(err)
	}
	st.Close()

	raw, _ := os.ReadFile(file)
	bad := append([]byte(nil), raw...)
	bad[len(bad)-40] ^= 1
	os.WriteFile(filepath.Join(tmp, "bad.ycb"), bad, 0o600)
	os.WriteFile(filepath.Join(tmp, "cut.ycb"), raw[:len(raw)-100], 0o600)
	os.WriteFile(filepath.Join(tmp, "wrong"), []byte("Wrong#2026\n"), 0o600)
	for name, args := range map[string][]string{
		"a changed byte":   {"--password-file", pw, filepath.Join(tmp, "bad.ycb")},
		"a cut file":       {"--password-file", pw, filepath.Join(tmp, "cut.ycb")},
		"a wrong password": {"--password-file", filepath.Join(tmp, "wrong"), file},
	} {
		_, errs, rc := platformCmd(t, append([]string{"restore", "--data", dir}, args...)...)
		if rc != 1 || !strings.Contains(errs, "平台数据未作任何改动") {
			t.Fatalf("%s: exit %d, %s", name, rc, errs)
		}
	}
	if out, _, _ := platformCmd(t, "desk", "list", "--data", dir); !strings.Contains(out, "\t02\t") {
		t.Fatalf("a refused restore changed the data: %s", out)
	}

	release, err := backup.Hold(dir) // as a running server does
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, rc := platformCmd(t, "restore", "--data", dir, "--password-file", pw, file); rc != 1 || !strings.Contains(errs, "请先停止平台服务") {
		t.Fatalf("restore beside a running server: exit %d, %s", rc, errs)
	}
	release()
	out, errs, rc = platformCmd(t, "restore", "--data", dir, "--password-file", pw, file)
	if rc != 0 || !strings.Contains(out, "平台已从") {
		t.Fatalf("restore: %d %s %s", rc, out, errs)
	}
	if out, _, _ := platformCmd(t, "desk", "list", "--data", dir); !strings.Contains(out, "\t01\t") || strings.Contains(out, "\t02\t") {
		t.Fatalf("desks after restore: %s", out)
	}
	st, err = store.Open(ctx, filepath.Join(dir, "platform.db"), key)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if e, _ := st.Epoch(ctx); e == epoch || e == "" {
		t.Fatalf("epoch unchanged after restore: %s", e)
	}
	f, err := st.OpenFile(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, scan) {
		t.Fatalf("the scan did not come back: %v", err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "before-restore-*", "platform.db"))
	if len(kept) != 1 {
		t.Fatalf("the replaced store was not kept: %v", kept)
	}
}

// On PostgreSQL, backup and restore refuse, pointing at PostgreSQL's own
// backup, and change nothing.
func testBackupRefusedOnPostgres(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	pw := filepath.Join(tmp, "pw")
	os.WriteFile(pw, []byte("Backup#2026\n"), 0o600)
	if _, errs, rc := platformCmd(t, "desk", "add", "--data", dir, "--hall", "341122", "--desk", "01"); rc != 0 {
		t.Fatal(errs)
	}
	for _, cmd := range []string{"backup", "restore"} {
		file := filepath.Join(tmp, "p.ycb")
		_, errs, rc := platformCmd(t, cmd, "--data", dir, "--password-file", pw, file)
		if rc != 1 || !strings.Contains(errs, "pg_basebackup") || !strings.Contains(errs, "pg_dump") {
			t.Fatalf("%s on PostgreSQL: exit %d, %s", cmd, rc, errs)
		}
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%s on PostgreSQL wrote %s", cmd, file)
		}
	}
	if out, _, _ := platformCmd(t, "desk", "list", "--data", dir); !strings.Contains(out, "\t01\t") {
		t.Fatalf("desks after the refusals: %s", out)
	}
}
