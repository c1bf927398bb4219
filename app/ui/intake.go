package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/forms"
	"yichuang/hall"
	"yichuang/hall/calendar"
)

// intakePage registers an applicant for the chosen item: who applies, which
// materials are in hand, then 收件 or 受理. The item's own form is rendered
// from its schema by the intake screen proper.
type intakePage struct {
	env      *Env
	item     *hall.Item
	code     string
	title    *widget.Label
	kind     *widget.RadioGroup
	name     *widget.Entry
	idNo     *widget.Entry
	phone    *widget.Entry
	checks   *fyne.Container
	msg      *widget.Label
	form     fyne.CanvasObject
	empty    fyne.CanvasObject
	stack    *fyne.Container
	accept   *widget.Button
	received *widget.Button
}

func newIntakePage(e *Env) Page {
	p := &intakePage{env: e, title: heading(""), msg: widget.NewLabel("")}
	p.msg.Importance = widget.DangerImportance
	p.msg.Wrapping = fyne.TextWrapWord
	p.kind = widget.NewRadioGroup([]string{string(hall.NaturalPerson), string(hall.LegalPerson)}, nil)
	p.kind.Horizontal = true
	p.kind.SetSelected(string(hall.NaturalPerson))
	p.name, p.idNo, p.phone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	p.name.SetPlaceHolder("申请人姓名或单位名称")
	p.idNo.SetPlaceHolder("公民身份号码或统一社会信用代码")
	p.phone.SetPlaceHolder("联系电话")
	p.checks = container.NewVBox()
	p.received = widget.NewButton(T("intake.receive", "收件登记"), func() { p.submit(false) })
	p.accept = widget.NewButtonWithIcon(T("intake.accept", "受理"), theme.ConfirmIcon(), func() { p.submit(true) })
	p.accept.Importance = widget.HighImportance
	applicant := widget.NewForm(
		widget.NewFormItem("申请人类型", p.kind),
		widget.NewFormItem("申请人", p.name),
		widget.NewFormItem("证件号码", p.idNo),
		widget.NewFormItem("联系电话", p.phone))
	p.form = container.NewBorder(p.title, container.NewVBox(p.msg, container.NewHBox(p.received, p.accept)), nil, nil,
		container.NewVScroll(container.NewVBox(applicant, widget.NewSeparator(), heading("材料收取"), p.checks)))
	p.empty = emptyState(T("intake.empty.title", "尚未选择事项"),
		T("intake.empty.hint", "请先在“事项目录”中找到申请人要办的事项，再点“开始受理”。"),
		widget.NewButtonWithIcon(T("intake.goto.catalog", "打开事项目录"), theme.SearchIcon(), func() {
			if e.shell != nil {
				e.shell.Show(ScreenCatalog)
			}
		}))
	p.stack = container.NewStack(p.empty)
	return p
}

func (p *intakePage) Content() fyne.CanvasObject { return p.stack }

// SetItem chooses the item to take an application for.
func (p *intakePage) SetItem(code string) { p.code = code }

func (p *intakePage) Refresh() {
	if p.code == "" || (p.item != nil && p.item.Code == p.code) {
		return
	}
	Go(p.env, func(ctx context.Context) (*hall.Item, error) { return p.env.Catalog.Item(ctx, p.code) }, p.show)
}

func (p *intakePage) show(it *hall.Item) {
	p.item = it
	p.title.SetText(it.Name + "（" + it.Department + "，承诺" + it.PromiseLimit.String() + "）")
	p.checks.Objects = nil
	for _, m := range it.Materials {
		p.checks.Add(widget.NewCheck(m.Name+"【"+string(m.Necessity)+"】", nil))
	}
	p.msg.SetText("")
	p.stack.Objects = []fyne.CanvasObject{p.form}
	p.stack.Refresh()
	p.env.Window.Canvas().Focus(p.name)
}

// problems checks the applicant block; every message names its field.
func (p *intakePage) problems() []string {
	var out []string
	if strings.TrimSpace(p.name.Text) == "" {
		out = append(out, "“申请人”不能为空")
	}
	id := forms.NormalizeID(p.idNo.Text)
	check := forms.CheckResidentID
	if p.kind.Selected == string(hall.LegalPerson) {
		check = forms.CheckCreditCode
	}
	if err := check(id); err != nil && !forms.IsWarning(err) {
		out = append(out, "“证件号码”："+hall.ErrorMessage(err))
	}
	if err := forms.CheckPhone(strings.TrimSpace(p.phone.Text)); err != nil {
		out = append(out, "“联系电话”："+hall.ErrorMessage(err))
	}
	return out
}

func (p *intakePage) submit(accept bool) {
	if probs := p.problems(); len(probs) > 0 {
		p.msg.SetText(strings.Join(probs, "；"))
		return
	}
	it := p.item
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: "",
		Applicant: hall.Applicant{Kind: hall.ApplicantKind(p.kind.Selected), Name: strings.TrimSpace(p.name.Text),
			IDNumber: forms.NormalizeID(p.idNo.Text), Phone: strings.TrimSpace(p.phone.Text)}}
	for i, o := range p.checks.Objects {
		if o.(*widget.Check).Checked && i < len(it.Materials) {
			c.Materials = append(c.Materials, hall.CaseMaterial{Name: it.Materials[i].Name,
				Necessity: it.Materials[i].Necessity, Originals: it.Materials[i].Originals, Copies: it.Materials[i].Copies})
		}
	}
	Go(p.env, func(ctx context.Context) (*hall.Case, error) {
		if err := p.env.Cases.Open(ctx, c, hall.Event{Action: hall.ActReceive}); err != nil {
			return nil, err
		}
		if !accept {
			return c, nil
		}
		ev := hall.Event{Action: hall.ActAccept}
		if p.env.Calendar != nil {
			start := calendar.DateOf(c.ReceivedAt)
			if d, err := p.env.Calendar.DueDate(start, it.PromiseLimit, nil); err == nil {
				ev.PromiseDue = d.Date.String()
			}
			if d, err := p.env.Calendar.DueDate(start, it.LegalLimit, nil); err == nil {
				ev.LegalDue = d.Date.String()
			}
		}
		return p.env.Cases.Act(ctx, c.ID, ev)
	}, func(c *hall.Case) {
		msg := fmt.Sprintf("办件编号 %s，状态：%s", c.No, c.State)
		if c.PromiseDue != "" {
			msg += "，承诺办结日期 " + c.PromiseDue
		}
		showMessage(p.env.Window, T("intake.done", "已登记"), msg)
		p.name.SetText("")
		p.idNo.SetText("")
		p.phone.SetText("")
		for _, o := range p.checks.Objects {
			o.(*widget.Check).SetChecked(false)
		}
	})
}
