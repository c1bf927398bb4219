package datadir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
)

func TestOpenCreatesAndLocks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "新建", "数据")
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(d.Files()); err != nil || !st.IsDir() {
		t.Fatalf("files dir not created: %v", err)
	}
	_, err = Open(dir)
	if hall.ErrorCode(err) != hall.ELocked || !strings.Contains(hall.ErrorMessage(err), "另一个一窗程序") {
		t.Fatalf("second Open = %v, want a Chinese lock error", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d2, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	d2.Close()
}

func TestUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, err := Open(filepath.Join(file, "data"))
	if err == nil || !strings.Contains(hall.ErrorMessage(err), "无法创建或不可写入") {
		t.Fatalf("Open under a file = %v", err)
	}
}

func TestDefaultUnderConfigDir(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg-test")
	if d, err := Default(); err != nil || d != "/tmp/cfg-test/yichuang" {
		t.Errorf("Default() = %q, %v", d, err)
	}
}
