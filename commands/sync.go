package commands

import (
	"context"
	"fmt"
	"io"
	"time"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/sync/engine"
)

// runSync pushes and pulls. With --once it stops when caught up or when the
// link fails (after --retry further attempts) and exits 0 only if nothing
// is left; without it, it keeps syncing until interrupted, as the window
// does.
func runSync(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "sync")
	once := fs.Bool("once", false, "同步一轮后退出：全部推送并接收完毕时返回 0")
	url := fs.String("platform", "", "本次使用的平台地址（例如经代理时），不改变注册的地址")
	retry := fs.Int("retry", 0, "--once 时网络失败后再试的次数（间隔按退避规则）")
	as := fs.String("as", "", "设置了账号的窗口：须以此账号登录（窗口人员或管理员），才能打开本窗口的平台凭据和加密保存的个人信息")
	pwFile := fs.String("password-file", "", "从文件读取该账号的密码")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, hall.PermViewCases, "同步")
	if err != nil {
		return err
	}
	defer done()
	s, err := dk.NewSync(ctx, desk.SyncOptions{PlatformURL: *url})
	if err != nil {
		return err
	}
	defer s.Close()
	if !*once {
		return serveSync(ctx, env.Stdout, s.Engine)
	}
	start := time.Now()
	runErr := s.Engine.RunOnce(ctx, *retry)
	counts, err := dk.DB.Sync().SyncCounts(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	st := s.Engine.SyncStatus()
	if st.SkewWarning != "" {
		fmt.Fprintln(env.Stderr, "注意："+st.SkewWarning)
	}
	fmt.Fprintf(env.Stdout, "同步用时 %s：待同步 %d 项，被退回 %d 项，扫描件待上传 %d 个、被退回 %d 个，未能并入的平台更新 %d 条；HTTP 请求 %d 次\n",
		time.Since(start).Round(time.Millisecond), counts.Pending, counts.Parked, counts.FilesPending,
		counts.FilesParked, counts.Conflicts, s.Client.Requests())
	if runErr != nil {
		return hall.Wrap(hall.ErrorCode(runErr), runErr, "同步未完成，还有 %d 项待同步：%s", counts.Outstanding(), hall.ErrorMessage(runErr))
	}
	if n := counts.Outstanding(); n > 0 {
		return hall.Errorf(hall.EConflict, "同步未完成，还有 %d 项待同步（其中被退回 %d 项、扫描件被退回 %d 个，请在“同步”界面查看原因）",
			n, counts.Parked, counts.FilesParked)
	}
	return nil
}

// serveSync runs the engine until interrupted, printing each change of the
// link's state.
func serveSync(ctx context.Context, out io.Writer, e *engine.Engine) error {
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var last hall.SyncStatus
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case <-tick.C:
			st := e.SyncStatus()
			if st.LastSuccess != last.LastSuccess || st.LastError != last.LastError || (st.Busy && st.NextAttempt != last.NextAttempt) {
				line := "同步成功"
				switch {
				case st.Busy && !st.NextAttempt.IsZero():
					line = "省级平台繁忙，" + st.NextAttempt.Format("15:04:05") + " 自动重试；本机记录都已保存"
				case st.Busy:
					line = "省级平台繁忙，稍后自动重试；本机记录都已保存"
				case st.LastError != "":
					line = "同步失败：" + st.LastError
				}
				fmt.Fprintf(out, "%s %s\n", time.Now().Format("15:04:05"), line)
			}
			last = st
		}
	}
}
