package e2e

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/server"
	"yichuang/sync/engine"
	"yichuang/sync/linksim"
)

// TestBusyPlatformShedsAndDesksComeBackAsTold: four desks, each over a link
// of its own, sync at once with a platform that takes one push at a time
// and lets a push wait 5 ms for it. The platform answers the pushes it
// cannot start 503 busy with Retry-After: 1; each desk's engine, after such
// an answer, sends nothing more for at least that second (but the batch it
// may have sent before the answer reached it), its status says the
// platform is busy and when it tries again, and in the end every case is on
// the platform exactly once, each desk's queue empty.
func TestBusyPlatformShedsAndDesksComeBackAsTold(t *testing.T) {
	const retry = time.Second
	p := startPlatformWith(t, "", server.Admission{Pushes: 1, Wait: 5 * time.Millisecond, RetryAfter: retry})
	const n = 4
	ks := make([]*testDesk, n)
	logs := make([]*linkLog, n)
	engines := make([]*engine.Engine, n)
	for i := range n {
		ks[i] = newDesk(t, p, fmt.Sprintf("%02d", 31+i))
		ks[i].seed(60, 0, 0)
		link := weakLink(t, p, 0, time.Millisecond)
		logs[i] = &linkLog{}
		link.SetRule(logs[i].rule)
		s := ks[i].syncer(link.URL(), 10*time.Second, func(c *engineConfig) {
			c.MaxBatchOps = 15 // many pushes, two in flight per desk
			c.Backoff.Cap = 10 * time.Second
		})
		engines[i] = s.Engine
	}
	ctx, cancel := context.WithCancel(hall.AsDesk(context.Background()))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); engines[i].Serve(ctx) }()
	}
	defer func() { cancel(); wg.Wait() }()

	busySeen := ""
	deliveredWhileBusy := false
	deadline := time.Now().Add(2 * time.Minute)
	for left := n; left > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("desks not synced after 2 minutes")
		}
		left = 0
		for i, k := range ks {
			c, err := k.d.DB.Sync().SyncCounts(hall.AsDesk(context.Background()))
			if err != nil {
				t.Fatal(err)
			}
			if c.Outstanding() > 0 || c.Sending > 0 {
				left++
			}
			// A round turned away says so at once, and when it is tried
			// again once the engine has decided.
			if st := engines[i].SyncStatus(); st.Busy && !st.Running && !st.NextAttempt.IsZero() && busySeen == "" {
				if !strings.Contains(st.LastError, "繁忙") || st.NextAttempt.Sub(st.LastAttempt) < retry || !st.Online {
					t.Fatalf("a busy platform's status: %+v", st)
				}
				busySeen = st.LastError
			}
			// A round turned away after the platform took some of its
			// batches says when they were taken.
			if st := engines[i].SyncStatus(); st.Busy && st.LastDelivered.After(st.LastSuccess) {
				deliveredWhileBusy = true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	checkAllSynced(t, p, ks...)

	shed := 0
	for i, l := range logs {
		l.mu.Lock()
		if l.bad != "" {
			t.Errorf("desk %d got a busy answer without Retry-After: 1: %q", i, l.bad)
		}
		for _, at := range l.busy {
			shed++
			// The desk's other batch may have been answered, and the next
			// one sent, before the busy answer reached it: one request.
			if n := l.within(at, retry); n > 1 {
				t.Errorf("desk %d began %d requests within %s of a busy answer asking for %s", i, n, retry, retry)
			}
		}
		l.mu.Unlock()
	}
	if shed == 0 {
		t.Fatal("no push was shed: the platform was not saturated")
	}
	if busySeen == "" {
		t.Error("no desk's status ever said the platform was busy")
	}
	if !deliveredWhileBusy {
		t.Error("no busy round had delivered anything: the desks pushed one batch a round")
	}
	for i, k := range ks {
		st := engines[i].SyncStatus()
		kept, err := k.d.DB.Sync().SyncLog(hall.AsDesk(context.Background()))
		if err != nil || st.LastDelivered.IsZero() || !kept.LastDelivered.Equal(st.LastDelivered) {
			t.Errorf("desk %d: delivered at %s, kept %s (%v)", i, st.LastDelivered, kept.LastDelivered, err)
		}
	}
	t.Logf("%d pushes shed; a desk's status said: %s", shed, busySeen)
}

// linkLog records, on one desk's link, when the platform answered busy and
// when the desk began each request.
type linkLog struct {
	mu    sync.Mutex
	busy  []time.Time // busy answers, as they passed the link
	begun []time.Time // requests, as they began
	bad   string      // a busy answer without its Retry-After
}

func (l *linkLog) rule(s linksim.Seg) linksim.Action {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case s.Dir == linksim.Up && s.NewRequest:
		l.begun = append(l.begun, now)
	case s.Dir == linksim.Down && s.DownSinceRq == 0 && isPush(s) && bytes.HasPrefix(s.Data, []byte("HTTP/1.1 503")):
		if !bytes.Contains(s.Data, []byte("Retry-After: 1\r\n")) {
			l.bad = string(s.Data)
		}
		l.busy = append(l.busy, now)
	}
	return linksim.Pass
}

// within counts the requests begun in (from, from+d).
func (l *linkLog) within(from time.Time, d time.Duration) int {
	n := 0
	for _, b := range l.begun {
		if b.After(from) && b.Sub(from) < d {
			n++
		}
	}
	return n
}
