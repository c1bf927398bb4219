package ui

import (
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/formview"
	"yichuang/app/wrap"
	"yichuang/hall"
)

// openCorrectForm corrects the application form of a case received (收件
// only) before 受理: the item's form as filled, with the same checks as at
// intake, one transaction (hall.CorrectForm) with its event, outbox entry
// and audit record. Personal values show masked as everywhere on 办件; one
// left as shown keeps its stored value (hall.CorrectForm), and is not
// checked again (it passed at intake).
func (v *caseView) openCorrectForm() {
	f := v.newForm(T("counter.form.title", "更正申请表 {{.No}}", map[string]any{"No": v.d.c.No}))
	shown := v.d.c.Form
	before := decodeValues(shown)
	fv := formview.New(v.d.schema, decodeValues(shown))
	f.formView = fv
	note := f.entry("note", T("counter.form.note.hint", "更正了什么、为什么（可不填，记入办理记录）"), false)
	scroll := container.NewVScroll(fv.Content())
	scroll.SetMinSize(fyne.NewSize(580, 360))
	hint := wrap.NewLabel(T("counter.form.masked", "带 * 的个人信息已遮蔽：不改动的保持原值（即使提示格式不符），要更改请整项重新填写。"))
	hint.Importance = widget.LowImportance
	body := container.NewBorder(hint, widget.NewForm(widget.NewFormItem(T("counter.form.note", "更正说明"), note)), nil, nil, scroll)
	f.show(body, T("counter.form.ok", "保存更正"), func() (build, error) {
		edited := fv.Values()
		for _, p := range fv.Check() {
			if key := topKey(p.Path); sameValue(edited[key], before[key]) {
				continue // as stored, masked or not: checked at intake
			}
			return nil, hall.Errorf(hall.EInvalid, "“%s”：%s", p.Label, p.Message)
		}
		b, err := json.Marshal(edited)
		if err != nil {
			return nil, err
		}
		text := note.Text
		return steps(func(hall.HallInfo) hall.Transition { return hall.CorrectForm(shown, b, text) }), nil
	})
}

// topKey is the form's top-level field a problem's path names.
func topKey(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

func sameValue(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
