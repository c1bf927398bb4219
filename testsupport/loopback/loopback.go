// Package loopback runs the reference platform on loopback for the desk's
// tests that need a real one: its HTTP API on 127.0.0.1 and its store,
// where the back office issues enrolment codes.
package loopback

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"testing"

	"yichuang/hall"
	"yichuang/platform/server"
	"yichuang/platform/store"
)

// Platform runs a new platform (SQLite, a fresh key) until the test ends
// and returns its address and its store.
func Platform(t testing.TB) (string, *store.Store) {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	dir := t.TempDir()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "platform.db"), key)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Store: st, DataDir: dir, Version: "test", Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := server.HTTPServer(srv.Handler())
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); st.Close() })
	return "http://" + ln.Addr().String(), st
}
