package formview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/forms"
)

// problemsNow checks the values as the case would keep them.
func (f *Form) problemsNow() []forms.FieldError {
	return f.schema.Validate(f.schema.Normalize(f.Values()), f.Today())
}

// blocking reports whether a problem stops a submit: every error, and a
// warning the clerk has not confirmed for the value now in the field.
func (f *Form) blocking(p forms.FieldError) bool {
	if !p.Warning {
		return true
	}
	v, ok := f.confirmed[p.Path]
	return !ok || v != f.valueAt(p.Path)
}

// show puts each problem beside its field: for fields the clerk has left,
// or all of them after a submit attempt. A field with no problem shows
// nothing.
func (f *Form) show() {
	f.problems = map[string]forms.FieldError{}
	for _, p := range f.problemsNow() {
		if f.all || f.touched[p.Path] {
			f.problems[p.Path] = p
		}
	}
	for path, fv := range f.views {
		p, ok := f.problems[path]
		switch {
		case !ok:
			fv.msg.Hide()
			fv.confirm.Hide()
			continue
		case p.Warning && !f.blocking(p):
			fv.msg.Importance = widget.LowImportance
			fv.confirm.Show()
		case p.Warning:
			fv.msg.Importance = widget.WarningImportance
			fv.confirm.Show()
		default:
			fv.msg.Importance = widget.DangerImportance
			fv.confirm.Hide()
		}
		if fv.confirm.Visible() && fv.confirm.Checked != !f.blocking(p) {
			fv.confirm.Checked = !f.blocking(p)
			fv.confirm.Refresh()
		}
		fv.msg.SetText(p.Message)
		fv.msg.Show()
	}
}

// Check shows every problem and returns those that stop a submit, in
// field order (the first is the field to fix first).
func (f *Form) Check() []forms.FieldError {
	f.all = true
	f.show()
	var out []forms.FieldError
	for _, p := range f.problemsNow() {
		if f.blocking(p) {
			out = append(out, p)
		}
	}
	return out
}

// FocusFirst gives the focus to the field of the first problem (for a
// warning, its confirmation) and reports whether there was one.
func (f *Form) FocusFirst(problems []forms.FieldError) bool {
	for _, p := range problems {
		fv := f.views[p.Path]
		if fv == nil {
			continue
		}
		var target fyne.Focusable
		if fs := fv.ctl.focusables(); len(fs) > 0 {
			target = fs[0]
		}
		if rv, ok := fv.ctl.(*rowsView); ok {
			target = rv.add
		}
		if target != nil {
			f.focus(target)
			f.gained(target.(fyne.CanvasObject))
			return true
		}
	}
	return false
}

// Message is the problem shown beside the field at path, "" when none
// (for tests and the screens' summaries).
func (f *Form) Message(path string) string {
	if fv := f.views[path]; fv != nil && fv.msg.Visible() {
		return fv.msg.Text
	}
	return ""
}
