//go:build unix

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/sync/engine"
	"yichuang/sync/linksim"
	"yichuang/testsupport/pgtest"
)

const (
	childDeskEnv = "YICHUANG_E2E_DESK"
	childURLEnv  = "YICHUANG_E2E_URL"
)

// TestMain turns the test binary into a desk that syncs until it is killed
// when TestKillNineMidBatch asks for one.
func TestMain(m *testing.M) {
	if dir := os.Getenv(childDeskEnv); dir != "" {
		os.Exit(childDesk(dir, os.Getenv(childURLEnv)))
	}
	os.Exit(pgtest.Main(m)) // the platform on SQLite, or on PostgreSQL (testsupport/pgtest)
}

func childDesk(dir, url string) int {
	ctx := hall.AsDesk(context.Background())
	d, err := desk.Open(ctx, dir, nil)
	if err != nil {
		fmt.Println("ERR", err)
		return 3
	}
	defer d.Close()
	s, err := d.NewSync(ctx, desk.SyncOptions{PlatformURL: url, Tune: func(c *engine.Config) {
		fast(c)
		c.MaxBatchOps = 20
	}})
	if err != nil {
		fmt.Println("ERR", err)
		return 3
	}
	if err := s.Engine.RunOnce(ctx, 1000); err != nil {
		fmt.Println("ERR", err)
		return 1
	}
	return 0
}

// TestKillNineMidBatch kills the desk (SIGKILL, no chance to clean up)
// while a batch is on its way up, just after the platform applied a batch
// and before its answer arrived, and in the middle of a scan; a desk
// started again on the same data finishes the job.
func TestKillNineMidBatch(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "16")
	k.seed(40, 8, 80)
	k.close() // the child desk takes the data directory's lock
	link := weakLink(t, p, 48<<10, 10*time.Millisecond)
	points := []struct {
		name string
		at   func(s linksim.Seg) bool
	}{
		{"push on its way up", func(s linksim.Seg) bool { return s.Dir == linksim.Up && isPush(s) && !s.NewRequest }},
		{"push applied, answer not yet read", func(s linksim.Seg) bool {
			return s.Dir == linksim.Down && isPush(s) && s.DownSinceRq == 0
		}},
		{"scan half sent", func(s linksim.Seg) bool { return s.Dir == linksim.Up && isPatch(s) && s.UpBytes > 20000 }},
	}
	for _, pt := range points {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDeskEnv+"="+k.dir, childURLEnv+"="+link.URL())
		once := newTimes(1)
		before := link.LastConn() // bytes of a killed desk's connections may still be draining
		link.SetRule(func(s linksim.Seg) linksim.Action {
			if s.Conn > before && pt.at(s) && once.take() {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				return linksim.Cut
			}
			return linksim.Pass
		})
		out, _ := cmd.CombinedOutput()
		ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("%s: the desk was not killed there (%v): %s", pt.name, cmd.ProcessState, out)
		}
		link.SetRule(nil)
	}
	k.open()
	s := k.syncer(link.URL(), 5*time.Second)
	k.syncUntilDone(s, 60*time.Second)
	st := checkSynced(t, k, p)
	if st.OpsDuplicate == 0 {
		t.Errorf("the batch applied before the kill was not sent again: %+v", st)
	}
	t.Logf("after three kills: %+v", st)
}
