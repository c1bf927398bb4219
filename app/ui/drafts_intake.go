package ui

import (
	"context"
	"encoding/json"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/formview"
	"yichuang/hall"
	"yichuang/hall/calendar"
)

// changed runs after every change on the screen: the draft follows.
func (p *intakePage) changed() {
	if p.loading || p.saver == nil || p.view == nil {
		return
	}
	if p.msg.Text != "" && !p.busy {
		p.msg.SetText("") // the summary of the last attempt; the fields keep their own messages
	}
	if p.draft.CreatedAt.IsZero() {
		p.draft.CreatedAt = time.Now() // the first change makes the draft
	}
	p.saver.Changed(p.snapshot())
}

// snapshot is the draft as the screen shows it now, exactly as typed.
func (p *intakePage) snapshot() *hall.Draft {
	d := p.draft
	av := p.applicant.Values()
	d.Applicant, _ = json.Marshal(av)
	d.Form, _ = json.Marshal(p.form.Values())
	d.Materials = p.materials.value()
	d.Notes, _ = p.notes.Values()["text"].(string)
	d.Title = applicantTitle(av)
	d.Schema = p.schemaRaw
	return &d
}

// saved reports a save on the status line (from the saving goroutine).
// Tests skip it: their driver runs fyne.Do on the calling goroutine, which
// here would race the test's own typing.
func (p *intakePage) saved(d *hall.Draft, err error) {
	if p.env.opts.Synchronous {
		return
	}
	fyne.Do(func() {
		if d.ID != p.draft.ID {
			return
		}
		if err != nil {
			p.status.Importance = widget.DangerImportance
			p.status.SetText(T("intake.status.failed", "草稿未能保存：{{.Err}}", map[string]any{"Err": hall.ErrorMessage(err)}))
			return
		}
		p.status.Importance = widget.LowImportance
		p.status.SetText(p.statusText(d))
	})
}

// saveNow saves at once (Ctrl+S).
func (p *intakePage) saveNow() {
	if p.view == nil || p.saver == nil {
		return
	}
	p.saver.Changed(p.snapshot())
	if err := p.saver.Flush(); err != nil {
		p.env.ShowError(err)
	}
}

// confirmDiscard discards the open draft, only after the clerk says so.
func (p *intakePage) confirmDiscard() {
	if p.view == nil {
		return
	}
	confirmAction(p.env.Window, T("intake.discard.title", "丢弃草稿"),
		T("intake.discard.ask", "确定丢弃这份草稿吗？丢弃后它不再出现在草稿箱中。"),
		T("intake.discard.confirm", "丢弃草稿"), p.discardDraft)
}

func (p *intakePage) discardDraft() {
	id := p.draft.ID
	p.saver.Flush()
	p.saver.Drop()
	Go(p.env, func(ctx context.Context) (struct{}, error) {
		err := p.env.Drafts.DiscardDraft(ctx, id)
		if hall.ErrorCode(err) == hall.ENotFound {
			err = nil // never saved: nothing to discard
		}
		return struct{}{}, err
	}, func(struct{}) {
		p.view, p.item = nil, nil
		p.showList()
	})
}

// deferDue proposes the due date of a deferred material: five working
// days from today.
func (p *intakePage) deferDue() string {
	today := calendar.Today(p.env.Clock)
	if p.env.Calendar != nil {
		return p.env.Calendar.AddWorkdays(today, 5).String()
	}
	return today.AddDays(7).String()
}

// chooseScan lets the clerk pick a scan for material i.
func (p *intakePage) chooseScan(i int) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		p.attachScan(i, path)
	}, p.env.Window)
	// What scanners write; the content is checked again on attaching.
	d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf"}))
	showDialog(p.env.Window, d)
	d.Resize(fyne.NewSize(900, 600)) // only once shown: resizing a file dialog before crashes Fyne 2.8
}

// attachScan copies a scan into the data directory and lists it under
// material i; a refused file is named beside the material and in a
// dialog, and nothing else on the screen changes.
func (p *intakePage) attachScan(i int, path string) {
	type outcome struct {
		a   hall.Attachment
		err error
	}
	r := p.materials.rows[i]
	Go(p.env, func(ctx context.Context) (outcome, error) {
		a, err := p.env.Attachments.Attach(ctx, path)
		return outcome{a, err}, nil
	}, func(o outcome) {
		if o.err != nil {
			r.msg.SetText(hall.ErrorMessage(o.err))
			r.msg.Show()
			p.env.ShowError(o.err)
			return
		}
		r.files = append(r.files, o.a)
		p.materials.showFiles(r)
		p.materials.changed()
	})
}

var (
	shortcutSave   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutAccept = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPrint  = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
)

// addShortcuts binds save and accept on the window, for when no text
// field has the focus; formShortcuts binds them inside the forms.
func (p *intakePage) addShortcuts() {
	if p.env.Window == nil {
		return
	}
	c := p.env.Window.Canvas()
	c.AddShortcut(shortcutSave, func(fyne.Shortcut) { p.onScreen(p.saveNow) })
	c.AddShortcut(shortcutAccept, func(fyne.Shortcut) { p.onScreen(func() { p.decide(hall.ActAccept) }) })
	c.AddShortcut(shortcutPrint, func(fyne.Shortcut) { p.onScreen(p.printLast) })
	c.AddShortcut(shortcutScan, func(fyne.Shortcut) { p.onScreen(p.scans.attachNewest) })
}

func (p *intakePage) formShortcuts(f *formview.Form) {
	f.AddShortcut(shortcutSave, p.saveNow)
	f.AddShortcut(shortcutAccept, func() { p.decide(hall.ActAccept) })
	f.AddShortcut(shortcutScan, p.scans.attachNewest)
}

// onScreen runs fn only while the intake screen is the one shown.
func (p *intakePage) onScreen(fn func()) {
	if p.env.shell == nil || p.env.shell.Current() == ScreenIntake {
		fn()
	}
}
