package ui

import (
	"context"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// ratingPad is what the applicant sees to rate one stage of a case (好差评):
// five levels, a reason required for the two lowest, 提交评价. Once given,
// the rating is recorded (hall.ActRate) and the pad closes: nobody at the
// window can change it. 暂不评价 closes it with nothing recorded; the
// applicant can rate later by the receipt's QR code.
type ratingPad struct {
	env     *Env
	caseID  string
	stage   hall.RatingStage
	level   hall.RatingLevel
	levels  map[hall.RatingLevel]*widget.Button
	reason  *widget.Entry
	msg     *wrap.Label
	submit  *widget.Button
	later   *widget.Button
	content fyne.CanvasObject
	close   func()
	done    func(hall.Rating) // after the rating committed
	window  fyne.Window       // the applicant's window, when there is one
}

// AskRating opens the rating of stage for the case: in the applicant's
// window when the hall has a second screen (设置: 评价屏), else as a dialog
// the clerk turns round. done, if given, runs after a rating committed.
// The window calls it after 受理; the 出件 screen calls it with
// hall.StageDeliver after the handover. A case of a bundle (一件事) asks
// once for every case the rating counts for (hall.RatingCovers: the
// bundle's 受理), and the pad names the bundle.
func (e *Env) AskRating(c *hall.Case, stage hall.RatingStage, done func(hall.Rating)) {
	if c == nil || e.Cases == nil {
		return
	}
	if _, rated := c.Rated(stage); rated {
		return
	}
	type asked struct {
		second string
		covers []*hall.Case
	}
	Go(e, func(ctx context.Context) (asked, error) {
		var a asked
		var bundle []*hall.Case
		var err error
		if c.Bundle != nil && stage == hall.StageAccept {
			if bundle, err = e.Cases.BundleCases(ctx, c.ID); err != nil {
				return a, err
			}
		}
		cur := c
		for _, k := range bundle {
			if k.ID == c.ID { // as stored now: rated since c was read, it asks nothing
				cur = k
			}
		}
		if cur.Rateable(stage) {
			a.covers = hall.RatingCovers(cur, bundle, stage)
		}
		if e.Settings != nil {
			a.second, err = e.Settings.Setting(ctx, hall.SettingRatingWindow)
		}
		return a, err
	}, func(a asked) {
		if len(a.covers) == 0 {
			return
		}
		p := newRatingPad(e, c, a.covers, stage, done)
		e.rating = p
		if a.second == "1" && fyne.CurrentApp() != nil {
			p.showInWindow()
			return
		}
		p.showInDialog()
	})
}

func newRatingPad(e *Env, c *hall.Case, covers []*hall.Case, stage hall.RatingStage, done func(hall.Rating)) *ratingPad {
	p := &ratingPad{env: e, caseID: c.ID, stage: stage, levels: map[hall.RatingLevel]*widget.Button{},
		reason: widget.NewMultiLineEntry(), msg: wrap.NewLabel(""), done: done}
	p.reason.SetPlaceHolder(T("rating.reason.hint", "选择“不满意”或“非常不满意”时请写明原因（500字以内）"))
	p.reason.Wrapping = fyne.TextWrapWord
	p.reason.SetMinRowsVisible(3)
	title := widget.NewLabelWithStyle(T("rating.title", "请您对本次{{.Stage}}服务进行评价", map[string]any{"Stage": string(stage)}),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	facts := wrap.NewLabel(ratingFacts(c, covers))
	row := container.NewGridWithColumns(5)
	for i, l := range hall.RatingLevels() {
		l := l
		b := widget.NewButton(string(rune('1'+i))+" "+string(l), func() { p.choose(l) })
		p.levels[l] = b
		row.Add(b)
	}
	p.submit = widget.NewButtonWithIcon(T("rating.submit", "提交评价"), theme.ConfirmIcon(), p.send)
	p.submit.Importance = widget.HighImportance
	p.submit.Disable()
	p.later = widget.NewButton(T("rating.later", "暂不评价（可扫回执二维码评价）"), func() { p.close() })
	note := wrap.NewLabel(T("rating.note", "一次一评：评价提交后不能更改。按数字键 1–5 选择，Enter 提交。"))
	p.content = container.NewVBox(title, facts, widget.NewSeparator(), row, p.reason, p.msg,
		container.NewHBox(p.later, layout.NewSpacer(), p.submit), note)
	return p
}

// ratingFacts says what the pad rates: one case by its number, or a
// bundle's cases by the bundle's name, how many and which items, since the
// applicant came for one thing.
func ratingFacts(c *hall.Case, covers []*hall.Case) string {
	clerk := orDash(c.Clerk)
	if len(covers) < 2 {
		facts := T("rating.facts", "办件编号 {{.No}} · {{.Item}} · 窗口人员 {{.Clerk}}",
			map[string]any{"No": c.No, "Item": c.ItemName, "Clerk": clerk})
		if b := c.Bundle; b != nil {
			facts += T("rating.facts.part", "（{{.Bundle}} 第 {{.Part}} 件，共 {{.Of}} 件）",
				map[string]any{"Bundle": b.Name, "Part": b.Part, "Of": b.Of})
		}
		return facts
	}
	b := c.Bundle
	what := T("rating.bundle.all", "{{.Bundle}}（{{.N}} 件）", map[string]any{"Bundle": b.Name, "N": len(covers)})
	if len(covers) < b.Of {
		what = T("rating.bundle.some", "{{.Bundle}}（{{.N}} 件，共 {{.Of}} 件）",
			map[string]any{"Bundle": b.Name, "N": len(covers), "Of": b.Of})
	}
	items := make([]string, len(covers))
	for i, k := range covers {
		items[i] = k.ItemName
	}
	return T("rating.facts.bundle", "「{{.What}}」 · 窗口人员 {{.Clerk}}", map[string]any{"What": what, "Clerk": clerk}) + "\n" +
		T("rating.facts.covers", "一次评价，计入以下每个办件：{{.Items}}", map[string]any{"Items": strings.Join(items, "、")})
}

// CloseRating closes the rating pad on show as 暂不评价 does, recording
// nothing (for --screenshots: what the pad covered).
func CloseRating(sh *Shell) {
	if p := sh.env.rating; p != nil && p.close != nil {
		p.close()
	}
}

// choose marks level l as the applicant's choice.
func (p *ratingPad) choose(l hall.RatingLevel) {
	p.level = l
	for x, b := range p.levels {
		if x == l {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	p.submit.Enable()
	if l.Bad() {
		p.msg.Importance = widget.WarningImportance
		p.msg.SetText(T("rating.reason.needed", "请写明“{{.Level}}”的原因，以便我们改进。", map[string]any{"Level": string(l)}))
	} else {
		p.msg.SetText("")
	}
}

// send records the rating; a wrong one is named and the pad stays.
func (p *ratingPad) send() {
	r := hall.Rating{Stage: p.stage, Level: p.level, Reason: strings.TrimSpace(p.reason.Text), Channel: hall.ChannelWindow}
	switch {
	case r.Level.Score() == 0:
		p.fail(T("rating.level.missing", "请先选择评价"))
		return
	case r.Level.Bad() && r.Reason == "":
		p.fail(T("rating.reason.missing", "评价为“{{.Level}}”时请填写原因", map[string]any{"Level": string(r.Level)}))
		return
	case utf8.RuneCountInString(r.Reason) > hall.MaxRatingReason:
		p.fail(T("rating.reason.long", "原因不能超过500个字"))
		return
	}
	p.submit.Disable()
	Go(p.env, func(ctx context.Context) (error, error) {
		_, err := p.env.Cases.Rate(ctx, p.caseID, r)
		return err, nil
	}, func(err error) {
		if err != nil {
			p.submit.Enable()
			p.fail(hall.ErrorMessage(err))
			return
		}
		p.close()
		p.env.Changed()
		if p.done != nil {
			p.done(r)
		}
	})
}

func (p *ratingPad) fail(msg string) {
	p.msg.Importance = widget.DangerImportance
	p.msg.SetText(msg)
}

// typed takes the keys 1–5 and Enter, for a pad on a keyboard.
func (p *ratingPad) typed(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		p.send()
	}
}

func (p *ratingPad) rune(r rune) {
	if r >= '1' && r <= '5' {
		p.choose(hall.RatingLevels()[r-'1'])
	}
}

// showInDialog puts the pad over the clerk's window, to be turned round.
func (p *ratingPad) showInDialog() {
	w := p.env.Window
	if w == nil {
		return
	}
	d := dialog.NewCustomWithoutButtons(T("rating.dialog", "好差评：请将屏幕转向申请人"), p.content, w)
	d.Resize(fyne.NewSize(760, 420))
	c := w.Canvas()
	prevRune, prevKey := c.OnTypedRune(), c.OnTypedKey()
	p.close = func() {
		c.SetOnTypedRune(prevRune)
		c.SetOnTypedKey(prevKey)
		d.Hide()
		if p.env.rating == p {
			p.env.rating = nil
		}
	}
	c.SetOnTypedRune(p.rune)
	c.SetOnTypedKey(p.typed)
	showBusy(w, d) // modal for the window's keys (focus.go); the applicant's answer closes it, not Esc
}

// showInWindow opens the pad in a window of its own, for the applicant's
// screen; the clerk's window stays as it is.
func (p *ratingPad) showInWindow() {
	w := fyne.CurrentApp().NewWindow(T("rating.window", "一窗 · 好差评"))
	w.SetContent(container.NewPadded(p.content))
	w.Resize(fyne.NewSize(900, 480))
	w.Canvas().SetOnTypedRune(p.rune)
	w.Canvas().SetOnTypedKey(p.typed)
	if dw, ok := w.(interface{ SetCloseIntercept(func()) }); ok {
		dw.SetCloseIntercept(func() { p.close() })
	}
	p.close = func() {
		w.Close()
		if p.env.rating == p {
			p.env.rating = nil
		}
	}
	p.window = w
	w.Show()
	w.RequestFocus()
}
