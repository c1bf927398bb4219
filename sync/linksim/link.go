// Package linksim is a weak link between the desk and the platform for
// tests and the bench: a TCP proxy on loopback with one bandwidth limit
// shared by all its connections in each direction (toxiproxy's limit is
// per connection), a one-way latency, and faults on demand: every
// connection cut, the link down, a black hole, a gateway's 503, and rules
// that cut a connection at a chosen moment of a chosen request. It counts
// the bytes that crossed the link each way.
package linksim

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Config describes the link.
type Config struct {
	Target    string        // host:port behind the link
	Bandwidth int64         // bytes per second each way, shared by all connections; 0 = unlimited
	Latency   time.Duration // one way
	Segment   int           // bytes scheduled at a time (default 1024): smaller shares more fairly
	// QueueBytes is the socket buffer on each side of the link (default
	// 32 KB): what a sender can push before the link's pace holds it back.
	QueueBytes int
}

// Link is a running simulated link.
type Link struct {
	cfg      Config
	ln       net.Listener
	up, down *pipe

	mu      sync.Mutex
	conns   map[int]*proxied
	nextID  int
	isDown  bool
	stalled bool
	resumed chan struct{} // closed when a stall ends
	rule    Rule

	upBytes, downBytes atomic.Int64
	accepted           atomic.Int64
	closing            chan struct{}
}

// Start listens on a loopback port and forwards to cfg.Target.
func Start(cfg Config) (*Link, error) {
	if cfg.Segment <= 0 {
		cfg.Segment = 1024
	}
	if cfg.QueueBytes <= 0 {
		cfg.QueueBytes = 32 << 10
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &Link{cfg: cfg, ln: ln, up: newPipe(cfg.Bandwidth), down: newPipe(cfg.Bandwidth),
		conns: map[int]*proxied{}, resumed: make(chan struct{}), closing: make(chan struct{})}
	close(l.resumed)
	go l.accept()
	return l, nil
}

// Addr is the link's address; URL the platform's address through it.
func (l *Link) Addr() string { return l.ln.Addr().String() }

// URL is http://Addr.
func (l *Link) URL() string { return "http://" + l.Addr() }

// Close stops the link and cuts every connection.
func (l *Link) Close() {
	select {
	case <-l.closing:
		return
	default:
	}
	close(l.closing)
	l.ln.Close()
	l.Cut()
}

// Bytes are the bytes that crossed the link each way so far (TCP payload).
func (l *Link) Bytes() (up, down int64) { return l.upBytes.Load(), l.downBytes.Load() }

// LastConn is the id of the newest connection through the link (rules see
// it as Seg.Conn): a rule can leave older connections alone.
func (l *Link) LastConn() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nextID
}

// Connections counts the connections accepted so far.
func (l *Link) Connections() int64 { return l.accepted.Load() }

// Cut resets every open connection, as when a township link drops.
func (l *Link) Cut() {
	l.mu.Lock()
	cs := make([]*proxied, 0, len(l.conns))
	for _, c := range l.conns {
		cs = append(cs, c)
	}
	l.mu.Unlock()
	for _, c := range cs {
		c.reset()
	}
}

// SetDown makes the link refuse new connections (and cuts the open ones)
// until SetDown(false).
func (l *Link) SetDown(down bool) {
	l.mu.Lock()
	l.isDown = down
	l.mu.Unlock()
	if down {
		l.Cut()
	}
}

// Stall stops every byte without closing anything (a black hole), until
// Stall(false): only the endpoints' timeouts notice.
func (l *Link) Stall(on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if on == l.stalled {
		return
	}
	l.stalled = on
	if on {
		l.resumed = make(chan struct{})
	} else {
		close(l.resumed)
	}
}

// waitFlowing blocks while the link is stalled.
func (l *Link) waitFlowing(done <-chan struct{}) bool {
	l.mu.Lock()
	ch := l.resumed
	l.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-done:
		return false
	}
}

// DropEvery cuts every connection each period and keeps the link down for
// downFor after each cut, until the returned stop is called.
func (l *Link) DropEvery(period, downFor time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-l.closing:
				return
			case <-t.C:
				l.SetDown(true)
				select {
				case <-time.After(downFor):
				case <-done:
				}
				l.SetDown(false)
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }
}
