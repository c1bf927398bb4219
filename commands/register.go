package commands

import (
	"context"
	"fmt"
	"strings"

	"yichuang/desk"
	"yichuang/hall"
)

// runRegister registers the desk with the platform as the 同步 screen does
// (desk.Register: the same checks and messages), acting as an admin.
func runRegister(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "register")
	url := fs.String("platform", "", "省级平台地址，例如 https://zwfw.example.gov.cn")
	code := fs.String("code", "", "平台管理员给出的一次性注册码")
	caFile := fs.String("ca", "", "平台证书的 CA（PEM，平台使用自建证书时）")
	as := fs.String("as", "", "设置了账号的窗口：以此管理员账号执行")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	again := fs.Bool("reregister", false, "确认把已注册的本窗口改注册到（另一个）平台")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *url == "" || strings.TrimSpace(*code) == "" {
		return UsageError{"--platform 和 --code 都必须给出"}
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, hall.PermChangeSetting, "注册到省级平台")
	if err != nil {
		return err
	}
	defer done()
	res, err := dk.Register(ctx, desk.RegisterRequest{Platform: *url, Code: *code, CAFile: *caFile, Again: *again,
		AgainHint: "请加 --reregister 再执行"})
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, res.Done())
	if w := res.Warning(); w != "" {
		fmt.Fprintln(env.Stderr, w)
	}
	return nil
}
