package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

var auditColumns = []struct {
	title string
	width float32
	value func(hall.AuditEntry) string
}{
	{"序号", 60, func(e hall.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) }},
	{"时间", 160, func(e hall.AuditEntry) string { return e.At.Local().Format("2006-01-02 15:04:05") }},
	{"用户", 120, func(e hall.AuditEntry) string { return e.UserName }},
	{"操作", 110, func(e hall.AuditEntry) string { return string(e.Action) }},
	{"对象", 200, func(e hall.AuditEntry) string { return e.Object }},
	{"结果", 60, func(e hall.AuditEntry) string { return e.Outcome }},
	{"说明", 320, func(e hall.AuditEntry) string { return e.Detail }},
}

// showAuditLog shows the latest audit records (admin, supervisor).
func showAuditLog(e *Env) {
	Go(e, func(ctx context.Context) ([]hall.AuditEntry, error) {
		return e.Audit.ListAudit(ctx, hall.AuditFilter{Limit: 500})
	}, func(rows []hall.AuditEntry) {
		t := widget.NewTableWithHeaders(func() (int, int) { return len(rows), len(auditColumns) },
			func() fyne.CanvasObject {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				return l
			},
			func(id widget.TableCellID, o fyne.CanvasObject) {
				o.(*widget.Label).SetText(auditColumns[id.Col].value(rows[id.Row]))
			})
		t.ShowHeaderColumn = false
		t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < 0 && id.Col >= 0 {
				o.(*widget.Label).SetText(auditColumns[id.Col].title)
			}
		}
		for i, c := range auditColumns {
			t.SetColumnWidth(i, c.width)
		}
		d := dialog.NewCustom(T("audit.title", "审计日志")+T("audit.latest", "（最近 500 条；完整校验请运行 yichuang verify）"),
			T("dialog.close", "关闭"), t, e.Window)
		d.Resize(fyne.NewSize(1100, 640))
		showDialog(e.Window, d)
	})
}
