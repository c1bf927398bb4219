package commands

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// testEnv is the environment the tests run commands in, build 0.1.0 (7),
// their output into o and e.
func testEnv(o, e *bytes.Buffer) Env {
	return Env{Stdout: o, Stderr: e, Build: Build{Version: "0.1.0", Number: "7"}}
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(context.Background(), testEnv(&o, &e), args)
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
	dk := desks.Open(t, dir)
	it, err := dk.DB.Catalog().Item(hall.AsDesk(context.Background()), "000999001000")
	if err != nil || it.Name != "测试事项" || it.Status != hall.ItemActive {
		t.Errorf("imported item = %+v, %v", it, err)
	}
}

func TestFirstStartLoadsDemo(t *testing.T) {
	dk := desks.Open(t, t.TempDir())
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

func dispatch(t *testing.T, args ...string) (code int, ran bool, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code, ran = Dispatch(context.Background(), testEnv(&o, &e), args)
	return code, ran, o.String(), e.String()
}

// noDefault points the default data directory at an empty place and
// returns it, so a test sees whether a command fell back to it.
func noDefault(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	def, err := datadir.Default()
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// `yichuang --data DIR sync` worked on the default data directory: the
// leading --data was read by the window's flags and dropped.
func TestLeadingDataIsHonoured(t *testing.T) {
	def := noDefault(t)
	dir := filepath.Join(t.TempDir(), "desk")
	for _, args := range [][]string{{"--data", dir, "verify"}, {"--data=" + dir, "verify"}, {"-data", dir, "verify", "--data", dir}} {
		code, ran, out, errs := dispatch(t, args...)
		if !ran || code != 0 || !strings.Contains(out, "通过") {
			t.Fatalf("%q: ran %v exit %d out %q err %q", args, ran, code, out, errs)
		}
	}
	if !exists(filepath.Join(dir, datadir.DBFile)) {
		t.Error("the desk was not opened in the --data directory")
	}
	if exists(def) {
		t.Errorf("the default data directory %s was created", def)
	}
	// Before and after the name, two different directories: refused.
	other := filepath.Join(t.TempDir(), "other")
	if code, ran, _, errs := dispatch(t, "--data", dir, "verify", "--data", other); !ran || code != 2 || !strings.Contains(errs, "两个不同的目录") {
		t.Errorf("two directories: ran %v exit %d err %q", ran, code, errs)
	}
	if exists(other) || exists(def) {
		t.Error("a refused command created a data directory")
	}
	// The window's own options are not commands.
	if _, ran, _, _ := dispatch(t, "--data", dir); ran {
		t.Error("--data alone ran a command instead of the window")
	}
	if _, ran, _, _ := dispatch(t, "--data", dir, "--screenshots", "x"); ran {
		t.Error("window options ran a command")
	}
}

// Help, typos and usage errors create no data directory (`yichuang user
// help` made the default one).
func TestHelpAndMisuseCreateNoDataDirectory(t *testing.T) {
	def := noDefault(t)
	dir := filepath.Join(t.TempDir(), "never")
	for _, args := range [][]string{
		{"user", "help"}, {"user", "frobnicate"}, {"user", "passwd"}, {"user", "add"}, {"user", "unlock", "a", "b"},
		{"help"}, {"--help"}, {"catalog", "help"}, {"catalog"}, {"catalog", "import"}, {"catalog", "search", "--bogus"},
		{"sync", "--bogus"}, {"sync", "once"}, {"verify", "extra", "--bogus"}, {"report", "--month", "2026-01", "--out", "x.xlsx", "extra"}, {"report"}, {"document"}, {"register"}, {"backup"},
		{"restore"}, {"deadline"}, {"seed", "--cases", "3"}, {"catalog", "bench"}, {"catalog", "generate", "x.json"},
	} {
		for _, lead := range [][]string{nil, {"--data", dir}} {
			all := append(append([]string{}, lead...), args...)
			code, ran, _, errs := dispatch(t, all...)
			if !ran || code == 0 && args[len(args)-1] != "help" {
				t.Errorf("%q: ran %v exit %d err %q", all, ran, code, errs)
			}
			if exists(dir) || exists(def) {
				t.Fatalf("%q created a data directory (err %q)", all, errs)
			}
		}
	}
}

// Fabricating cases (they would sync to the province) and loading a
// province-sized catalog are not in the clerk's binary: the commands say
// where they went.
func TestSeedAndCatalogBenchAreNotInTheClerksBinary(t *testing.T) {
	noDefault(t)
	dir := t.TempDir()
	code, _, errs := run(t, "seed", "--data", dir, "--cases", "5")
	if code != 2 || !strings.Contains(errs, "yichuang-bench seed") {
		t.Errorf("seed: exit %d err %q", code, errs)
	}
	for _, sub := range []string{"bench", "generate"} {
		code, _, errs := run(t, "catalog", sub)
		if code != 2 || !strings.Contains(errs, "yichuang-bench catalog "+sub) {
			t.Errorf("catalog %s: exit %d err %q", sub, code, errs)
		}
	}
	var help bytes.Buffer
	usage(&help)
	if strings.Contains(help.String(), "seed") || strings.Contains(help.String(), "bench") {
		t.Errorf("help still lists them:\n%s", help.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("seed wrote into %s: %v", dir, entries)
	}
}
