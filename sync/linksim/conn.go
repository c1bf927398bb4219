package linksim

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// proxied is one connection through the link.
type proxied struct {
	id             int
	client, server *net.TCPConn
	done           chan struct{}
	once           sync.Once
	info           connInfo
}

// connInfo is what rules see of a connection.
type connInfo struct {
	mu          sync.Mutex
	lastRequest string // request line of the latest request seen going up
	upBytes     int64
	downBytes   int64
	downSinceRq int64 // bytes sent down since that request began
}

func (l *Link) accept() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		l.accepted.Add(1)
		go l.serve(c.(*net.TCPConn))
	}
}

func (l *Link) serve(client *net.TCPConn) {
	l.mu.Lock()
	down := l.isDown
	l.mu.Unlock()
	if down {
		_ = client.SetLinger(0)
		client.Close()
		return
	}
	sc, err := net.DialTimeout("tcp", l.cfg.Target, 5*time.Second)
	if err != nil {
		_ = client.SetLinger(0)
		client.Close()
		return
	}
	server := sc.(*net.TCPConn)
	for _, c := range []*net.TCPConn{client, server} {
		_ = c.SetReadBuffer(l.cfg.QueueBytes)
		_ = c.SetWriteBuffer(l.cfg.QueueBytes)
	}
	p := &proxied{client: client, server: server, done: make(chan struct{})}
	l.mu.Lock()
	l.nextID++
	p.id = l.nextID
	l.conns[p.id] = p
	l.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); l.forward(p, Up, client, server, l.up, &l.upBytes) }()
	go func() { defer wg.Done(); l.forward(p, Down, server, client, l.down, &l.downBytes) }()
	wg.Wait()
	p.close()
	l.mu.Lock()
	delete(l.conns, p.id)
	l.mu.Unlock()
}

// reset closes both ends with a TCP reset, as a dropped link does.
func (p *proxied) reset() {
	p.once.Do(func() {
		close(p.done)
		_ = p.client.SetLinger(0)
		_ = p.server.SetLinger(0)
		p.client.Close()
		p.server.Close()
	})
}

func (p *proxied) close() {
	p.once.Do(func() {
		close(p.done)
		p.client.Close()
		p.server.Close()
	})
}

type segment struct {
	data []byte
	at   time.Time // when it reaches the far end
}

// forward moves bytes from src to dst through one direction of the link:
// each segment waits its turn on the shared serialiser (the reader is held
// back meanwhile, so the sender feels the link's pace), then travels for
// the latency.
func (l *Link) forward(p *proxied, dir Dir, src, dst *net.TCPConn, pp *pipe, total *atomic.Int64) {
	queue := make(chan segment, 1024)
	go func() {
		for s := range queue {
			if d := time.Until(s.at); d > 0 {
				select {
				case <-time.After(d):
				case <-p.done:
					return
				}
			}
			if _, err := dst.Write(s.data); err != nil {
				p.reset()
				return
			}
		}
		_ = dst.CloseWrite()
	}()
	defer close(queue)
	buf := make([]byte, l.cfg.Segment)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !l.waitFlowing(p.done) {
				return
			}
			switch l.apply(p, dir, buf[:n]) {
			case Cut:
				p.reset()
				return
			case Respond503:
				_, _ = p.client.Write([]byte(gateway503))
				p.reset()
				return
			}
			end := pp.reserve(n)
			if d := time.Until(end); d > 0 {
				select {
				case <-time.After(d):
				case <-p.done:
					return
				}
			}
			total.Add(int64(n))
			select {
			case queue <- segment{data: append([]byte(nil), buf[:n]...), at: end.Add(l.cfg.Latency)}:
			case <-p.done:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

const gateway503 = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 19\r\n" +
	"Connection: close\r\n\r\nservice unavailable"
