package commands

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/sync/transport"
)

// runRegister trades the enrolment code for the desk's identity and secret
// and stores them with the hall and desk codes the platform assigned, in
// one transaction. The secret sits in the desk's database (see
// docs/adr/0005-sync-exactly-once.md).
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
	var ca []byte
	if *caFile != "" {
		var err error
		if ca, err = os.ReadFile(*caFile); err != nil {
			return hall.Wrap(hall.EInvalid, err, "无法读取 CA 证书文件 %s", *caFile)
		}
	}
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	ctx, logout, err := actAsFrom(ctx, env, dk, *as, *pwFile, hall.PermChangeSetting, "注册到省级平台")
	if err != nil {
		return err
	}
	defer logout()
	if old, _ := dk.DB.Setting(ctx, hall.SettingDeskID); old != "" && !*again {
		cur, _ := dk.DB.Setting(ctx, hall.SettingPlatform)
		return hall.Errorf(hall.EConflict, "本窗口已注册到 %s（窗口标识 %s）。改注册会把此后的办件发往新的平台；"+
			"如确要改注册，请加 --reregister 再执行", cur, old)
	}
	client, err := transport.New(transport.Options{BaseURL: *url, CAPEM: ca, Log: env.Log})
	if err != nil {
		return err
	}
	defer client.Close()
	res, err := client.Register(ctx, strings.TrimSpace(*code))
	if err != nil {
		return err
	}
	if _, ok := desk.DecodeSecret(res.Secret); !ok || res.DeskID == "" {
		return hall.Errorf(hall.EInvalid, "平台返回的注册信息不完整，请联系平台管理员")
	}
	values := map[string]string{
		hall.SettingPlatform: strings.TrimRight(*url, "/"), hall.SettingDeskID: res.DeskID,
		hall.SettingDeskSecret: res.Secret, hall.SettingPlatformCA: string(ca),
		hall.SettingHallCode: res.HallCode, hall.SettingDeskCode: res.DeskCode,
	}
	if res.HallName != "" {
		values[hall.SettingHallName] = res.HallName
	}
	if res.Generation > 0 {
		// A known desk on a new PC (docs/adr/0016): it numbers with the
		// platform's generation from its first case, and its first sync
		// brings its cases back.
		cur, _ := dk.DB.Setting(ctx, hall.SettingGeneration)
		if g, _ := strconv.Atoi(cur); g < res.Generation {
			values[hall.SettingGeneration], values[hall.SettingRecoveryClaim] = strconv.Itoa(res.Generation), res.Claim
		}
		values[hall.SettingRecovering] = "1"
	}
	if err := dk.DB.Register(ctx, values); err != nil {
		return err
	}
	if res.Generation > 0 {
		if err := dk.DB.ResendAudit(ctx); err != nil {
			return err
		}
	}
	name := res.HallName
	if name == "" {
		name = res.HallCode
	}
	fmt.Fprintf(env.Stdout, "注册成功：%s（大厅编码 %s），本窗口编码 %s。此后受理的办件编号以 %s-日期-%s- 开头，会自动同步到平台。\n",
		name, res.HallCode, res.DeskCode, res.HallCode, res.DeskCode)
	// Case numbers are final once printed: cases numbered under another
	// hall code before registration stay as they are, and the platform may
	// refuse them (they are then shown on the sync screen with its reason).
	if res.Generation > 0 {
		fmt.Fprintf(env.Stdout, "这是窗口 %s 的新电脑：此后的办件编号带恢复代号 %s（如 %s-日期-%s-%s0001），首次同步时从平台取回本窗口的全部办件。\n",
			res.DeskCode, hall.GenerationMark(res.Generation), res.HallCode, res.DeskCode, hall.GenerationMark(res.Generation))
	}
	nos, err := dk.DB.Sync().CaseNumbers(ctx)
	if err != nil {
		return err
	}
	other := 0
	for _, no := range nos {
		if !strings.HasPrefix(no, res.HallCode+"-") {
			other++
		}
	}
	if other > 0 {
		fmt.Fprintf(env.Stderr, "注意：本窗口注册前登记的 %d 件办件编号不以 %s- 开头，平台可能不予接收；被退回的会在“同步”界面列出原因。\n",
			other, res.HallCode)
	}
	return nil
}
