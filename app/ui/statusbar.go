package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// statusBar shows, at the foot of every screen, whether the desk can reach
// the platform, how much work waits to be pushed and who is working.
type statusBar struct {
	env     *Env
	link    *widget.Label
	pending *widget.Label
	user    *widget.Label
	box     fyne.CanvasObject
}

func newStatusBar(e *Env) *statusBar {
	s := &statusBar{env: e, link: widget.NewLabel(""), pending: widget.NewLabel(""), user: widget.NewLabel("")}
	s.box = container.NewHBox(s.link, widget.NewSeparator(), s.pending, widget.NewSeparator(), s.user)
	return s
}

func (s *statusBar) Content() fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), s.box)
}

type statusData struct {
	platform string
	outbox   hall.OutboxStats
}

// Refresh reloads the bar's figures off the UI goroutine.
func (s *statusBar) Refresh() {
	Go(s.env, func(ctx context.Context) (statusData, error) {
		var d statusData
		var err error
		if d.platform, err = s.env.Settings.Setting(ctx, hall.SettingPlatform); err != nil {
			return d, err
		}
		d.outbox, err = s.env.Outbox.OutboxStats(ctx)
		return d, err
	}, s.show)
}

func (s *statusBar) show(d statusData) {
	if d.platform == "" {
		s.link.SetText(T("status.offline.unregistered", "● 离线（尚未注册到平台）"))
	} else {
		s.link.SetText(T("status.offline", "● 离线"))
	}
	text := fmt.Sprintf(T("status.pending", "待同步 %d 项"), d.outbox.Pending)
	if d.outbox.Parked > 0 {
		text += fmt.Sprintf(T("status.parked", "，被退回 %d 项"), d.outbox.Parked)
	}
	s.pending.SetText(text)
	s.user.SetText(T("status.user.none", "当前用户：未登录"))
}
