package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"yichuang/app/wrap"
	"yichuang/hall"
	"yichuang/hall/supervision"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var settingFields = []struct {
	key, label, hint string
}{
	{hall.SettingHallName, "大厅名称", "例如：清河县政务服务中心"},
	{hall.SettingHallCode, "大厅编码", "6至12位数字，印在办件编号开头"},
	{hall.SettingDeskCode, "窗口编码", "2至4位数字或大写字母；注册到平台后由平台分配"},
	{hall.SettingHallAddr, "大厅地址", "印在受理回执上"},
	{hall.SettingHallPhone, "咨询电话", "印在受理回执上"},
	{hall.SettingQueryURL, "进度查询网址", "受理回执二维码指向的网址，{case_no} 处填入办件编号；不填则用平台地址"},
	{hall.SettingScanFolder, "高拍仪文件夹", "高拍仪保存图片的文件夹（完整路径），新图片列在受理的材料上方；不填则不用"},
}

// settingsPage edits the desk's settings and shows where its data lives.
type settingsPage struct {
	env      *Env
	entries  map[string]*widget.Entry
	info     *fyne.Container
	saveBtn  *widget.Button
	who      *wrap.Label // who may change the settings, when the user may not
	deadline *deadlineSettings
	// decides is hall.SettingWindowDecides: the window decides 承诺件 too
	// (casedetail.go).
	decides *widget.Check
}

func newSettingsPage(e *Env) Page {
	p := &settingsPage{env: e, entries: map[string]*widget.Entry{}, info: container.NewVBox(), who: wrap.NewLabel("")}
	e.OnUserChange(p.applyRole)
	return p
}

// mayChange reports whether the window's user may change the settings;
// with nobody logged in the lock covers the screen and the service decides.
func (p *settingsPage) mayChange() bool {
	u := p.env.user.Load()
	return u == nil || u.Role.Can(hall.PermChangeSetting)
}

// applyRole shows the settings read-only, with a line saying who may change
// them, to a user whose role may not: a clerk learns it before typing, not
// on 保存.
func (p *settingsPage) applyRole() {
	if p.saveBtn == nil {
		return
	}
	can := p.mayChange()
	var entries []*widget.Entry
	for _, en := range p.entries {
		entries = append(entries, en)
	}
	if p.deadline != nil {
		entries = append(entries, p.deadline.remaining, p.deadline.share, p.deadline.ntc)
	}
	for _, en := range entries {
		if can {
			en.Enable()
		} else {
			en.Disable()
		}
	}
	if p.decides != nil {
		if can {
			p.decides.Enable()
		} else {
			p.decides.Disable()
		}
	}
	for _, b := range []*widget.Button{p.saveBtn, p.deadlineSave()} {
		if b == nil {
			continue
		}
		if can {
			b.Show()
		} else {
			b.Hide()
		}
	}
	if can {
		p.who.SetText("")
		p.who.Hide()
		return
	}
	p.who.Importance = widget.WarningImportance
	p.who.SetText(T("settings.readonly", "窗口设置和时限设置只有管理员可以修改；{{.User}}只能查看。",
		map[string]any{"User": p.env.user.Load().Label()}))
	p.who.Show()
}

func (p *settingsPage) deadlineSave() *widget.Button {
	if p.deadline == nil {
		return nil
	}
	return p.deadline.saveBtn
}

