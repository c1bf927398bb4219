package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// syncPage shows what waits to reach the provincial platform.
type syncPage struct {
	env    *Env
	body   *fyne.Container
	detail *widget.Label
}

func newSyncPage(e *Env) Page {
	p := &syncPage{env: e, body: container.NewVBox(), detail: widget.NewLabel("")}
	p.detail.Wrapping = fyne.TextWrapWord
	return p
}

func (p *syncPage) Content() fyne.CanvasObject {
	return container.NewBorder(heading(T("sync.title", "与省级平台同步")), nil, nil, nil, container.NewVScroll(p.body))
}

type syncData struct {
	platform, desk string
	st             hall.OutboxStats
}

func (p *syncPage) Refresh() {
	Go(p.env, func(ctx context.Context) (syncData, error) {
		var d syncData
		var err error
		if d.platform, err = p.env.Settings.Setting(ctx, hall.SettingPlatform); err != nil {
			return d, err
		}
		if d.desk, err = p.env.Settings.Setting(ctx, hall.SettingDeskCode); err != nil {
			return d, err
		}
		d.st, err = p.env.Outbox.OutboxStats(ctx)
		return d, err
	}, p.show)
}

func (p *syncPage) show(d syncData) {
	objs := []fyne.CanvasObject{
		field("待同步", fmt.Sprintf("%d 项", d.st.Pending)),
		field("被退回", fmt.Sprintf("%d 项", d.st.Parked)),
	}
	if !d.st.Oldest.IsZero() {
		objs = append(objs, field("最早一项", d.st.Oldest.Local().Format("2006-01-02 15:04:05")))
	}
	if d.platform == "" {
		objs = append(objs, widget.NewSeparator(), emptyState(T("sync.unregistered.title", "本窗口尚未注册到平台"),
			T("sync.unregistered.hint", "所有办件都已保存在本机，可离线继续受理。请管理员向平台申请注册码，运行 yichuang register --platform 平台地址 --code 注册码 完成注册，之后办件会自动同步。")))
	} else {
		objs = append(objs, field("平台地址", d.platform), field("窗口编码", d.desk))
	}
	p.body.Objects = objs
	p.body.Refresh()
}
