package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// receiveAll ticks every original and copy of the materials not deferred:
// the usual case, one key press instead of a dozen.
func (v *materialsView) receiveAll() {
	for _, r := range v.rows {
		if !r.deferred.Checked {
			r.originals.SetChecked(r.m.Originals > 0)
			r.copies.SetChecked(r.m.Copies > 0)
		}
	}
	v.changed()
}

func (v *materialsView) changed() {
	v.showGaps()
	v.page.changed()
}

// value is what the window recorded for every material.
func (v *materialsView) value() []hall.CaseMaterial {
	out := make([]hall.CaseMaterial, 0, len(v.rows))
	for _, r := range v.rows {
		cm := hall.CaseMaterial{Name: r.m.Name, Necessity: r.m.Necessity,
			LicenceRef: strings.TrimSpace(r.licence.Text)}
		if r.originals.Checked {
			cm.Originals = r.m.Originals
		}
		if r.copies.Checked {
			cm.Copies = r.m.Copies
		}
		if r.deferred.Checked {
			cm.Deferred, cm.DueDate = true, strings.TrimSpace(r.due.Text)
		}
		for _, a := range r.files {
			cm.Files = append(cm.Files, a.SHA256)
		}
		out = append(out, cm)
	}
	return out
}

// showGaps puts each material's gap beside it and sums them up.
func (v *materialsView) showGaps() []hall.Gap {
	gaps := hall.MaterialGaps(v.want, v.value(), v.today())
	byName := map[string]string{}
	for _, g := range gaps {
		byName[g.Material] = g.Problem
	}
	for _, r := range v.rows {
		if p := byName[r.m.Name]; p != "" {
			r.msg.SetText(p)
			r.msg.Show()
		} else {
			r.msg.Hide()
		}
	}
	if len(gaps) == 0 {
		v.gaps.Importance = widget.SuccessImportance
		v.gaps.SetText(T("intake.materials.complete", "材料齐全，可以受理。"))
	} else {
		v.gaps.Importance = widget.WarningImportance
		v.gaps.SetText(T("intake.materials.gaps", "还差 {{.N}} 项材料：不能受理，可出具一次性告知书。", map[string]any{"N": len(gaps)}))
	}
	return gaps
}

func (v *materialsView) content() fyne.CanvasObject {
	return container.NewVBox(v.page.scans.box, container.NewHBox(v.all), v.box, v.gaps) // 高拍仪 (intake_scans.go)
}
