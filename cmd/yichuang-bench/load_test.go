package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPlatformLoadEveryOpOnce runs the load bench at a tiny size against
// SQLite: five desks pushing every 0.6 s for 2 s through the real client
// into the real platform process. Every operation must arrive exactly
// once, and the report's figures must agree with each other and with the
// platform's own counts.
func TestPlatformLoadEveryOpOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := loadConfig{Desks: 5, Duration: 2 * time.Second, OpsPerMinute: 20, Batch: 20, Speed: 100, Grace: time.Minute, Verify: true,
		Dir: t.TempDir()}
	r, err := platformLoad(ctx, c, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	answered := r.Pushes - r.PushFailures
	if answered < 5*3 {
		t.Fatalf("%d pushes answered, want at least 3 per desk", answered)
	}
	if r.Sent != answered*c.Batch || r.Applied+r.Duplicate != r.Sent || r.Refused != 0 {
		t.Fatalf("sent %d in %d answered pushes of %d, applied %d, duplicate %d, refused %d (%s)", r.Sent, answered, c.Batch,
			r.Applied, r.Duplicate, r.Refused, r.LastError)
	}
	if r.Unanswered != 0 {
		t.Fatalf("%d batches unanswered", r.Unanswered)
	}
	if r.Duplicate > r.PushFailures*c.Batch {
		t.Fatalf("%d duplicates from %d resent batches", r.Duplicate, r.PushFailures)
	}
	st := r.Stats
	if st.OpsApplied != r.Sent || st.Events != r.Sent || st.Cases != r.Cases || st.Desks != c.Desks {
		t.Fatalf("platform counts %+v; the desks applied %d ops in %d cases", st, r.Applied, r.Cases)
	}
	if r.Verified != r.Cases || r.Cases == 0 {
		t.Fatalf("%d of %d cases verified", r.Verified, r.Cases)
	}
	if r.Window < c.Duration || math.Abs(r.OpsPerSec-float64(r.Sent)/r.Window.Seconds()) > 1e-9 {
		t.Fatalf("%.2f ops/s reported for %d ops in %s", r.OpsPerSec, r.Sent, r.Window)
	}
	if r.Offered != 5*20*100/60.0 {
		t.Fatalf("offered %.2f ops/s", r.Offered)
	}
	if !(0 < r.PushP50 && r.PushP50 <= r.PushP99 && r.PushP99 <= r.PushMax) || r.PullP50 <= 0 || r.PullP50 > r.PullP99 {
		t.Fatalf("latencies push %s %s %s, pull %s %s", r.PushP50, r.PushP99, r.PushMax, r.PullP50, r.PullP99)
	}
	if r.PlatformCPU <= 0 || r.DesksCPU <= 0 || r.MachineBusy <= 0 || r.MachineBusy > 1 || r.DBBytes <= 0 {
		t.Fatalf("CPU platform %s desks %s machine %.2f, database %d B", r.PlatformCPU, r.DesksCPU, r.MachineBusy, r.DBBytes)
	}
	var out bytes.Buffer
	r.print(&out)
	for _, want := range []string{fmt.Sprintf("settled %d ops", r.Sent), fmt.Sprintf("%d cases opened", r.Cases),
		fmt.Sprintf("every one of %d cases", r.Verified)} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestPlatformLoadShedsAndEveryOpOnce saturates a platform that takes one
// push at a time (and lets a push wait 1 ms for it): the bench counts the
// pushes it answered busy, its desks wait as told and send again, and every
// operation still arrives exactly once, none of them as a duplicate.
func TestPlatformLoadShedsAndEveryOpOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := loadConfig{Desks: 20, Duration: 3 * time.Second, OpsPerMinute: 20, Batch: 20, Speed: 300, Grace: 2 * time.Minute,
		Verify: true, Dir: t.TempDir(), ServeFlags: "--max-pushes 1 --busy-wait 1ms --retry-after 1s"}
	r, err := platformLoad(ctx, c, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if r.PushShed == 0 || r.PushShed > r.PushFailures {
		t.Fatalf("%d push attempts shed of %d failed: the platform was not saturated", r.PushShed, r.PushFailures)
	}
	if r.Unanswered != 0 || r.Refused != 0 || r.Applied+r.Duplicate != r.Sent {
		t.Fatalf("sent %d, applied %d, duplicate %d, refused %d, %d unanswered (%s)", r.Sent, r.Applied, r.Duplicate,
			r.Refused, r.Unanswered, r.LastError)
	}
	if r.Duplicate > (r.PushFailures-r.PushShed)*c.Batch {
		t.Fatalf("%d duplicates though only %d attempts went unanswered: a shed push was applied", r.Duplicate, r.PushFailures-r.PushShed)
	}
	if st := r.Stats; st.OpsApplied != r.Sent || st.Events != r.Sent || r.Verified != r.Cases || r.Cases == 0 {
		t.Fatalf("platform counts %+v, %d of %d cases verified, %d ops sent", st, r.Verified, r.Cases, r.Sent)
	}
	if !(0 < r.ServedP50 && r.ServedP50 <= r.ServedP99 && r.ServedP99 <= r.PushMax) {
		t.Fatalf("answered attempts p50 %s p99 %s, push max %s", r.ServedP50, r.ServedP99, r.PushMax)
	}
	var out bytes.Buffer
	r.print(&out)
	if want := fmt.Sprintf("shed: %d push attempts", r.PushShed); !strings.Contains(out.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, out.String())
	}
}

func TestPlatformLoadMisuse(t *testing.T) {
	var out, errOut bytes.Buffer
	code, ran := runTool(context.Background(), Env{Stdout: &out, Stderr: &errOut}, []string{"platform-load", "--desks", "0"})
	if !ran || code != 2 || !strings.Contains(errOut.String(), "--desks 至少为 1") {
		t.Fatalf("exit %d, ran %v, stderr %q", code, ran, errOut.String())
	}
}

// TestTreeCPUCountsEndedChildren: the CPU of a database server's backends
// that have ended is counted through the process that waited for them.
func TestTreeCPUCountsEndedChildren(t *testing.T) {
	before, err := treeCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	burn := exec.Command("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
	if err := burn.Run(); err != nil {
		t.Fatal(err)
	}
	child := burn.ProcessState.UserTime() + burn.ProcessState.SystemTime()
	after, err := treeCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	own, err := procCPU(os.Getpid(), false)
	if err != nil {
		t.Fatal(err)
	}
	if child < 100*time.Millisecond || after-before < child-20*time.Millisecond || after < own+child-20*time.Millisecond {
		t.Fatalf("child used %s; tree CPU went from %s to %s (own %s)", child, before, after, own)
	}
}
