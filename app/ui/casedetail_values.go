package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/forms"
	"yichuang/hall"
)

// formLines shows the values kept with the case under the labels of the
// form version they were filled with.
func (d *caseDetail) formLines() fyne.CanvasObject {
	var v forms.Values
	_ = json.Unmarshal(d.c.Form, &v)
	form := widget.NewForm()
	for _, f := range d.schema.Fields {
		if val, ok := v[f.Key]; ok {
			form.Append(f.Label, wrapped(valueText(f, val)))
		}
	}
	if len(form.Items) == 0 {
		return widget.NewLabel(T("case.form.empty", "（无）"))
	}
	return form
}

// wrapped is a value that may run over several lines; a widget.Form keeps
// its labels whole, however long a material's name is.
func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return l
}

// valueText shows a kept value as the clerk reads it: IDs and phones
// masked, rows one per line.
func valueText(f forms.Field, v any) string {
	switch x := v.(type) {
	case string:
		if f.Type == forms.TypeIDNumber {
			return hall.MaskID(x)
		}
		if f.Type == forms.TypePhone {
			return hall.MaskPhone(x)
		}
		return x
	case []any:
		var parts []string
		for i, e := range x {
			if row, ok := e.(map[string]any); ok {
				var cells []string
				for _, sub := range f.Fields {
					if sv, ok := row[sub.Key]; ok {
						cells = append(cells, sub.Label+" "+valueText(sub, sv))
					}
				}
				parts = append(parts, T("case.form.row", "第{{.N}}行：", map[string]any{"N": i + 1})+strings.Join(cells, "，"))
			} else {
				parts = append(parts, fmt.Sprint(e))
			}
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprint(v)
}

func (d *caseDetail) materialLines() fyne.CanvasObject {
	out := widget.NewForm()
	for _, m := range d.c.Materials {
		var parts []string
		if m.Originals > 0 {
			parts = append(parts, T("materials.originals", "原件{{.N}}份", map[string]any{"N": m.Originals}))
		}
		if m.Copies > 0 {
			parts = append(parts, T("materials.copies", "复印件{{.N}}份", map[string]any{"N": m.Copies}))
		}
		for _, sum := range m.Files {
			name := sum[:min(12, len(sum))]
			if a, ok := d.files[sum]; ok {
				name = a.Name
			}
			parts = append(parts, T("case.scan", "扫描件")+" "+name)
		}
		if m.LicenceRef != "" {
			parts = append(parts, T("case.licence", "电子证照")+" "+m.LicenceRef)
		}
		if m.Deferred {
			parts = append(parts, T("case.deferred", "容缺后补，{{.Due}}前补交", map[string]any{"Due": m.DueDate}))
		}
		if len(parts) == 0 {
			parts = append(parts, T("case.notreceived", "未收"))
		}
		out.Append(m.Name, wrapped(strings.Join(parts, "；")))
	}
	return out
}

func stampText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return hall.HallTime(t).Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
