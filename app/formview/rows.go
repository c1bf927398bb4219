package formview

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/forms"
)

// rowsView is a repeating group (family members …): one level of
// sub-fields per row, a button to add a row and one to remove each.
type rowsView struct {
	fv     *fieldView
	levels []*level
	list   *fyne.Container
	add    *widget.Button
	box    *fyne.Container
}

func newRowsView(fv *fieldView, v any) *rowsView {
	r := &rowsView{fv: fv, list: container.NewVBox()}
	r.add = widget.NewButtonWithIcon(Text.AddRow, theme.ContentAddIcon(), r.addRow)
	for _, row := range rowsOf(v) {
		r.appendRow(row)
	}
	r.box = container.NewVBox(r.list, container.NewHBox(r.add))
	r.updateAdd()
	return r
}

func rowsOf(v any) []map[string]any {
	switch x := v.(type) {
	case []map[string]any:
		return x
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

func (r *rowsView) prefix(i int) string { return fmt.Sprintf("%s[%d].", r.fv.path, i) }

func (r *rowsView) appendRow(v map[string]any) *level {
	f, i := r.fv.form, len(r.levels)
	lv := newLevel(f, r.fv.def.Fields, r.prefix(i), v)
	remove := widget.NewButtonWithIcon(Text.RemoveRow, theme.DeleteIcon(), func() { r.removeRow(i) })
	remove.Importance = widget.LowImportance
	head := container.NewHBox(widget.NewLabelWithStyle(fmt.Sprintf(Text.Row, i+1), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), remove)
	r.levels = append(r.levels, lv)
	r.list.Add(container.NewPadded(container.NewVBox(append([]fyne.CanvasObject{head, widget.NewSeparator()}, lv.objects()...)...)))
	return lv
}

func (r *rowsView) addRow() {
	lv := r.appendRow(nil)
	lv.refreshShown()
	r.updateAdd()
	r.fv.form.changed(r.fv.path)
	if fs := lv.focusables(); len(fs) > 0 {
		r.fv.form.focus(fs[0])
	}
}

// removeRow drops row i and renumbers the rest, keeping what was typed in
// them.
func (r *rowsView) removeRow(i int) {
	f := r.fv.form
	rows := r.rows()
	if i < 0 || i >= len(rows) {
		return
	}
	rows = append(rows[:i], rows[i+1:]...)
	for p := range f.views {
		if strings.HasPrefix(p, r.fv.path+"[") {
			delete(f.views, p)
			delete(f.touched, p)
			delete(f.confirmed, p)
		}
	}
	r.levels, r.list.Objects = nil, nil
	for _, row := range rows {
		r.appendRow(row).refreshShown()
	}
	r.list.Refresh()
	r.updateAdd()
	f.changed(r.fv.path)
}

func (r *rowsView) updateAdd() {
	limit := r.fv.def.MaxRows
	if limit <= 0 {
		limit = forms.DefaultMaxRows
	}
	if len(r.levels) >= limit {
		r.add.Disable()
	} else {
		r.add.Enable()
	}
}

func (r *rowsView) rows() []map[string]any {
	out := make([]map[string]any, len(r.levels))
	for i, lv := range r.levels {
		out[i] = lv.values()
	}
	return out
}

func (r *rowsView) value() any {
	if len(r.levels) == 0 {
		return nil
	}
	return r.rows()
}

func (r *rowsView) object() fyne.CanvasObject { return r.box }

func (r *rowsView) focusables() []fyne.Focusable {
	var out []fyne.Focusable
	for _, lv := range r.levels {
		out = append(out, lv.focusables()...)
	}
	return append(out, r.add)
}
