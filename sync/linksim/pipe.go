package linksim

import (
	"sync"
	"time"
)

// pipe is one direction of the link: one serialiser shared by every
// connection. A segment occupies the link for len/bandwidth; segments of
// all connections queue for it in the order they arrive.
type pipe struct {
	rate float64 // bytes per second; 0 = unlimited

	mu   sync.Mutex
	busy time.Time // when the link is free again
}

func newPipe(bandwidth int64) *pipe { return &pipe{rate: float64(bandwidth)} }

// reserve takes the link for n bytes and returns when they are on it.
func (p *pipe) reserve(n int) time.Time {
	now := time.Now()
	if p.rate <= 0 {
		return now
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	start := p.busy
	if start.Before(now) {
		start = now
	}
	p.busy = start.Add(time.Duration(float64(n) / p.rate * float64(time.Second)))
	return p.busy
}
