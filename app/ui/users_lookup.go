package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// idLookupButton finds an applicant's cases by ID number or credit code.
// The number is not stored anywhere in clear: the store compares keyed
// hashes, and the search is audited (the audit record shows it masked).
func idLookupButton(e *Env) fyne.CanvasObject {
	if e.Privacy == nil {
		return container.NewHBox()
	}
	return widget.NewButtonWithIcon(T("lookup.open", "按证件号查询"), theme.SearchIcon(), func() {
		id := widget.NewEntry()
		id.SetPlaceHolder(T("lookup.hint", "公民身份号码或统一社会信用代码"))
		formDialog(e, T("lookup.open", "按证件号查询"), T("lookup.ok", "查询"),
			[]*widget.FormItem{widget.NewFormItem(T("lookup.id", "证件号码"), id)}, func(ctx context.Context) error {
				cases, err := e.Privacy.FindByIDNumber(ctx, id.Text)
				if err == nil {
					fyne.Do(func() { showLookup(e, cases) })
				}
				return err
			}, nil)
	})
}

func showLookup(e *Env, cases []hall.CaseSummary) {
	if len(cases) == 0 {
		showMessage(e.Window, T("lookup.open", "按证件号查询"), T("lookup.none", "没有该证件号码的办件。"))
		return
	}
	var lines []fyne.CanvasObject
	for _, c := range cases {
		c := c
		text := fmt.Sprintf("%s　%s　%s　%s", c.No, c.ItemName, c.ApplicantName, c.State)
		lines = append(lines, widget.NewButton(strings.TrimSpace(text), func() { showCaseDetail(e, c.ID) }))
	}
	d := dialog.NewCustom(T("lookup.found", "找到 {{.N}} 件", map[string]any{"N": len(cases)}), T("dialog.close", "关闭"),
		container.NewVScroll(container.NewVBox(lines...)), e.Window)
	d.Resize(fyne.NewSize(720, 420))
	showDialog(e.Window, d)
}
