package transport

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// A connection idle in the pool is let go by the pool before its idle
// deadline can end it: a request made after most of the idle time gets a
// new connection, and the old one was closed by the desk, not failed under
// a request.
func TestPoolLetsIdleConnectionsGoBeforeTheirDeadline(t *testing.T) {
	for _, idle := range []time.Duration{60 * time.Second, time.Second, 400 * time.Millisecond} {
		c, err := New(Options{BaseURL: "http://127.0.0.1:1", DeskID: "d", Secret: []byte("s"), IdleTimeout: idle})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ht.IdleConnTimeout; got <= 0 || got >= idle {
			t.Errorf("idle %s: the pool keeps a connection %s", idle, got)
		}
	}
	var mu sync.Mutex
	conns := map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
		mu.Lock()
		conns[c] = st
		mu.Unlock()
	}
	srv.Start()
	defer srv.Close()
	const idle = 2 * time.Second
	c, err := New(Options{BaseURL: srv.URL, DeskID: "d", Secret: []byte("s"), IdleTimeout: idle})
	if err != nil {
		t.Fatal(err)
	}
	get := func() {
		t.Helper()
		resp, err := c.rc.R().Get(srv.URL)
		if err != nil || resp.StatusCode() != 200 {
			t.Fatalf("request: %v %v", resp, err)
		}
	}
	get()
	time.Sleep(idle * 7 / 8) // past the pool's time, before the deadline
	get()
	count := func() (n, closed int) {
		mu.Lock()
		defer mu.Unlock()
		for _, st := range conns {
			if st == http.StateClosed {
				closed++
			}
		}
		return len(conns), closed
	}
	n, closed := count()
	for end := time.Now().Add(time.Second); closed == 0 && time.Now().Before(end); n, closed = count() {
		time.Sleep(10 * time.Millisecond) // the server reads the close
	}
	if n != 2 || closed != 1 {
		t.Errorf("%d connections, %d closed: want the first let go by the pool and a second for the request", n, closed)
	}
}
