package e2e

import (
	"context"
	"testing"
	"time"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/sync/engine"
)

// serveWith runs the desk's engine on a fake clock; r is the jitter.
func serveWith(t *testing.T, k *testDesk, url string, clk *fakeClock, r float64) *desk.Sync {
	t.Helper()
	s, err := k.d.NewSync(hall.AsDesk(context.Background()), desk.SyncOptions{PlatformURL: url, IdleTimeout: 2 * time.Second,
		Tune: func(c *engine.Config) {
			c.Clock, c.Rand = clk, func() float64 { return r }
			c.Backoff = engine.Backoff{Base: 2 * time.Second, Cap: 40 * time.Second}
			c.Check, c.Probe, c.Poll = 3*time.Second, 15*time.Second, time.Minute
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(hall.AsDesk(context.Background()))
	done := make(chan struct{})
	go func() { defer close(done); s.Engine.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done; s.Close() })
	return s
}

// TestBackoffDoublesToItsCap: with the link down, the pauses between
// attempts are drawn from a range that doubles up to the cap (full jitter;
// here the draw is fixed at the middle of the range).
func TestBackoffDoublesToItsCap(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "81")
	k.seed(2, 0, 0)
	link := weakLink(t, p, 0, 0)
	link.SetDown(true)
	clk := newFakeClock()
	s := serveWith(t, k, link.URL(), clk, 0.5)
	var pauses []time.Duration
	var last time.Time
	for len(pauses) < 7 {
		d := clk.nextWait(t)
		if st := s.Engine.SyncStatus(); !st.LastAttempt.Equal(last) { // a round just failed
			pauses = append(pauses, st.NextAttempt.Sub(st.LastAttempt))
			last = st.LastAttempt
		}
		clk.advance(d) // a probe-sized step, or the rest of the pause
	}
	want := []time.Duration{1, 2, 4, 8, 16, 20, 20}
	for i := range want {
		if pauses[i] != want[i]*time.Second {
			t.Fatalf("pauses %v, want %v seconds", pauses, want)
		}
	}
	if st := s.Engine.SyncStatus(); st.Online || st.LastError == "" {
		t.Errorf("status with the link down: %+v", st)
	}
}

// TestLinkBackStartsAtOnce: during a long pause the engine probes the
// platform; the moment the link is back it syncs, without waiting the
// pause out.
func TestLinkBackStartsAtOnce(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "82")
	k.seed(3, 0, 0)
	link := weakLink(t, p, 0, 0)
	link.SetDown(true)
	clk := newFakeClock()
	s := serveWith(t, k, link.URL(), clk, 0.99)
	for { // the pauses grow (2, 4, 8 s) until one is longer than a probe
		d := clk.nextWait(t)
		if d == 15*time.Second {
			break
		}
		clk.advance(d)
	}
	link.SetDown(false)
	clk.advance(15 * time.Second) // the probe finds the link back
	if d := clk.nextWait(t); d != 3*time.Second {
		t.Fatalf("after the link came back the engine waits %s, want the idle check's 3 s", d)
	}
	checkSynced(t, k, p)
	if st := s.Engine.SyncStatus(); !st.Online || st.LastError != "" || st.NextAttempt.Sub(clk.Now()) > time.Minute {
		t.Errorf("status after the link came back: %+v", st)
	}
}

// TestSyncNowCutsTheWait: 立即同步 starts a round at once, and new work is
// noticed at the next idle check without waiting for the poll.
func TestSyncNowCutsTheWait(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "83")
	clk := newFakeClock()
	s := serveWith(t, k, p.url(), clk, 0.5)
	if d := clk.nextWait(t); d != 3*time.Second {
		t.Fatalf("idle wait %s", d)
	}
	n := s.Client.Requests()
	s.Engine.SyncNow()
	clk.nextWait(t)
	if s.Client.Requests() == n {
		t.Fatal("立即同步 did not start a round")
	}
	k.seed(2, 0, 0)
	clk.advance(3 * time.Second) // the idle check sees the new work
	clk.nextWait(t)
	checkSynced(t, k, p)
}
