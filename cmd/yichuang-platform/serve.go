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
	"runtime"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/server"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("serve")
	addr := fs.String("addr", "127.0.0.1:8700", "监听地址")
	cert := fs.String("tls-cert", "", "TLS 证书（PEM）")
	key := fs.String("tls-key", "", "TLS 私钥（PEM）")
	tokenFile := fs.String("admin-token-file", "", "运维令牌文件（查看办件与计数用；只许属主读取）")
	argvToken := fs.String("admin-token", "", "")
	profile := fs.String("cpuprofile", "", "把 CPU 性能剖析写入此文件（压测用，停止服务时写完）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *argvToken != "" {
		return usageError("运维令牌不能写在命令行上（ps 可见）：请写入文件，用 --admin-token-file 指定")
	}
	if (*cert == "") != (*key == "") {
		return usageError("--tls-cert 和 --tls-key 须同时给出")
	}
	admin := ""
	if *tokenFile != "" {
		var err error
		if admin, err = readToken(*tokenFile); err != nil {
			return err
		}
	}
	st, err := openStore(ctx, pl, true)
	if err != nil {
		return err
	}
	defer st.Close()
	data := pl.data
	if !st.Postgres() {
		// A restore waits until the server stops. On PostgreSQL several
		// instances share the data directory, and restore refuses anyway.
		release, err := backup.Hold(*data)
		if err != nil {
			return err
		}
		defer release()
	}
	stopProfile, err := startProfile(*profile)
	if err != nil {
		return err
	}
	defer stopProfile()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := server.New(server.Config{Store: st, DataDir: *data, Log: log, Version: version, AdminToken: admin})
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "平台无法启动")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "无法监听 %s（端口被占用？）", *addr)
	}
	hs := server.HTTPServer(srv.Handler())
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

// minToken is the shortest admin token accepted.
const minToken = 24

// readToken reads the admin token from a file only its owner may read.
func readToken(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", hall.Wrap(hall.EInvalid, err, "无法读取运维令牌文件 %s", path)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return "", hall.Errorf(hall.EForbidden, "运维令牌文件 %s 的权限为 %o：只许属主读写（chmod 600）", path, st.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(f, 4<<10))
	if err != nil {
		return "", hall.Wrap(hall.EInvalid, err, "无法读取运维令牌文件 %s", path)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < minToken || strings.ContainsAny(tok, " \t\r\n") {
		return "", hall.Errorf(hall.EInvalid, "运维令牌文件 %s 中的令牌应为一行、至少 %d 个字符", path, minToken)
	}
	return tok, nil
}
