package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// revealField is a detail line with a masked personal value and, for a
// role that may, a 显示 button that shows it in full: the service writes
// the audit record before it answers, so every reveal is recorded.
func revealField(e *Env, caseID, name, label, masked string) fyne.CanvasObject {
	row := field(label, masked)
	u := (*hall.User)(nil)
	if e.Accounts != nil {
		u = e.Accounts.Current()
	}
	if e.Privacy == nil || masked == "" || u == nil || !u.Role.Can(hall.PermRevealPerson) {
		return row
	}
	var btn *widget.Button
	btn = widget.NewButtonWithIcon(T("reveal.show", "显示"), theme.VisibilityIcon(), func() {
		Go(e, func(ctx context.Context) (string, error) { return e.Privacy.Reveal(ctx, caseID, name) }, func(v string) {
			if l := valueLabel(row); l != nil {
				l.SetText(v)
			}
			btn.Disable()
		})
	})
	btn.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, btn, row)
}

// valueLabel is the value of a field line (widgets.go's field).
func valueLabel(row fyne.CanvasObject) *widget.Label {
	c, ok := row.(*fyne.Container)
	if !ok {
		return nil
	}
	for _, o := range c.Objects {
		if l, ok := o.(*widget.Label); ok && l.Selectable {
			return l
		}
	}
	return nil
}
