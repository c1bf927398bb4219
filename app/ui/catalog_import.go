package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// catalogImport is 设置 → 事项目录, for an admin: a province's list imported
// from a file, as `yichuang catalog import` does, for a hall that works
// without the platform or is piloting a new list.
type catalogImport struct{ env *Env }

func (c *catalogImport) Content() fyne.CanvasObject {
	hint := widget.NewLabel(T("catalogimport.hint", "从本省实施清单文件（.json、.csv或.xlsx；CSV文件可为GBK编码）导入事项目录。文件先整体校验，有任何问题都不导入，并指出是哪一行哪一列；已有事项按编码更新并保留历次变更。已注册到平台的窗口会自动同步目录，一般无需导入。"))
	hint.Wrapping = fyne.TextWrapWord
	return container.NewVBox(heading(T("catalogimport.title", "事项目录")), hint, container.NewHBox(
		widget.NewButtonWithIcon(T("catalogimport.do", "从文件导入…"), theme.UploadIcon(), c.open)))
}

// open asks for the file and whether it is the complete list, then imports
// it off the UI goroutine with a progress dialog: a province's 100,000
// items take seconds.
func (c *catalogImport) open() {
	e := c.env
	path := widget.NewEntry()
	path.SetPlaceHolder(T("catalogimport.file.hint", "选择或输入 .json、.csv、.xlsx 文件的路径"))
	full := widget.NewCheck(T("catalogimport.full", "这是完整清单：清单中没有的在用事项标记为“已取消”（不会删除）"), nil)
	var res hall.ImportResult
	formDialog(e, T("catalogimport.title.dialog", "导入事项目录"), T("catalogimport.ok", "开始导入"), []*widget.FormItem{
		widget.NewFormItem(T("catalogimport.file", "清单文件"), pathRow(e, path, false)),
		widget.NewFormItem("", full)}, func(ctx context.Context) error {
		if path.Text == "" {
			return hall.Errorf(hall.EInvalid, "请选择要导入的清单文件")
		}
		var wait dialog.Dialog
		fyne.DoAndWait(func() {
			wait = dialog.NewCustomWithoutButtons(T("catalogimport.running", "正在导入事项目录…"),
				widget.NewProgressBarInfinite(), e.Window)
			showBusy(e.Window, wait)
		})
		defer fyne.DoAndWait(wait.Hide)
		var err error
		res, err = e.CatalogFiles.ImportFile(ctx, path.Text, full.Checked)
		return err
	}, func() {
		what := T("catalogimport.changed", "事项目录已更新。")
		if res.Added+res.Updated+res.Withdrawn == 0 {
			what = T("catalogimport.same", "文件与目录一致，目录没有变化。")
		}
		showMessage(e.Window, T("catalogimport.done.title", "导入完成"), fmt.Sprintf(
			T("catalogimport.done", "新增 %d 项，更新 %d 项，未变 %d 项，取消 %d 项。"),
			res.Added, res.Updated, res.Unchanged, res.Withdrawn)+what)
	})
}
