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
// an answer, sends nothing for at least that second, its status says the
// platform is busy and when it tries again, and in the end every case is on
// the platform exactly once, each desk's queue empty. (A request may begin
// just after a busy answer passed the link, before it reached the desk:
// inFlight.)
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
		for j, at := range l.busy {
			shed++
			if l.next[j].IsZero() {
				continue // the last answer: the desk had nothing more to send
			}
			if gap := l.next[j].Sub(at); gap < retry {
				t.Errorf("desk %d sent again %s after a busy answer asking for %s", i, gap, retry)
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
	t.Logf("%d pushes shed; a desk's status said: %s", shed, busySeen)
}

// linkLog records, on one desk's link, when the platform answered busy and
// when the desk next began a request.
type linkLog struct {
	mu   sync.Mutex
	busy []time.Time // busy answers
	next []time.Time // the first request begun after each (past inFlight)
	bad  string      // a busy answer without its Retry-After
}

// inFlight is how long after a busy answer passed the link a request may
// still begin that the desk decided on before the answer reached it (its
// other batch's answer came first).
const inFlight = 100 * time.Millisecond

func (l *linkLog) rule(s linksim.Seg) linksim.Action {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case s.Dir == linksim.Up && s.NewRequest:
		for i := range l.next {
			if l.next[i].IsZero() && now.Sub(l.busy[i]) > inFlight {
				l.next[i] = now
			}
		}
	case s.Dir == linksim.Down && s.DownSinceRq == 0 && isPush(s) && bytes.HasPrefix(s.Data, []byte("HTTP/1.1 503")):
		if !bytes.Contains(s.Data, []byte("Retry-After: 1\r\n")) {
			l.bad = string(s.Data)
		}
		l.busy = append(l.busy, now)
		l.next = append(l.next, time.Time{})
	}
	return linksim.Pass
}
