package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// resultView tells the clerk what was decided, with the case number, and
// offers the notice for printing (Ctrl+P) and the next application.
func (p *intakePage) resultView(res *intakeResult) fyne.CanvasObject {
	c := res.Case
	head := map[hall.State]string{
		hall.StateAccepted:   T("intake.done.accepted", "已受理"),
		hall.StateRefused:    T("intake.done.refused", "已决定不予受理"),
		hall.StateCorrection: T("intake.done.correction", "已一次性告知补正，等待申请人补齐材料"),
		hall.StateReceived:   T("intake.done.received", "已收件，待作出受理决定（在“办件”中打开本件办理）"),
	}[c.State]
	title := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	rows := []fyne.CanvasObject{title}
	if len(res.Cases) > 0 && c.Bundle != nil {
		rows = append(rows, bundleRows(res)...)
	} else {
		rows = append(rows, field(T("intake.done.no", "办件编号"), c.No),
			field(T("intake.done.item", "事项"), c.ItemName))
	}
	rows = append(rows, field(T("intake.done.applicant", "申请人"), c.Applicant.Name+"（"+hall.MaskID(c.Applicant.IDNumber)+"）"))
	if c.State == hall.StateAccepted && len(res.Cases) == 0 {
		promise := c.PromiseDue
		if p.item != nil && p.item.PromiseLimit.Instant() {
			promise = T("intake.done.instant", "即办件，当场办结")
		}
		rows = append(rows, field(T("intake.done.promise", "承诺办结日期"), promise))
	}
	if reason := resultReason(res); reason != "" {
		rows = append(rows, field(T("intake.done.reason", "说明"), reason))
	}
	doc := T("intake.done.doc", "{{.Kind}}已生成：{{.Path}}", map[string]any{"Kind": string(res.Notice.Kind), "Path": res.PDF})
	if res.Err != nil {
		doc = T("intake.done.doc.failed", "{{.Kind}}未能生成：{{.Err}}。办件已登记，可在“办件”中重新打印。",
			map[string]any{"Kind": string(res.Notice.Kind), "Err": hall.ErrorMessage(res.Err)})
	}
	docLabel := wrap.NewLabel(doc)
	rows = append(rows, docLabel)
	print := newKeyButton(T("intake.print", "打印{{.Kind}} Ctrl+P", map[string]any{"Kind": string(res.Notice.Kind)}),
		theme.DocumentPrintIcon(), p.printLast, nil)
	p.printBtn = print
	print.Importance = widget.HighImportance
	if res.PDF == "" {
		print.Disable()
	}
	code := c.ItemCode
	if c.Bundle != nil {
		code = c.Bundle.Code
	}
	again := widget.NewButtonWithIcon(T("intake.again", "继续受理本事项"), theme.ContentAddIcon(), func() {
		p.want = intakeRequest{code: code}
		p.Refresh()
	})
	catalog := widget.NewButtonWithIcon(T("intake.goto.catalog", "打开事项目录"), theme.SearchIcon(), p.gotoCatalog)
	detail := widget.NewButtonWithIcon(T("intake.done.case", "查看办件"), theme.InfoIcon(), func() {
		showCaseDetail(p.env, c.ID)
	})
	drafts := widget.NewButtonWithIcon(T("intake.drafts", "草稿箱"), theme.FolderOpenIcon(), p.showList)
	buttons := container.NewHBox(print, again, catalog, drafts, detail)
	if c.State == hall.StateAccepted && p.item != nil && p.item.PromiseLimit.Instant() {
		// 即办件: decided on the spot, from the case (case_actions.go).
		buttons.Add(widget.NewButtonWithIcon(T("intake.done.decide", "办结本件（即办件）"), theme.ConfirmIcon(), func() {
			showCaseDetail(p.env, c.ID)
			if v := p.env.openCase; v != nil && v.d.c.ID == c.ID {
				v.openDecide()
			}
		}))
	}
	box := container.NewVBox(append(rows, buttons)...)
	p.result = container.NewPadded(container.NewVScroll(box))
	return p.result // the shell gives 打印 the focus once it is shown (screens.go)
}

// printLast opens the last notice in the system's viewer.
func (p *intakePage) printLast() {
	if p.last == nil || p.last.PDF == "" || p.stack.Objects[0] == p.view {
		return
	}
	if err := p.env.openDocument(p.last.PDF); err != nil {
		p.env.ShowError(err)
	}
}

// resultReason is the decision's reason as the result shows it: a bundle's
// cases each have theirs (补正: each its own missing materials), shown per
// case unless they are all the same (不予受理).
func resultReason(res *intakeResult) string {
	if len(res.Cases) == 0 {
		return res.Case.Reason
	}
	same := true
	for _, k := range res.Cases {
		same = same && k.Reason == res.Case.Reason
	}
	if same {
		return res.Case.Reason
	}
	var b strings.Builder
	for i, k := range res.Cases {
		if k.Reason == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(T("intake.done.bundle.reason", "办件 {{.I}}（{{.Item}}）：", map[string]any{"I": i + 1, "Item": k.ItemName}))
		b.WriteString("\n" + k.Reason)
	}
	return b.String()
}
