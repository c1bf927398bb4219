package desk

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"

	"yichuang/hall"
	"yichuang/sync/transport"
)

// maxCAPEM bounds a CA file read for registration.
const maxCAPEM = 1 << 20

// RegisterRequest is what registering the desk with the platform takes: the
// platform's address, the one-time enrolment code (注册码), the PEM of a
// private CA the platform's certificate chains to (optional), and Again to
// confirm moving a registered desk to another platform.
type RegisterRequest struct {
	Platform string
	Code     string
	CAFile   string // a PEM file; "" for a platform with a public certificate
	Again    bool
	// AgainHint ends the refusal of a desk already registered: how this
	// caller confirms (the command's flag, the screen's box).
	AgainHint string
}

// RegisterResult is what the platform assigned.
type RegisterResult struct {
	HallName, HallCode, DeskCode string
	// Generation > 0: a known desk on a new PC (docs/adr/0016).
	Generation int
	// OtherPrefix counts the cases numbered before under another hall code,
	// which the platform may refuse.
	OtherPrefix int
}

// Registrar registers the desk with the platform: `yichuang register` and
// the 同步 screen both call it, so the checks and messages are the same.
type Registrar interface {
	Register(ctx context.Context, r RegisterRequest) (RegisterResult, error)
}

// Register trades the enrolment code for the desk's identity and secret
// and stores them with the hall and desk codes the platform assigned, in
// one transaction (docs/adr/0005). Only an administrator (or the desk
// itself before it has accounts) may: the role is checked before the
// one-time code is spent.
func (d *Desk) Register(ctx context.Context, r RegisterRequest) (RegisterResult, error) {
	var out RegisterResult
	platform, code := strings.TrimSpace(r.Platform), strings.TrimSpace(r.Code)
	switch {
	case platform == "":
		return out, hall.Errorf(hall.EInvalid, "请填写“平台地址”，例如 https://zwfw.example.gov.cn")
	case !strings.HasPrefix(platform, "https://") && !strings.HasPrefix(platform, "http://"):
		return out, hall.Errorf(hall.EInvalid, "“平台地址”应以 https:// 开头，现为“%s”", platform)
	case code == "":
		return out, hall.Errorf(hall.EInvalid, "请填写“注册码”（平台管理员给出的一次性注册码）")
	}
	ca, err := readCA(r.CAFile)
	if err != nil {
		return out, err
	}
	if a, ok := hall.ActorOf(ctx); !ok || (a.User != nil && !a.User.Role.Can(hall.PermChangeSetting)) {
		return out, hall.Forbidden(a.User, "注册到省级平台")
	}
	if old, _ := d.DB.Setting(ctx, hall.SettingDeskID); old != "" && !r.Again {
		cur, _ := d.DB.Setting(ctx, hall.SettingPlatform)
		return out, hall.Errorf(hall.EConflict, "本窗口已注册到 %s（窗口标识 %s）。改注册会把此后的办件发往新的平台；"+
			"如确要改注册，%s", cur, old, r.AgainHint)
	}
	client, err := transport.New(transport.Options{BaseURL: platform, CAPEM: ca, Log: d.Log})
	if err != nil {
		return out, err
	}
	defer client.Close()
	res, err := client.Register(ctx, code)
	if err != nil {
		return out, err
	}
	if _, ok := DecodeSecret(res.Secret); !ok || res.DeskID == "" {
		return out, hall.Errorf(hall.EInvalid, "平台返回的注册信息不完整，请联系平台管理员")
	}
	values := map[string]string{
		hall.SettingPlatform: strings.TrimRight(platform, "/"), hall.SettingDeskID: res.DeskID,
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
		cur, _ := d.DB.Setting(ctx, hall.SettingGeneration)
		if g, _ := strconv.Atoi(cur); g < res.Generation {
			values[hall.SettingGeneration], values[hall.SettingRecoveryClaim] = strconv.Itoa(res.Generation), res.Claim
		}
		values[hall.SettingRecovering] = "1"
	}
	if err := d.DB.Register(ctx, values); err != nil {
		return out, err
	}
	if res.Generation > 0 {
		if err := d.DB.ResendAudit(ctx); err != nil {
			return out, err
		}
	}
	out = RegisterResult{HallName: res.HallName, HallCode: res.HallCode, DeskCode: res.DeskCode, Generation: res.Generation}
	// Case numbers are final once printed: cases numbered under another
	// hall code before registration stay as they are, and the platform may
	// refuse them (they are then shown on the sync screen with its reason).
	nos, err := d.DB.Sync().CaseNumbers(ctx)
	if err != nil {
		return out, err
	}
	for _, no := range nos {
		if !strings.HasPrefix(no, res.HallCode+"-") {
			out.OtherPrefix++
		}
	}
	return out, nil
}

// readCA reads a CA file, at most maxCAPEM bytes; "" is none.
func readCA(path string) ([]byte, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取 CA 证书文件 %s", path)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCAPEM+1))
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取 CA 证书文件 %s", path)
	}
	if len(b) > maxCAPEM {
		return nil, hall.Errorf(hall.EInvalid, "CA 证书文件 %s 超过 %d 字节，不是一个 PEM 证书", path, maxCAPEM)
	}
	return b, nil
}

// Done is the sentence that tells who registered what happened.
func (r RegisterResult) Done() string {
	name := r.HallName
	if name == "" {
		name = r.HallCode
	}
	s := "注册成功：" + name + "（大厅编码 " + r.HallCode + "），本窗口编码 " + r.DeskCode + "。此后受理的办件编号以 " +
		r.HallCode + "-日期-" + r.DeskCode + "- 开头，会自动同步到平台。"
	if r.Generation > 0 {
		g := hall.GenerationMark(r.Generation)
		s += "\n这是窗口 " + r.DeskCode + " 的新电脑：此后的办件编号带恢复代号 " + g + "（如 " + r.HallCode + "-日期-" +
			r.DeskCode + "-" + g + "0001），首次同步时从平台取回本窗口的全部办件。"
	}
	return s
}

// Warning is what the registrar should know of cases numbered before, or "".
func (r RegisterResult) Warning() string {
	if r.OtherPrefix == 0 {
		return ""
	}
	return "注意：本窗口注册前登记的 " + strconv.Itoa(r.OtherPrefix) + " 件办件编号不以 " + r.HallCode +
		"- 开头，平台可能不予接收；被退回的会在“同步”界面列出原因。"
}