func (p *settingsPage) Content() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range settingFields {
		en := widget.NewEntry()
		en.SetPlaceHolder(f.hint)
		p.entries[f.key] = en
		form.Append(f.label, en)
	}
	p.decides = widget.NewCheck(T("settings.decides", "本厅窗口也办结承诺件（审批人员在窗口，不在平台上审批）；不勾选时窗口只办结即办件"), nil)
	form.Append(T("settings.decides.label", "窗口办结"), p.decides)
	save := widget.NewButtonWithIcon(T("settings.save", "保存设置"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	p.saveBtn = save
	p.deadline = newDeadlineSettings(p.env) // below
	p.who.Hide()
	box := container.NewVScroll(container.NewVBox(heading(T("settings.title", "窗口设置")), p.who, form,
		container.NewHBox(save), widget.NewSeparator(), p.deadline.Content(), widget.NewSeparator(),
		newAccountSection(p.env).Content(), widget.NewSeparator(), // accounts, backup, audit (users.go)
		heading(T("settings.about", "关于本机数据")), p.info))
	p.applyRole()
	return box
}

func (p *settingsPage) Refresh() {
	p.applyRole()
	Go(p.env, func(ctx context.Context) (map[string]string, error) {
		out := map[string]string{}
		for _, f := range settingFields {
			v, err := p.env.Settings.Setting(ctx, f.key)
			if err != nil {
				return nil, err
			}
			out[f.key] = v
		}
		v, err := p.env.Settings.Setting(ctx, hall.SettingWindowDecides)
		out[hall.SettingWindowDecides] = v
		return out, err
	}, func(vals map[string]string) {
		for k, v := range vals {
			if en := p.entries[k]; en != nil {
				en.SetText(v)
			}
		}
		p.decides.SetChecked(vals[hall.SettingWindowDecides] == "1")
		in := p.env.Info
		p.info.Objects = []fyne.CanvasObject{
			field("程序版本", fmt.Sprintf("%s（构建 %s）", in.Version, in.Build)),
			field("数据目录", in.DataDir), field("数据库", in.DBPath),
			field("数据库版本", fmt.Sprintf("%d", in.SchemaVersion)),
		}
		p.info.Refresh()
	})
}

func (p *settingsPage) save() {
	vals := map[string]string{}
	for k, en := range p.entries {
		vals[k] = en.Text
	}
	if p.decides.Checked {
		vals[hall.SettingWindowDecides] = "1"
	}
	Go(p.env, func(ctx context.Context) (error, error) {
		return saveSettings(ctx, p.env.Settings, vals), nil
	}, func(err error) {
		if err != nil {
			p.env.ShowError(err)
			if hall.ErrorCode(err) != hall.EInvalid {
				p.Refresh() // refused: the screen shows again what is saved, not the refused value
			}
			return
		}
		showMessage(p.env.Window, T("settings.saved.title", "已保存"), T("settings.saved", "窗口设置已保存。"))
	})
}

var (
	hallCodeRE = regexp.MustCompile(`^[0-9]{6,12}$`)
	deskCodeRE = regexp.MustCompile(`^[0-9A-Z]{2,4}$`)
)

// saveSettings checks every value first and saves nothing when one is
// wrong; the message names the field.
func saveSettings(ctx context.Context, s hall.SettingsService, vals map[string]string) error {
	for k, v := range vals {
		vals[k] = strings.TrimSpace(v)
	}
	if v := vals[hall.SettingHallCode]; v != "" && !hallCodeRE.MatchString(v) {
		return hall.Errorf(hall.EInvalid, "“大厅编码”应为6至12位数字，现为“%s”", v)
	}
	if v := vals[hall.SettingDeskCode]; v != "" && !deskCodeRE.MatchString(v) {
		return hall.Errorf(hall.EInvalid, "“窗口编码”应为2至4位数字或大写字母，现为“%s”", v)
	}
	if v := vals[hall.SettingQueryURL]; v != "" && (!strings.Contains(v, "{case_no}") ||
		!(strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://"))) {
		return hall.Errorf(hall.EInvalid, "“进度查询网址”应以 https:// 开头并含 {case_no}，现为“%s”", v)
	}
	if v := vals[hall.SettingScanFolder]; v != "" && !filepath.IsAbs(v) {
		return hall.Errorf(hall.EInvalid, "“高拍仪文件夹”应为完整路径（如 D:\\高拍仪 或 /home/窗口/高拍仪），现为“%s”", v)
	}
	out := map[string]string{}
	for _, f := range settingFields {
		out[f.key] = vals[f.key]
	}
	out[hall.SettingWindowDecides] = "" // a box: "1" ticked, "" not
	if vals[hall.SettingWindowDecides] == "1" {
		out[hall.SettingWindowDecides] = "1"
	}
	return s.SetSettings(ctx, out)
}

// deadlineSettings is the 设置 section for the supervisor's thresholds:
// when a light turns yellow and how far ahead the notice at start-up looks.
type deadlineSettings struct {
	env                   *Env
	remaining, share, ntc *widget.Entry
	msg                   *wrap.Label
	box                   *fyne.Container
	saveBtn               *widget.Button
}

func newDeadlineSettings(e *Env) *deadlineSettings {
	s := &deadlineSettings{env: e, remaining: widget.NewEntry(), share: widget.NewEntry(), ntc: widget.NewEntry(),
		msg: wrap.NewLabel("")}
	s.remaining.SetPlaceHolder(T("settings.deadline.remaining.hint", "0至3650，默认2"))
	s.share.SetPlaceHolder(T("settings.deadline.share.hint", "0至100，0为不按比例，默认80"))
	s.ntc.SetPlaceHolder(T("settings.deadline.notice.hint", "0至30，默认2"))
	form := widget.NewForm(
		widget.NewFormItem(T("settings.deadline.remaining", "黄灯：剩余工作日不超过"), s.remaining),
		widget.NewFormItem(T("settings.deadline.share", "黄灯：已用时限达到（%）"), s.share),
		widget.NewFormItem(T("settings.deadline.notice", "到期提醒：工作日内到期"), s.ntc))
	save := widget.NewButtonWithIcon(T("settings.deadline.save", "保存时限设置"), theme.DocumentSaveIcon(), s.save)
	s.saveBtn = save
	hint := wrap.NewLabel(T("settings.deadline.hint",
		"按承诺办结日期亮灯：已过期为红灯；到期当日、剩余工作日不超过上面的天数或已用时限达到上面的比例为黄灯；其余为绿灯。"))
	s.box = container.NewVBox(heading(T("settings.deadline.title", "时限监督")), hint, form,
		container.NewHBox(save), s.msg)
	s.load()
	return s
}

// Content is the section, placed in 设置 by settings.go.
func (s *deadlineSettings) Content() fyne.CanvasObject { return s.box }

func (s *deadlineSettings) load() {
	if s.env.Settings == nil {
		return
	}
	Go(s.env, func(ctx context.Context) (supervision.Settings, error) {
		raw, err := s.env.Settings.Setting(ctx, supervision.SettingKey)
		if err != nil {
			return supervision.Settings{}, err
		}
		set, err := supervision.ParseSettings(raw)
		if err != nil { // unreadable: show the defaults, which are in force
			return supervision.DefaultSettings(), nil
		}
		return set, nil
	}, func(set supervision.Settings) {
		s.remaining.SetText(fmt.Sprint(set.YellowRemaining))
		s.share.SetText(strconv.FormatFloat(set.YellowShare*100, 'f', -1, 64))
		s.ntc.SetText(fmt.Sprint(set.NoticeDays))
	})
}

// read checks every field and names the wrong ones; nothing is saved then.
func (s *deadlineSettings) read() (supervision.Settings, error) {
	var set supervision.Settings
	var bad []string
	num := func(e *widget.Entry, name string, lo, hi int) int {
		v, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || v < lo || v > hi {
			bad = append(bad, fmt.Sprintf("“%s”应为%d至%d之间的整数，现为“%s”", name, lo, hi, e.Text))
		}
		return v
	}
	set.YellowRemaining = num(s.remaining, "黄灯：剩余工作日不超过", 0, 3650)
	set.YellowShare = float64(num(s.share, "黄灯：已用时限达到（%）", 0, 100)) / 100
	set.NoticeDays = num(s.ntc, "到期提醒：工作日内到期", 0, 30)
	if len(bad) > 0 {
		return set, hall.Errorf(hall.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return set, set.Validate()
}

func (s *deadlineSettings) save() {
	set, err := s.read()
	if err != nil {
		s.msg.Importance = widget.DangerImportance
		s.msg.SetText(hall.ErrorMessage(err))
		return
	}
	Go(s.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.env.Settings.SetSetting(ctx, supervision.SettingKey, set.Encode())
	}, func(struct{}) {
		s.msg.Importance = widget.SuccessImportance
		s.msg.SetText(T("settings.deadline.saved", "时限设置已保存，时限监督刷新后按新设置亮灯。"))
	})
}
