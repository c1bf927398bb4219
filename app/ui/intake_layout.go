package ui

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/forms"
	"yichuang/hall"
)

// statusText says whether and when the draft was last saved.
func (p *intakePage) statusText(d *hall.Draft) string {
	if d.UpdatedAt.IsZero() {
		return T("intake.status.new", "新申请：开始填写后自动保存为草稿")
	}
	return T("intake.status.saved", "草稿已保存 {{.At}}", map[string]any{"At": hall.HallTime(d.UpdatedAt).Format("01-02 15:04:05")})
}

func (p *intakePage) layout(formErr error) fyne.CanvasObject {
	formTitle := T("intake.form", "申请表")
	if p.bundle != nil {
		// A merged form's version is its content's hash, no edition a clerk reads.
		formTitle += T("intake.form.bundle", "（{{.N}} 个事项合并：共用的栏目只填一次）", map[string]any{"N": len(p.bundle.Members)})
	} else if p.schema.Version > 0 {
		formTitle += T("intake.form.version", "（第{{.V}}版）", map[string]any{"V": p.schema.Version})
	}
	formBox := container.NewVBox(heading(formTitle))
	if formErr != nil {
		broken := wrap.NewLabel(T("intake.form.broken", "本事项的申请表定义有误（{{.Err}}），请联系管理员更新事项目录；申请人和材料仍可登记。",
			map[string]any{"Err": hall.ErrorMessage(formErr)}))
		broken.Importance = widget.WarningImportance
		formBox.Add(broken)
	}
	formBox.Add(p.form.Content())
	body := container.NewVBox()
	if p.bundle != nil {
		body.Add(p.bundleBox())
		body.Add(widget.NewSeparator())
	}
	body.Objects = append(body.Objects,
		heading(T("intake.applicant", "申请人")), p.applicant.Content(), widget.NewSeparator(),
		formBox, widget.NewSeparator(),
		heading(T("intake.materials", "材料核验")), p.materials.content(), widget.NewSeparator(),
		heading(T("intake.notes", "不予受理理由 / 补正说明")), p.notes.Content())
	p.scroll = container.NewVScroll(container.NewPadded(body))
	drafts := widget.NewButtonWithIcon(T("intake.drafts", "草稿箱"), theme.FolderOpenIcon(), p.showList)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(p.status, drafts, p.discard), p.title)
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), p.msg, p.buttons), nil, nil, p.scroll)
}

// focusApplicant puts the cursor where typing starts: the applicant's
// name (the kind is usually right as proposed).
func (p *intakePage) focusApplicant() {
	for _, k := range []string{"name", "org_name"} {
		if f := p.applicant.Field(k); f != nil && p.applicant.Shown(k) && p.env.Window != nil {
			p.env.Window.Canvas().Focus(f)
			return
		}
	}
	p.applicant.Focus()
}

// scrollTo brings a field that took the focus into view.
func (p *intakePage) scrollTo(o fyne.CanvasObject) {
	if p.scroll == nil || p.scroll.Content == nil || fyne.CurrentApp() == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(p.scroll.Content).Y
	top, h := p.scroll.Offset.Y, p.scroll.Size().Height
	switch {
	case y < top+20:
		p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, y-40)))
	case y+o.Size().Height > top+h-20:
		p.scroll.ScrollToOffset(fyne.NewPos(0, y+o.Size().Height-h+60))
	}
}

// notesSchema is the one long-text field for the refusal reason or the
// further items of a correction notice (one per line); which decision needs
// it is checked when the decision is made.
var notesSchema, _ = forms.Parse([]byte(`{"version":1,"fields":[{"key":"text","label":"不予受理理由或补正说明",` +
	`"type":"textarea","max_len":2000,"placeholder":"不予受理时填写理由；补正告知时可补充材料以外需要补正的内容，每行一项"}]}`))

// parseItemForm reads an item's form; an item without one gets an empty
// form, one whose form does not parse an empty form and the reason.
func parseItemForm(raw json.RawMessage) (*forms.Schema, error) {
	if len(raw) == 0 {
		return &forms.Schema{}, nil
	}
	s, err := forms.Parse(raw)
	if err != nil {
		return &forms.Schema{}, err
	}
	return s, nil
}

func decodeValues(raw json.RawMessage) forms.Values {
	v := forms.Values{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &v)
	}
	return v
}
