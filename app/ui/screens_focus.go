package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Where each screen's typing starts (focus.go gives it the focus after a
// login, a screen switch and a dialog).

// FirstField of 受理: the applicant's name once a form is open, 打印 once
// a decision is made (Enter prints), nothing in the draft box (the list
// takes the keys when clicked).
func (p *intakePage) FirstField() fyne.Focusable {
	if len(p.stack.Objects) == 0 {
		return nil
	}
	shown := p.stack.Objects[0]
	if p.view != nil && shown == p.view && p.applicant != nil {
		for _, k := range []string{"name", "org_name"} {
			if f := p.applicant.Field(k); f != nil && p.applicant.Shown(k) {
				return f
			}
		}
	}
	if p.printBtn != nil && shown == p.result && !p.printBtn.Disabled() {
		return p.printBtn
	}
	return nil
}

// reveal scrolls 受理's form to o if o is one of the materials' ticks,
// entries and buttons (the form's own fields scroll it themselves; the
// buttons below the form are always in view).
func (p *intakePage) reveal(o fyne.CanvasObject) {
	if p.materials == nil || p.view == nil || p.stack.Objects[0] != p.view {
		return
	}
	v := p.materials
	mine := o == fyne.CanvasObject(v.all)
	for _, r := range v.rows {
		for _, x := range []fyne.CanvasObject{r.originals, r.copies, r.deferred, r.due, r.licence, r.attach} {
			mine = mine || o == x
		}
	}
	if mine {
		p.scrollTo(o)
	}
}

// FirstField of 办件: the list; ↑ ↓ move, Enter opens the case.
func (p *casesPage) FirstField() fyne.Focusable { return p.table }

// FirstField of 时限监督: the first filter.
func (p *deadlinePage) FirstField() fyne.Focusable {
	if p.filters == nil {
		return nil
	}
	return p.filters.show
}

// FirstField of 同步: 立即同步.
func (p *syncPage) FirstField() fyne.Focusable { return p.now }

// FirstField of 设置: the first setting.
func (p *settingsPage) FirstField() fyne.Focusable {
	if len(settingFields) == 0 {
		return nil
	}
	if e := p.entries[settingFields[0].key]; e != nil {
		return e
	}
	return nil
}

// keyTable is a table Enter opens a row of, as Space does (Fyne's table
// takes only Space).
type keyTable struct{ widget.Table }

func newKeyTableWithHeaders(length func() (int, int), create func() fyne.CanvasObject,
	update func(widget.TableCellID, fyne.CanvasObject)) *keyTable {
	t := &keyTable{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow, t.ShowHeaderColumn = true, true
	t.ExtendBaseWidget(t)
	return t
}

func (t *keyTable) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		k = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	t.Table.TypedKey(k)
}
