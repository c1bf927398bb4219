package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"yichuang/sync/protocol"
)

// Admission bounds the work the platform takes on at once (docs/adr/0027).
// Past its capacity a platform that queues every request answers each
// later than the desk waits (60 s); the desk sends again, and the platform
// spends itself answering "duplicate". So each kind of request has a
// number that may be in flight, and a request waits at most Wait for a
// slot: one that does not get one is answered 503 with Retry-After, before
// it has cost the store a write, and the desk comes back then. When more
// wait than can get a slot in time, a request is answered so at once,
// before anything of it is read.
type Admission struct {
	Pushes     int           // pushes and audit runs in flight (writes)
	Pulls      int           // pulls and the recovery reads in flight
	Feeds      int           // pages of the supervision feed in flight
	Uploads    int           // upload requests in flight
	Wait       time.Duration // the longest a request waits for a slot
	RetryAfter time.Duration // when a shed desk should come back (it adds its own jitter)
}

// DefaultAdmission is what `serve` starts with.
var DefaultAdmission = Admission{Pushes: 8, Pulls: 8, Feeds: 2, Uploads: 16, Wait: 15 * time.Second, RetryAfter: 15 * time.Second}

// withDefaults fills the zero fields from DefaultAdmission.
func (a Admission) withDefaults() Admission {
	d := DefaultAdmission
	for _, f := range []struct{ v, d *int }{{&a.Pushes, &d.Pushes}, {&a.Pulls, &d.Pulls}, {&a.Feeds, &d.Feeds}, {&a.Uploads, &d.Uploads}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	if a.Wait <= 0 {
		a.Wait = d.Wait
	}
	if a.RetryAfter < time.Second {
		a.RetryAfter = d.RetryAfter
	}
	return a
}

// gate is the slots of one kind of request.
type gate struct {
	what    string // the kind, in Chinese, for the answer
	slots   chan struct{}
	wait    time.Duration
	retry   time.Duration
	waiting atomic.Int64 // requests waiting for a slot now

	mu     sync.Mutex
	hold   time.Duration // how long a request has held its slot, on average lately
	shed   int           // requests answered busy since the last log line
	logged time.Time
}

func newGate(what string, limit int, a Admission) *gate {
	return &gate{what: what, slots: make(chan struct{}, limit), wait: a.Wait, retry: a.RetryAfter}
}

// full reports whether a request arriving now would not get a slot within
// the wait anyway: more are waiting before it than the slots, at the pace
// they have been freed lately (Little's law), free up in that time. Such a
// request is answered busy before its signature and body are even read.
func (g *gate) full() bool {
	w := g.waiting.Load()
	if w < int64(cap(g.slots)) {
		return false
	}
	g.mu.Lock()
	hold := g.hold
	g.mu.Unlock()
	return time.Duration(w)*hold/time.Duration(cap(g.slots)) > g.wait
}

// enter takes a slot, waiting at most the gate's wait (or until ctx ends);
// false when none came free. A slot taken is given back with leave.
func (g *gate) enter(ctx context.Context) (time.Time, bool) {
	select {
	case g.slots <- struct{}{}:
		return time.Now(), true
	default:
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return time.Now(), true
	case <-t.C:
	case <-ctx.Done():
	}
	return time.Time{}, false
}

// leave gives back a slot taken at since.
func (g *gate) leave(since time.Time) {
	<-g.slots
	d := time.Since(since)
	g.mu.Lock()
	g.hold += (d - g.hold) / 8
	g.mu.Unlock()
}

// shedAnswer tells the desk the platform is busy and when to come back,
// and the operator, at most once a minute, how many were told so.
func (s *Server) shedAnswer(w http.ResponseWriter, r *http.Request, g *gate) {
	secs := int((g.retry + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.fail(w, r, protocol.CodeBusy, "省级平台繁忙，暂未接收本次%s：请 %d 秒后再试（本机记录仍在，届时自动重发）", g.what, secs)
	now := time.Now()
	g.mu.Lock()
	g.shed++
	n, due := g.shed, now.Sub(g.logged) >= time.Minute
	if due {
		g.shed, g.logged = 0, now
	}
	g.mu.Unlock()
	if due {
		s.log.Warn("busy: requests answered 503", "kind", g.what, "shed", n, "in_flight", len(g.slots), "waiting", g.waiting.Load())
	}
}
