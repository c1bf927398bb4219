package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall/supervision"
)

// noticeShown is the longest list the notice shows; the screen has the rest.
const noticeShown = 8

// NoticeDueSoon tells, when the app opens, which open cases are overdue or
// fall due within the configured working days, and offers to open 时限监督
// on exactly those. Nothing is shown when there are none.
func (sh *Shell) NoticeDueSoon() {
	p, ok := sh.pages[ScreenDeadline].(*deadlinePage)
	if !ok {
		return
	}
	src, ok := p.source()
	if !ok {
		return
	}
	today := p.today()
	Go(sh.env, func(ctx context.Context) (*supervision.Board, error) {
		return loadBoard(ctx, sh.env, src, today, supervision.Query{OpenOnly: true})
	}, func(b *supervision.Board) {
		if d := dueSoonDialog(sh, b); d != nil {
			showDialog(sh.env.Window, d)
		}
	})
}

// dueSoonDialog builds the notice, nil when nothing is due soon.
func dueSoonDialog(sh *Shell, b *supervision.Board) dialog.Dialog {
	due := b.DueSoon()
	if len(due) == 0 {
		return nil
	}
	late := 0
	for _, r := range due {
		if r.Left < 0 {
			late++
		}
	}
	head := wrap.NewLabel(T("deadline.notice.head",
		"已超期 {{.Late}} 件；{{.Soon}} 件将在 {{.Days}} 个工作日内到期（按承诺办结日期）。",
		map[string]any{"Late": late, "Soon": len(due) - late, "Days": b.Settings.NoticeDays}))
	var lines []string
	for _, r := range due[:min(len(due), noticeShown)] {
		lines = append(lines, T("deadline.notice.line", "{{.Left}}　{{.No}}　{{.Item}}　{{.Department}}　承诺 {{.Due}}",
			map[string]any{"Left": leftLabel(r), "No": r.No, "Item": r.ItemName, "Department": r.Department, "Due": r.Promise.String()}))
	}
	if len(due) > noticeShown {
		lines = append(lines, T("deadline.notice.more", "……另有 {{.N}} 件", map[string]any{"N": len(due) - noticeShown}))
	}
	list := widget.NewLabel(strings.Join(lines, "\n"))
	content := container.NewVBox(head, list)
	d := dialog.NewCustomConfirm(T("deadline.notice.title", "到期提醒"), T("deadline.notice.open", "查看时限监督"),
		T("deadline.notice.later", "稍后"), content, func(open bool) {
			if !open {
				return
			}
			if p, ok := sh.pages[ScreenDeadline].(*deadlinePage); ok {
				p.filters.setShow(supervision.ShowDueSoon)
			}
			sh.Show(ScreenDeadline)
		}, sh.env.Window)
	return d
}

// leftLabel says how a case stands against its due date, for the notice.
func leftLabel(r *supervision.Row) string {
	if r.Left < 0 {
		return T("deadline.notice.late", "超期{{.N}}个工作日", map[string]any{"N": -r.Left})
	}
	if r.Left == 0 {
		return T("deadline.notice.today", "今天到期")
	}
	return T("deadline.notice.left", "剩{{.N}}个工作日", map[string]any{"N": r.Left})
}
