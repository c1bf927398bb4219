package commands

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/datadir"
	"yichuang/desk"
	"yichuang/hall"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(context.Background(), Env{Stdout: &o, Stderr: &e, Build: Build{Version: "0.1.0", Number: "7"}}, args)
	return code, o.String(), e.String()
}

func TestVerifyAndSecondCopy(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "verify", "--data", dir)
	if code != 0 || strings.Count(out, "通过") != 5 { // file, keys, outbox, desk secret, audit chain
		t.Fatalf("verify on a new desk: exit %d out %q err %q", code, out, errs)
	}
	held, err := datadir.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "verify", "--data", dir)
	held.Close()
	if code != 1 || !strings.Contains(errs, "另一个一窗程序正在使用") {
		t.Errorf("second copy: exit %d err %q", code, errs)
	}
}

func TestCorruptDatabaseIsRefusedAndKept(t *testing.T) {
	dir := t.TempDir()
	junk := []byte(strings.Repeat("不是数据库", 1000))
	os.WriteFile(filepath.Join(dir, datadir.DBFile), junk, 0o600)
	code, _, errs := run(t, "verify", "--data", dir)
	if code != 1 || !strings.Contains(errs, "已损坏") {
		t.Errorf("corrupt db: exit %d err %q", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, datadir.DBFile)); !bytes.Equal(b, junk) {
		t.Error("the corrupt file was changed")
	}
}

func TestCatalogImport(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`[{"code": "000104002000", "nmae": "拼错的字段"}]`), 0o600)
	code, _, errs := run(t, "catalog", "import", "--data", dir, bad)
	if code != 1 || !strings.Contains(errs, "bad.json") {
		t.Errorf("bad file: exit %d err %q", code, errs)
	}
	good := filepath.Join(t.TempDir(), "one.json")
	os.WriteFile(good, []byte(`[{"code": "000999001000", "task_code": "11341122MB1234567X1000999001000",
		"name": "测试事项", "type": "20", "department": "县测试局",
		"legal_limit": {"days": 5, "unit": "工作日"}, "promise_limit": {"days": 3, "unit": "工作日"}}]`), 0o600)
	code, out, errs := run(t, "catalog", "import", "--data", dir, good)
	if code != 0 || !strings.Contains(out, "新增 1 项") {
		t.Fatalf("good file: exit %d out %q err %q", code, out, errs)
	}
	dk, err := desk.Open(hall.AsDesk(context.Background()), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dk.Close()
	it, err := dk.DB.Catalog().Item(hall.AsDesk(context.Background()), "000999001000")
	if err != nil || it.Name != "测试事项" || it.Status != hall.ItemActive {
		t.Errorf("imported item = %+v, %v", it, err)
	}
}

func TestFirstStartLoadsDemo(t *testing.T) {
	dk, err := desk.Open(hall.AsDesk(context.Background()), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dk.Close()
	n, _ := dk.DB.Catalog().CountItems(hall.AsDesk(context.Background()))
	depts, _ := dk.DB.Catalog().Departments(hall.AsDesk(context.Background()))
	if n < 60 || len(depts) < 10 {
		t.Errorf("demo catalog: %d items in %d departments", n, len(depts))
	}
	if !dk.Calendar.Covers(2026) || dk.Calendar.Covers(2027) {
		t.Error("bundled calendar should cover 2024-2026 only")
	}
}

func TestVersionAndUnknown(t *testing.T) {
	if code, out, _ := run(t, "--version"); code != 0 || !strings.Contains(out, "0.1.0") || !strings.Contains(out, "7") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, _, errs := run(t, "frobnicate"); code != 2 || !strings.Contains(errs, "未知命令") {
		t.Errorf("unknown: %d %q", code, errs)
	}
}
