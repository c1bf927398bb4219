package ui

import (
	"fmt"
	"strings"
	"yichuang/app/wrap"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// materialsView is the checklist of the item's materials: originals
// inspected and copies received, 容缺后补 with its due date, scans
// attached from disk and an electronic-licence reference.
type materialsView struct {
	page  *intakePage
	want  []hall.Material
	rows  []*materialRow
	box   *fyne.Container
	all   *widget.Button
	gaps  *wrap.Label
	today func() string
}

type materialRow struct {
	m         hall.Material
	originals *widget.Check
	copies    *widget.Check
	deferred  *widget.Check
	due       *widget.Entry
	dueBox    *fyne.Container
	licence   *widget.Entry
	attach    *widget.Button
	files     []hall.Attachment
	fileBox   *fyne.Container
	msg       *wrap.Label
}

func newMaterialsView(p *intakePage, want []hall.Material, got []hall.CaseMaterial) *materialsView {
	v := &materialsView{page: p, want: want, box: container.NewVBox(), gaps: wrap.NewLabel("")}
	v.all = widget.NewButton(T("intake.materials.all", "原件复印件全部收齐"), v.receiveAll)
	byName := map[string]hall.CaseMaterial{}
	for _, g := range got {
		byName[g.Name] = g
	}
	for i, m := range want {
		r := v.newRow(i, m, byName[m.Name])
		v.rows = append(v.rows, r)
	}
	if len(want) == 0 {
		v.box.Add(widget.NewLabel(T("intake.materials.none", "本事项无需提交材料。")))
	}
	return v
}

func (v *materialsView) newRow(i int, m hall.Material, g hall.CaseMaterial) *materialRow {
	r := &materialRow{m: m, fileBox: container.NewVBox(), msg: wrap.NewLabel("")}
	r.msg.Importance = widget.DangerImportance
	r.msg.Hide()
	changed := func(bool) { v.changed() }
	r.originals = widget.NewCheck(T("intake.materials.originals", "原件已核验（{{.N}}份）", map[string]any{"N": m.Originals}), changed)
	r.originals.Checked = g.Originals > 0
	r.copies = widget.NewCheck(T("intake.materials.copies", "复印件已收（{{.N}}份）", map[string]any{"N": m.Copies}), changed)
	r.copies.Checked = g.Copies > 0
	r.due = widget.NewEntry()
	r.due.SetPlaceHolder(T("intake.materials.due", "补交期限 YYYY-MM-DD"))
	r.due.SetText(g.DueDate)
	r.due.OnChanged = func(string) { v.changed() }
	r.deferred = widget.NewCheck(T("intake.materials.defer", "容缺后补"), func(on bool) {
		if on && r.due.Text == "" {
			r.due.SetText(v.page.deferDue())
		}
		v.showDue(r)
		v.changed()
	})
	r.deferred.Checked = g.Deferred
	r.licence = widget.NewEntry()
	r.licence.SetPlaceHolder(T("intake.materials.licence", "电子证照编号（以电子证照代替时填写）"))
	r.licence.SetText(g.LicenceRef)
	r.licence.OnChanged = func(string) { v.changed() }
	r.attach = widget.NewButton(T("intake.materials.attach", "附加扫描件…"), func() { v.page.chooseScan(i) })
	for _, sum := range g.Files {
		r.files = append(r.files, hall.Attachment{SHA256: sum, Name: sum[:min(12, len(sum))]})
	}
	head := wrap.NewLabelWithStyle(fmt.Sprintf("%d. %s【%s】", i+1, m.Name, m.Necessity), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: m.Necessity != hall.Optional})
	need := wrap.NewLabel(need(m))
	checks := container.NewHBox()
	if m.Originals > 0 {
		checks.Add(r.originals)
	}
	if m.Copies > 0 {
		checks.Add(r.copies)
	}
	if m.Necessity == hall.Deferrable {
		r.dueBox = container.NewGridWrap(fyne.NewSize(230, 36), r.due)
		checks.Add(r.deferred)
		checks.Add(r.dueBox)
	}
	checks.Add(r.attach)
	extra := []fyne.CanvasObject{head, need, checks}
	if m.Source == "政府部门核发" {
		extra = append(extra, container.NewBorder(nil, nil,
			widget.NewLabel(T("intake.materials.licence.label", "电子证照")), nil, r.licence))
	}
	extra = append(extra, r.fileBox, r.msg, widget.NewSeparator())
	v.box.Add(container.NewVBox(extra...))
	v.showDue(r)
	v.showFiles(r)
	return r
}

func need(m hall.Material) string {
	var parts []string
	if m.Originals > 0 {
		parts = append(parts, T("materials.originals", "原件{{.N}}份", map[string]any{"N": m.Originals}))
	}
	if m.Copies > 0 {
		parts = append(parts, T("materials.copies", "复印件{{.N}}份", map[string]any{"N": m.Copies}))
	}
	s := T("intake.materials.need", "应交：") + strings.Join(parts, "、")
	if m.Medium != "" {
		s += "；" + m.Medium
	}
	if m.Notes != "" {
		s += "。" + m.Notes
	}
	return s
}

// showDue shows the due date only for a material being deferred.
func (v *materialsView) showDue(r *materialRow) {
	if r.dueBox == nil {
		return
	}
	if r.deferred.Checked {
		r.dueBox.Show()
	} else {
		r.dueBox.Hide()
	}
}

func (v *materialsView) showFiles(r *materialRow) {
	r.fileBox.Objects = nil
	for i, a := range r.files {
		i := i
		label := widget.NewLabel(T("intake.materials.scan", "扫描件：") + a.Name + sizeText(a.Size))
		remove := widget.NewButton(T("intake.materials.unattach", "移除"), func() {
			r.files = append(r.files[:i], r.files[i+1:]...)
			v.showFiles(r)
			v.changed()
		})
		remove.Importance = widget.LowImportance
		r.fileBox.Add(container.NewHBox(label, remove))
	}
	r.fileBox.Refresh()
}

func sizeText(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1<<20:
		return fmt.Sprintf("（%d KB）", (n+1023)/1024)
	}
	return fmt.Sprintf("（%.1f MB）", float64(n)/(1<<20))
}

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
