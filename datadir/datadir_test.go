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

// The demo accounts of --screenshots and --idle-probe (passwords in the
// binary) never land in a clerk's data: not in the default directory, not
// in one that holds anything.
func TestThrowawayRefusesRealData(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	def, _ := Default()
	if err := os.MkdirAll(def, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(def, DBFile), []byte("a clerk's cases"), 0o600)
	for _, dir := range []string{def, filepath.Dir(def)} {
		if _, _, err := Throwaway(dir); hall.ErrorCode(err) != hall.EConflict || !strings.Contains(hall.ErrorMessage(err), "已有数据") {
			t.Errorf("Throwaway(%s) = %v, want refused", dir, err)
		}
	}
	if IsThrowaway(def) {
		t.Error("a refused directory was marked")
	}

	tmp, cleanup, err := Throwaway("")
	if err != nil || tmp == def || !IsThrowaway(tmp) || strings.HasPrefix(tmp, filepath.Dir(def)) {
		t.Fatalf("Throwaway(\"\") = %q, %v", tmp, err)
	}
	cleanup()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary directory %s is left: %v", tmp, err)
	}

	fresh := filepath.Join(t.TempDir(), "new")
	got, cleanup, err := Throwaway(fresh)
	if err != nil || got != fresh || !IsThrowaway(fresh) {
		t.Fatalf("Throwaway(new) = %q, %v", got, err)
	}
	os.WriteFile(filepath.Join(fresh, DBFile), []byte("demo"), 0o600)
	if _, _, err := Throwaway(fresh); err != nil { // marked: a second run may use it
		t.Errorf("Throwaway(marked) = %v", err)
	}
	cleanup()
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("the directory made for the run is left: %v", err)
	}

	empty := t.TempDir()
	if _, cleanup, err := Throwaway(empty); err != nil || !IsThrowaway(empty) {
		t.Errorf("Throwaway(empty) = %v", err)
	} else {
		cleanup()
		if _, err := os.Stat(empty); err != nil {
			t.Error("a directory the caller made was removed")
		}
	}
}
