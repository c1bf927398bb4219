package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/desk"
	"yichuang/hall"
)

// registerForm registers the desk with the platform from 同步: platform
// address, enrolment code, an optional CA file. Only an administrator sees
// the fields; anyone else is told who may. The checks and messages are the
// register command's (desk.Register).
type registerForm struct {
	env      *Env
	page     *syncPage
	platform *widget.Entry
	code     *widget.Entry
	ca       *widget.Entry
	pick     *widget.Button
	submit   *widget.Button
	msg      *wrap.Label
	form     fyne.CanvasObject
	who      *wrap.Label
}

func newRegisterForm(e *Env, p *syncPage) *registerForm {
	f := &registerForm{env: e, page: p, platform: widget.NewEntry(), code: widget.NewEntry(), ca: widget.NewEntry(),
		msg: wrap.NewLabel(""), who: wrap.NewLabel("")}
	f.platform.SetPlaceHolder(T("register.platform.hint", "例如 https://zwfw.example.gov.cn"))
	f.code.SetPlaceHolder(T("register.code.hint", "平台管理员给出的一次性注册码"))
	f.ca.SetPlaceHolder(T("register.ca.hint", "平台使用自建证书时，选择其 CA 证书（PEM）；否则不填"))
	f.pick = widget.NewButtonWithIcon(T("register.ca.pick", "选择…"), theme.FolderOpenIcon(), f.pickCA)
	f.submit = widget.NewButtonWithIcon(T("register.submit", "注册到平台"), theme.ConfirmIcon(), f.send)
	f.submit.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(T("register.platform", "平台地址"), f.platform),
		widget.NewFormItem(T("register.code", "注册码"), f.code),
		widget.NewFormItem(T("register.ca", "CA 证书（可选）"), container.NewBorder(nil, nil, nil, f.pick, f.ca)))
	f.form = container.NewVBox(heading(T("register.title", "注册本窗口")), form, container.NewHBox(f.submit), f.msg)
	return f
}

// content is the form for an administrator, a line saying who may
// register for anyone else.
func (f *registerForm) content() fyne.CanvasObject {
	u := f.env.user.Load()
	if f.env.Registrar == nil {
		return widget.NewLabel("")
	}
	if u != nil && !u.Role.Can(hall.PermChangeSetting) {
		f.who.SetText(T("register.admin.only", "注册本窗口需由管理员登录后在此填写；{{.User}}不能注册。", map[string]any{"User": u.Label()}))
		return f.who
	}
	return f.form
}

func (f *registerForm) pickCA() {
	if f.env.Window == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close()
		f.ca.SetText(r.URI().Path())
	}, f.env.Window)
	showDialog(f.env.Window, d)
}

func (f *registerForm) send() {
	req := desk.RegisterRequest{Platform: strings.TrimSpace(f.platform.Text), Code: strings.TrimSpace(f.code.Text),
		CAFile: strings.TrimSpace(f.ca.Text), AgainHint: T("register.again", "请用命令 yichuang register 加 --reregister 执行")}
	f.submit.Disable()
	f.msg.Importance = widget.MediumImportance
	f.msg.SetText(T("register.busy", "正在连接平台……"))
	Go(f.env, func(ctx context.Context) (registered, error) {
		res, err := f.env.Registrar.Register(ctx, req)
		return registered{res, err}, nil
	}, func(r registered) {
		f.submit.Enable()
		if r.err != nil {
			f.msg.Importance = widget.DangerImportance
			f.msg.SetText(hall.ErrorMessage(r.err))
			return
		}
		f.code.SetText("") // spent
		f.msg.SetText("")
		if f.env.Sync == nil && f.env.StartSync != nil {
			f.env.Sync = f.env.StartSync() // on the UI goroutine, where the screens read it
		}
		text := r.res.Done()
		if w := r.res.Warning(); w != "" {
			text += "\n" + w
		}
		if f.env.Window != nil {
			showMessage(f.env.Window, T("register.done", "已注册"), text)
		}
		f.page.Refresh()
		f.env.Changed()
	})
}

type registered struct {
	res desk.RegisterResult
	err error
}
