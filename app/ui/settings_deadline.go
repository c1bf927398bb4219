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

	"yichuang/app/wrap"
	"yichuang/hall"
	"yichuang/hall/supervision"
)

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
