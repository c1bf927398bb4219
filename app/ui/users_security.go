package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// securityFields are the admin's settings of accounts and privacy, each a
// whole number in a range (0 for retention keeps personal data).
var securityFields = []struct {
	key, label, hint string
	def, min, max    int
	zeroOK           bool
}{
	{hall.SettingIdleMinutes, "无操作自动锁屏（分钟）", "1 至 60，默认 5", hall.DefaultIdleMinutes, 1, 60, false},
	{hall.SettingLockoutMinutes, "输错 5 次后锁定（分钟）", "5 至 1440，默认 15", hall.DefaultLockoutMinutes, 5, 1440, false},
	{hall.SettingRetentionDays, "个人信息保存期（天）", "办结且平台已确认的办件，期满后清除个人信息；30 至 3650，0 为不清除", hall.DefaultRetentionDays, 30, 3650, true},
}

type securitySettings struct {
	env     *Env
	entries map[string]*widget.Entry
}

func newSecuritySettings(e *Env) *securitySettings {
	s := &securitySettings{env: e, entries: map[string]*widget.Entry{}}
	Go(e, func(ctx context.Context) (map[string]string, error) {
		out := map[string]string{}
		for _, f := range securityFields {
			v, err := e.Settings.Setting(ctx, f.key)
			if err != nil {
				return nil, err
			}
			if v == "" {
				v = strconv.Itoa(f.def)
			}
			out[f.key] = v
		}
		return out, nil
	}, func(vals map[string]string) {
		for k, v := range vals {
			if en := s.entries[k]; en != nil {
				en.SetText(v)
			}
		}
	})
	return s
}

func (s *securitySettings) Content() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range securityFields {
		en := widget.NewEntry()
		en.SetPlaceHolder(f.hint)
		if s.entries[f.key] != nil {
			en.SetText(s.entries[f.key].Text)
		}
		s.entries[f.key] = en
		form.Append(f.label, en)
	}
	save := widget.NewButtonWithIcon(T("security.save", "保存安全设置"), theme.DocumentSaveIcon(), s.save)
	return container.NewVBox(heading(T("security.title", "安全与隐私")), form, container.NewHBox(save))
}

func (s *securitySettings) save() {
	vals := map[string]string{}
	for _, f := range securityFields {
		v := strings.TrimSpace(s.entries[f.key].Text)
		n, err := strconv.Atoi(v)
		if err != nil || (n < f.min || n > f.max) && !(f.zeroOK && n == 0) {
			s.env.ShowError(hall.Errorf(hall.EInvalid, "“%s”应为 %s，现为“%s”", f.label, f.hint, v))
			return
		}
		vals[f.key] = fmt.Sprint(n)
	}
	Go(s.env, func(ctx context.Context) (struct{}, error) { return struct{}{}, s.env.Settings.SetSettings(ctx, vals) },
		func(struct{}) {
			if s.env.lock != nil {
				s.env.lock.loadIdle()
			}
			showMessage(s.env.Window, T("settings.saved.title", "已保存"), T("security.saved", "安全设置已保存。"))
		})
}
