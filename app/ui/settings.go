package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
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
}

// settingsPage edits the desk's settings and shows where its data lives.
type settingsPage struct {
	env     *Env
	entries map[string]*widget.Entry
	info    *fyne.Container
}

func newSettingsPage(e *Env) Page {
	p := &settingsPage{env: e, entries: map[string]*widget.Entry{}, info: container.NewVBox()}
	return p
}

func (p *settingsPage) Content() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range settingFields {
		en := widget.NewEntry()
		en.SetPlaceHolder(f.hint)
		p.entries[f.key] = en
		form.Append(f.label, en)
	}
	save := widget.NewButtonWithIcon(T("settings.save", "保存设置"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	return container.NewVScroll(container.NewVBox(heading(T("settings.title", "窗口设置")), form,
		container.NewHBox(save), widget.NewSeparator(), newDeadlineSettings(p.env).Content(), widget.NewSeparator(), // settings_deadline.go
		newAccountSection(p.env).Content(), widget.NewSeparator(), // accounts, backup, audit (users.go)
		heading(T("settings.about", "关于本机数据")), p.info))
}

func (p *settingsPage) Refresh() {
	Go(p.env, func(ctx context.Context) (map[string]string, error) {
		out := map[string]string{}
		for _, f := range settingFields {
			v, err := p.env.Settings.Setting(ctx, f.key)
			if err != nil {
				return nil, err
			}
			out[f.key] = v
		}
		return out, nil
	}, func(vals map[string]string) {
		for k, v := range vals {
			if en := p.entries[k]; en != nil {
				en.SetText(v)
			}
		}
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
	Go(p.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, saveSettings(ctx, p.env.Settings, vals)
	}, func(struct{}) {
		showMessage(p.env.Window, T("settings.saved.title", "已保存"), T("settings.saved", "窗口设置已保存。"))
	})
}
