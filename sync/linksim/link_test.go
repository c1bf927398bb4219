package linksim

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// sink accepts connections and answers each with the byte count it read.
func sink(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				n, _ := io.Copy(io.Discard, io.LimitReader(c, 64<<10))
				c.Write([]byte(strings.Repeat("x", int(n/4))))
			}()
		}
	}()
	return ln.Addr().String()
}

func start(t *testing.T, cfg Config) *Link {
	t.Helper()
	l, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

func TestLinkCountsBytesOfAllConnections(t *testing.T) {
	l := start(t, Config{Target: sink(t), Bandwidth: 256 << 10, Latency: 5 * time.Millisecond})
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", l.Addr())
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			c.Write(make([]byte, 64<<10))
			n, _ := io.Copy(io.Discard, c)
			if n != 16<<10 {
				t.Errorf("answer of %d bytes, want %d", n, 16<<10)
			}
		}()
	}
	wg.Wait()
	up, down := l.Bytes()
	if up != 4*64<<10 || down != 4*16<<10 || l.Connections() != 4 {
		t.Errorf("up %d down %d conns %d", up, down, l.Connections())
	}
	// 256 KB up through one shared 256 KB/s limit (informative: no timed assertion).
	t.Logf("4 connections, 256 KB up in %s", time.Since(t0).Round(time.Millisecond))
}

func TestCutDownAnd503(t *testing.T) {
	l := start(t, Config{Target: sink(t), Bandwidth: 32 << 10})
	c, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write(make([]byte, 1024))
	time.Sleep(100 * time.Millisecond)
	l.Cut()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("a cut connection still reads")
	}

	l.SetDown(true)
	d, err := net.Dial("tcp", l.Addr())
	if err == nil {
		d.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = d.Read(make([]byte, 1))
		d.Close()
	}
	if err == nil {
		t.Error("a connection through a link that is down worked")
	}
	l.SetDown(false)

	l.SetRule(func(s Seg) Action {
		if s.Dir == Up && s.NewRequest && strings.HasPrefix(s.Request, "POST /api/v1/push") {
			return Respond503
		}
		return Pass
	})
	e, err := net.Dial("tcp", l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.Write([]byte("POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
	line, _ := bufio.NewReader(e).ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 503") {
		t.Errorf("gateway answer %q", line)
	}
}
