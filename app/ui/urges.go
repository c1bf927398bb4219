package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// urgeBanner tells the clerks of the desk that handles a case of a 督办 the
// moment the sync brings it (docs/adr/0020): a banner over every screen
// while one waits for its reply, and the list where they answer.
type urgeBanner struct {
	env  *Env
	text *wrap.Label
	box  *fyne.Container
	open []hall.Urge
	list *urgeList // the list while open, for tests
}

func newUrgeBanner(e *Env) *urgeBanner {
	b := &urgeBanner{env: e, text: wrap.NewLabel("")}
	b.text.Importance = widget.DangerImportance
	btn := widget.NewButtonWithIcon(T("urge.open", "查看并回复"), theme.MailReplyIcon(), b.showList)
	btn.Importance = widget.DangerImportance
	r, g, bl, _ := theme.Color(theme.ColorNameWarning).RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x40})
	b.box = container.NewStack(bg, container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), btn, b.text))
	b.box.Hide()
	return b
}

// service is the store's 督办 service, if the window has one.
func (b *urgeBanner) service() (hall.UrgeService, bool) {
	us, ok := b.env.Cases.(hall.UrgeService)
	return us, ok
}

// Refresh reads the unanswered 督办 and shows or hides the banner. A failed
// read is logged, not shown: the banner runs every few seconds.
func (b *urgeBanner) Refresh() {
	us, ok := b.service()
	if !ok {
		return
	}
	load := func(ctx context.Context) []hall.Urge {
		open, err := us.Urges(ctx, true, true)
		if err != nil && b.env.Log != nil {
			b.env.Log.Warn("urges unreadable", "err", err)
		}
		return open
	}
	if b.env.opts.Synchronous {
		b.set(load(b.env.Ctx()))
		return
	}
	go func() {
		open := load(b.env.Ctx())
		fyne.Do(func() { b.set(open) })
	}()
}

func (b *urgeBanner) set(open []hall.Urge) {
	b.open = open
	if len(open) == 0 {
		b.box.Hide()
		return
	}
	first := open[0]
	b.text.SetText(T("urge.banner", "督办：{{.By}} 督办办件 {{.No}}——“{{.Reason}}”，请于 {{.Day}} 前回复。共 {{.N}} 件督办待回复。",
		map[string]any{"By": first.By, "No": first.CaseNo, "Reason": first.Reason, "Day": first.ReplyBy, "N": len(open)}))
	b.box.Show()
}

// urgeList is the list of 督办 with a reply field for each.
type urgeList struct {
	replies map[string]*widget.Entry
	send    map[string]*widget.Button
	msg     *widget.Label
	d       dialog.Dialog
}

// showList opens the list of unanswered 督办.
func (b *urgeBanner) showList() {
	us, ok := b.service()
	if !ok {
		return
	}
	l := &urgeList{replies: map[string]*widget.Entry{}, send: map[string]*widget.Button{}, msg: widget.NewLabel("")}
	l.msg.Importance = widget.DangerImportance
	rows := container.NewVBox()
	for _, u := range b.open {
		u := u
		head := widget.NewLabelWithStyle(fmt.Sprintf("办件 %s　督办人 %s　%s 发出　回复期限 %s", u.CaseNo, u.By,
			hall.HallDay(u.At), u.ReplyBy), fyne.TextAlign(0), fyne.TextStyle{Bold: true})
		reason := wrap.NewLabel("督办事由：" + u.Reason)
		entry := widget.NewMultiLineEntry()
		entry.Wrapping = fyne.TextWrapWord
		entry.SetMinRowsVisible(2)
		entry.SetPlaceHolder(T("urge.reply.hint", "回复内容：已采取的措施、预计办结日期"))
		send := widget.NewButton(T("urge.reply.send", "回复"), nil)
		send.Importance = widget.HighImportance
		send.OnTapped = func() {
			text := strings.TrimSpace(entry.Text)
			if text == "" {
				l.msg.SetText(T("urge.reply.empty", "请填写办件 {{.No}} 的回复内容", map[string]any{"No": u.CaseNo}))
				return
			}
			Go(b.env, func(ctx context.Context) (struct{}, error) {
				return struct{}{}, us.ReplyUrge(ctx, u.ID, text)
			}, func(struct{}) {
				entry.Disable()
				send.SetText(T("urge.reply.done", "已回复"))
				send.Disable()
				l.msg.SetText("")
				b.Refresh()
			})
		}
		l.replies[u.ID], l.send[u.ID] = entry, send
		rows.Add(container.NewVBox(head, reason, container.NewBorder(nil, nil, nil, send, entry), widget.NewSeparator()))
	}
	content := container.NewBorder(nil, l.msg, nil, nil, container.NewVScroll(rows))
	d := dialog.NewCustom(T("urge.title", "督办待回复"), T("dialog.close", "关闭"), content, b.env.Window)
	d.Resize(fyne.NewSize(760, 520))
	l.d = d
	b.list = l
	showDialog(b.env.Window, d)
}

// urgeLine is a 督办 as the case's history shows it.
func urgeLine(u hall.Urge) string {
	line := fmt.Sprintf("%s  督办（%s）  %s；回复期限 %s", stampText(u.At), u.By, u.Reason, u.ReplyBy)
	if u.Answered() {
		line += fmt.Sprintf("\n%s  督办回复（%s）  %s", stampText(u.RepliedAt), u.RepliedBy, u.Reply)
	} else {
		line += "；尚未回复"
	}
	return line
}
