package e2e

import (
	"testing"
	"time"

	"yichuang/sync/linksim"
)

// Each scenario seeds a desk, breaks the link in one way while the desk
// syncs, and checks that nothing was lost, nothing doubled and nothing is
// left half-sent.

// TestResetsMidRequest: connections reset while pushes and chunks are on
// their way up.
func TestResetsMidRequest(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "11")
	k.seed(30, 6, 40)
	link := weakLink(t, p, 128<<10, 10*time.Millisecond)
	cuts := newTimes(6)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Up && (isPush(s) || isPatch(s)) && !s.NewRequest && cuts.take() {
			return linksim.Cut
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second, func(c *engineConfig) { c.MaxBatchBytes = 32 << 10 })
	failures := k.syncUntilDone(s, 60*time.Second)
	checkSynced(t, k, p)
	if cuts.used(6) != 6 || failures < 3 { // two batches in flight may be cut in one round
		t.Errorf("%d cuts, %d failed rounds: the scenario did not break anything", cuts.used(6), failures)
	}
}

// TestResponsesLostAfterApply: the platform applies a batch and its answer
// never arrives; the desk sends it again and the platform recognises every
// operation.
func TestResponsesLostAfterApply(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "12")
	k.seed(30, 0, 0)
	link := weakLink(t, p, 0, 5*time.Millisecond)
	lost := newTimes(2)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Down && isPush(s) && s.DownSinceRq == 0 && lost.take() {
			return linksim.Cut
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second, func(c *engineConfig) { c.MaxBatchOps = 20 })
	k.syncUntilDone(s, 30*time.Second)
	st := checkSynced(t, k, p)
	if lost.used(2) != 2 || st.OpsDuplicate < 20 {
		t.Errorf("answers lost %d, duplicates seen %d: want 2 lost answers of 20 ops at least", lost.used(2), st.OpsDuplicate)
	}
}

// TestGateway5xx: a gateway in front of the platform answers 503.
func TestGateway5xx(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "13")
	k.seed(20, 5, 30)
	link := weakLink(t, p, 0, 5*time.Millisecond)
	bad := newTimes(5)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Up && s.NewRequest && bad.take() {
			return linksim.Respond503
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second)
	failures := k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
	if failures < 1 || bad.used(5) != 5 {
		t.Errorf("503 answered %d times, %d failed rounds", bad.used(5), failures)
	}
}

// TestStalledLinkTimesOut: the link stops moving bytes without closing
// anything; the desk notices by its idle timeout and goes on when bytes
// move again.
func TestStalledLinkTimesOut(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "14")
	k.seed(20, 5, 60)
	link := weakLink(t, p, 64<<10, 10*time.Millisecond)
	stalls := newTimes(2)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Up && (isPush(s) || isPatch(s)) && s.UpBytes > 4096 && stalls.take() {
			link.Stall(true)
			time.AfterFunc(1500*time.Millisecond, func() { link.Stall(false) })
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 500*time.Millisecond)
	failures := k.syncUntilDone(s, 60*time.Second)
	checkSynced(t, k, p)
	if stalls.used(2) != 2 || failures < 1 {
		t.Errorf("%d stalls, %d failed rounds", stalls.used(2), failures)
	}
}

// TestPlatformRestart: the platform stops in the middle of the desk's
// work and comes back on the same address.
func TestPlatformRestart(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "15")
	k.seed(30, 6, 60)
	link := weakLink(t, p, 96<<10, 10*time.Millisecond)
	restarts := newTimes(2)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Up && (isPush(s) || isPatch(s)) && s.UpBytes > 8192 && restarts.take() {
			go p.restart()
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second, func(c *engineConfig) { c.MaxBatchBytes = 48 << 10 })
	failures := k.syncUntilDone(s, 60*time.Second)
	checkSynced(t, k, p)
	if restarts.used(2) != 2 || failures < 1 {
		t.Errorf("%d restarts, %d failed rounds", restarts.used(2), failures)
	}
}
