package documents

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// viewerCopy is a copy as ViewCopy leaves it, watched with short times.
func viewerCopy(t *testing.T, tm viewTimes) (string, []byte, <-chan struct{}) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.pdf")
	content := bytes.Repeat([]byte("%PDF notice "), 10000)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); removeWhenRead(path, tm) }()
	time.Sleep(50 * time.Millisecond) // the watch is set before the viewer starts, as RemoveWhenRead's caller does
	return path, content, done
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestCopyGoesWhenTheViewerHasReadIt: a viewer (a real process) opens the
// copy after a while, reads it, holds it open, closes it. The copy stays
// while it is held, and goes the quiet time after the close, long before
// the hold.
func TestCopyGoesWhenTheViewerHasReadIt(t *testing.T) {
	path, content, done := viewerCopy(t, viewTimes{quiet: 400 * time.Millisecond, hold: 30 * time.Second})
	out := filepath.Join(t.TempDir(), "read")
	viewer := exec.Command("sh", "-c", `sleep 0.5; exec 3< "$1"; cat <&3 > "$2"; sleep 1.2`, "sh", path, out)
	start := time.Now()
	if err := viewer.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond) // opened at 0.5 s, held until 1.7 s
	if !exists(path) {
		t.Fatal("the copy went while the viewer held it open")
	}
	if err := viewer.Wait(); err != nil {
		t.Fatal(err)
	}
	closed := time.Now()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the copy is still there 5 s after the viewer closed it")
	}
	if exists(path) {
		t.Fatal("done, but the copy is there")
	}
	if took := time.Since(closed); took < 300*time.Millisecond {
		t.Errorf("removed %v after the close, before the quiet time", took)
	}
	t.Logf("handed over → removed: %v (viewer closed it at %v)", time.Since(start).Round(10*time.Millisecond), closed.Sub(start).Round(10*time.Millisecond))
	if got, _ := os.ReadFile(out); !bytes.Equal(got, content) {
		t.Error("the viewer did not read the whole copy")
	}
}

// TestCopyNobodyOpensGoesAtTheHold and one a viewer keeps open past the
// hold: removed then, and the viewer still reads it whole.
func TestCopyNobodyOpensGoesAtTheHold(t *testing.T) {
	path, _, done := viewerCopy(t, viewTimes{quiet: 100 * time.Millisecond, hold: 600 * time.Millisecond})
	time.Sleep(300 * time.Millisecond)
	if !exists(path) {
		t.Fatal("a copy nobody opened went before the hold")
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a copy nobody opened outlived the hold")
	}

	path, content, done := viewerCopy(t, viewTimes{quiet: 100 * time.Millisecond, hold: 600 * time.Millisecond})
	out := filepath.Join(t.TempDir(), "read")
	viewer := exec.Command("sh", "-c", `exec 3< "$1"; sleep 1.5; cat <&3 > "$2"`, "sh", path, out)
	if err := viewer.Start(); err != nil {
		t.Fatal(err)
	}
	<-done
	if exists(path) {
		t.Fatal("done, but the copy is there")
	}
	if err := viewer.Wait(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, content) {
		t.Error("a viewer holding the copy could not read it after its removal")
	}
}
