package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var auditColumns = []struct {
	title string
	width float32
	value func(hall.AuditEntry) string
}{
	{"序号", 60, func(e hall.AuditEntry) string { return strconv.FormatInt(e.Seq, 10) }},
	{"时间", 160, func(e hall.AuditEntry) string { return hall.HallTime(e.At).Format("2006-01-02 15:04:05") }},
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
