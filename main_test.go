package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/datadir"
)

// TestMain runs the app's own main when a test starts this binary as the
// app (runMain), and the tests otherwise.
func TestMain(m *testing.M) {
	if os.Getenv("YICHUANG_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runMain starts this binary as the app with args, its home, configuration
// and temporary directories under root, on display (none when "").
func runMain(t *testing.T, root, display string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	env := []string{"YICHUANG_TEST_RUN_MAIN=1", "HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"), "TMPDIR=" + filepath.Join(root, "tmp"), "PATH=" + os.Getenv("PATH")}
	if display != "" {
		env = append(env, "DISPLAY="+display)
	}
	for _, d := range []string{"home", "config", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// startX starts Xvfb (make test installs it, APT_IME) on a display number
// it picks itself (-displayfd): other programs here start X servers too.
func startX(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	c.ExtraFiles = []*os.File{w}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			t.Fatal("Xvfb gave no display number")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	return ""
}

// --screenshots logs in demo accounts whose passwords are in the binary:
// it runs only in a throw-away directory. A directory with data is refused
// before any window opens; with no --data the real window starts on a new
// directory under TMPDIR and the default data directory is never made.
func TestScreenshotsNeverTouchTheDefaultDataDir(t *testing.T) {
	root := t.TempDir()
	def := filepath.Join(root, "config", "yichuang")
	shots := filepath.Join(root, "shots")

	deskDir := filepath.Join(root, "desk")
	os.MkdirAll(deskDir, 0o700)
	os.WriteFile(filepath.Join(deskDir, datadir.DBFile), []byte("一个窗口的数据"), 0o600)
	cmd, out := runMain(t, root, "", "--data", deskDir, "--screenshots", shots)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(out.String(), "错误：数据目录 "+deskDir+" 已有数据") {
		t.Fatalf("--screenshots on a directory with data: exit %d (%v) %q", code, err, out.String())
	}
	if b, _ := os.ReadFile(filepath.Join(deskDir, datadir.DBFile)); string(b) != "一个窗口的数据" {
		t.Fatalf("the desk's file was touched: %q", b)
	}
	if entries, _ := os.ReadDir(deskDir); len(entries) != 1 {
		t.Fatalf("the desk's directory holds %d entries after the refusal", len(entries))
	}

	cmd, out = runMain(t, root, startX(t), "--screenshots", shots)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	ready := filepath.Join(shots, ".ready")
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the app exited before its first screen: %v %s", err, out.String())
		default:
		}
		if time.Since(start) > 90*time.Second {
			cmd.Process.Kill()
			<-exited
			t.Fatalf("no first screen after 90 s: %s", out.String())
		}
	}
	// The first screen is up: the desk is open wherever it was opened.
	if _, err := os.Stat(def); !os.IsNotExist(err) {
		t.Errorf("--screenshots made the default data directory %s (%v)", def, err)
	}
	demo, _ := filepath.Glob(filepath.Join(root, "tmp", "yichuang-demo-*", datadir.DBFile))
	if len(demo) != 1 {
		t.Errorf("no throw-away desk under TMPDIR: %v", demo)
	}
	cmd.Process.Kill()
	<-exited
}
