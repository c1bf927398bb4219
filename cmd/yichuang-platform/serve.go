package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
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
	adm := server.DefaultAdmission
	fs.IntVar(&adm.Pushes, "max-pushes", adm.Pushes, "同时处理的推送（含审计日志）上限，超出的请求排队等待")
	fs.IntVar(&adm.Pulls, "max-pulls", adm.Pulls, "同时处理的拉取（含恢复、办件查看）上限")
	fs.IntVar(&adm.Feeds, "max-feeds", adm.Feeds, "同时处理的监督数据页上限")
	fs.IntVar(&adm.Uploads, "max-uploads", adm.Uploads, "同时处理的扫描件上传请求上限")
	fs.DurationVar(&adm.Wait, "busy-wait", adm.Wait, "请求最多排队等待多久，仍无空位即答复“平台繁忙”（503）")
	fs.DurationVar(&adm.RetryAfter, "retry-after", adm.RetryAfter, "答复“平台繁忙”时请窗口多久后再试（Retry-After）")
	gcPercent := fs.Int("gc-percent", defaultGCPercent, "Go 垃圾回收的触发比例（同 GOGC；未给出且设了环境变量 GOGC 时以 GOGC 为准），见 docs/platform-load.md")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *argvToken != "" {
		return usageError("运维令牌不能写在命令行上（ps 可见）：请写入文件，用 --admin-token-file 指定")
	}
	if adm.Pushes < 1 || adm.Pulls < 1 || adm.Feeds < 1 || adm.Uploads < 1 {
		return usageError("--max-pushes、--max-pulls、--max-feeds 和 --max-uploads 至少为 1")
	}
	if adm.Wait <= 0 || adm.Wait >= 50*time.Second || adm.RetryAfter < time.Second || adm.RetryAfter > 10*time.Minute {
		return usageError("--busy-wait 应大于 0 且小于 50s（窗口 60 秒无答复即断开重发），--retry-after 应在 1s 到 10m 之间")
	}
	if *gcPercent < 25 {
		return usageError("--gc-percent 至少为 25")
	}
	setGCPercent(fs, *gcPercent)
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
	srv, err := server.New(server.Config{Store: st, DataDir: *data, Log: log, Version: version, AdminToken: admin,
		Admission: adm})
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

// defaultGCPercent lets the heap grow to five times what is live before a
// collection, not Go's twice: the platform's live heap is small and each
// push allocates its batch's documents anew, so at Go's default the
// collector took 16-18 % of the platform's CPU, at 400 about 5 %, for twice
// the peak memory (docs/platform-load.md, which says what to set where
// memory is short: GOMEMLIMIT).
const defaultGCPercent = 400

// setGCPercent sets the collector's target, unless GOGC was given in the
// environment and --gc-percent was not.
func setGCPercent(fs *flag.FlagSet, percent int) {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "gc-percent" })
	if given || os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
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
