package server

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// Running is a server listening on an address, for programs that embed
// the platform (the bench) without speaking HTTP themselves.
type Running struct {
	hs   *http.Server
	ln   net.Listener
	done chan error
}

// Start serves the API on addr ("127.0.0.1:0" picks a port); with cert and
// key files it serves https.
func Start(cfg Config, addr, certFile, keyFile string) (*Running, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	r := &Running{ln: ln, done: make(chan error, 1), hs: HTTPServer(s.Handler())}
	go func() {
		var err error
		if certFile != "" {
			err = r.hs.ServeTLS(ln, certFile, keyFile)
		} else {
			err = r.hs.Serve(ln)
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	return r, nil
}

// Addr is where the server listens.
func (r *Running) Addr() string { return r.ln.Addr().String() }

// Close stops at once, cutting open connections.
func (r *Running) Close() error {
	err := r.hs.Close()
	<-r.done
	return err
}

// Shutdown stops after the requests in progress.
func (r *Running) Shutdown(ctx context.Context) error {
	err := r.hs.Shutdown(ctx)
	<-r.done
	return err
}
