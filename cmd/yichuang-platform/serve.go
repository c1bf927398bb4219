package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/server"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs, data := flags("serve")
	addr := fs.String("addr", "127.0.0.1:8700", "监听地址")
	cert := fs.String("tls-cert", "", "TLS 证书（PEM）")
	key := fs.String("tls-key", "", "TLS 私钥（PEM）")
	admin := fs.String("admin-token", os.Getenv("YICHUANG_PLATFORM_ADMIN_TOKEN"), "运维查询办件用的令牌")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usageError("--tls-cert 和 --tls-key 须同时给出")
	}
	st, err := openStore(ctx, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	release, err := backup.Hold(*data) // a restore waits until the server stops
	if err != nil {
		return err
	}
	defer release()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := server.New(server.Config{Store: st, DataDir: *data, Log: log, Version: version, AdminToken: *admin})
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "平台无法启动")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "无法监听 %s（端口被占用？）", *addr)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(out, "yichuang-platform %s listening on %s://%s (data %s)\n", version, scheme, ln.Addr(), *data)
	done := make(chan error, 1)
	go func() {
		if *cert != "" {
			done <- hs.ServeTLS(ln, *cert, *key)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(sctx)
}
