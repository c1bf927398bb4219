package ui

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"yichuang/app/formview"
	"yichuang/app/wrap"
	"yichuang/forms"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The forms of the counter's actions (case_actions.go). Each reads what
// the clerk typed on the UI goroutine and hands back the steps; the
// domain (hall/counter.go) checks them again inside the transaction.

type build = func(hall.HallInfo) []hall.Transition

// refused is a step that stops the action with err before anything is
// written.
func refused(err error) hall.Transition {
	return func(*hall.Case, time.Time) (hall.Event, error) { return hall.Event{}, err }
}

func steps(ts ...func(h hall.HallInfo) hall.Transition) build {
	return func(h hall.HallInfo) []hall.Transition {
		out := make([]hall.Transition, len(ts))
		for i, t := range ts {
			out[i] = t(h)
		}
		return out
	}
}

// later is an intake decision taken now on a case received earlier.
func (v *caseView) later(a hall.Action, reason string) func(hall.HallInfo) hall.Transition {
	return func(h hall.HallInfo) hall.Transition {
		return hall.Decision{Action: a, Item: v.d.item, Hall: h, Reason: reason, Notes: hall.SplitNotes(reason)}.Later()
	}
}

func (v *caseView) openAccept() {
	f := v.newForm(T("counter.accept.title", "受理 {{.No}}", map[string]any{"No": v.d.c.No}))
	f.show(wrap.NewLabel(T("counter.accept.ask", "材料已齐全、符合法定形式，受理本件并出具受理回执？承诺办结日期自今日起计算。")),
		T("counter.accept", "受理"), func() (build, error) {
			return steps(v.later(hall.ActAccept, "")), nil
		})
}

func (v *caseView) openRefuse() {
	f := v.newForm(T("counter.refuse.title", "不予受理 {{.No}}", map[string]any{"No": v.d.c.No}))
	reason := f.entry("reason", T("counter.refuse.hint", "不予受理的理由（将印在不予受理通知书上）"), true)
	f.show(widget.NewForm(widget.NewFormItem(T("counter.reason", "理由"), reason)), T("counter.refuse", "不予受理"),
		func() (build, error) {
			r := strings.TrimSpace(reason.Text)
			if r == "" {
				return nil, hall.Errorf(hall.EInvalid, "“理由”不能为空：不予受理必须写明理由")
			}
			return steps(v.later(hall.ActRefuse, r)), nil
		})
}

func (v *caseView) openCorrect() {
	f := v.newForm(T("counter.correct.title", "补正告知 {{.No}}", map[string]any{"No": v.d.c.No}))
	var gaps []string
	if v.d.item != nil {
		for _, g := range hall.MaterialGaps(v.d.item.Materials, v.d.c.Materials, hall.HallDay(v.d.c.ReceivedAt)) {
			gaps = append(gaps, g.String())
		}
	}
	known := T("counter.correct.none", "按事项材料清单，已收材料齐全")
	if len(gaps) > 0 {
		known = T("counter.correct.gaps", "按事项材料清单，需补正：{{.Gaps}}", map[string]any{"Gaps": strings.Join(gaps, "；")})
	}
	notes := f.entry("notes", T("counter.correct.hint", "其他需补正的事项，一行一项"), true)
	f.show(container.NewVBox(wrap.NewLabel(known), widget.NewForm(widget.NewFormItem(T("counter.notes", "补正说明"), notes))),
		T("counter.correct", "补正告知"), func() (build, error) {
			if len(gaps) == 0 && strings.TrimSpace(notes.Text) == "" {
				return nil, hall.Errorf(hall.EInvalid, "材料已齐全，也没有填写“补正说明”：没有需要一次性告知的内容")
			}
			return steps(v.later(hall.ActRequestCorrection, strings.TrimSpace(notes.Text))), nil
		})
}

// openSupply records what the applicant brought back after the 补正 notice,
// by default accepting the case in the same transaction.
func (v *caseView) openSupply() {
	f := v.newForm(T("counter.supply.title", "补正材料收讫 {{.No}}", map[string]any{"No": v.d.c.No}))
	var gaps []hall.Gap
	for _, ev := range v.d.events {
		if n, ok := hall.NoticeOf(ev); ok && ev.Action == hall.ActRequestCorrection {
			gaps = n.Gaps
		}
	}
	box := container.NewVBox(widget.NewLabel(T("counter.supply.ask", "勾选申请人补交的材料：")))
	materials := make([]hall.CaseMaterial, len(gaps))
	for i, g := range gaps {
		materials[i] = v.supplied(g.Material)
		c := widget.NewCheck(g.String(), nil)
		f.checks = append(f.checks, c)
		box.Add(c)
	}
	note := f.entry("note", T("counter.supply.hint", "其他收到的材料或说明"), true)
	box.Add(widget.NewForm(widget.NewFormItem(T("counter.supply.note", "补正说明"), note)))
	accept := widget.NewCheck(T("counter.supply.accept", "收讫后立即受理（出具受理回执）"), nil)
	accept.SetChecked(true)
	f.checks = append(f.checks, accept)
	box.Add(accept)
	f.show(box, T("counter.supply.ok", "收讫"), func() (build, error) {
		var got []hall.CaseMaterial
		for i := range gaps {
			if f.checks[i].Checked {
				got = append(got, materials[i])
			}
		}
		text := strings.TrimSpace(note.Text)
		if len(got) == 0 && text == "" {
			return nil, hall.Errorf(hall.EInvalid, "请勾选收到的补正材料，或在“补正说明”中写明收到了什么")
		}
		ts := []func(hall.HallInfo) hall.Transition{func(hall.HallInfo) hall.Transition { return hall.Supply(got, text) }}
		if accept.Checked {
			ts = append(ts, v.later(hall.ActAccept, ""))
		}
		return steps(ts...), nil
	})
}

// supplied is a material as the item asks for it, now in hand.
func (v *caseView) supplied(name string) hall.CaseMaterial {
	m := hall.CaseMaterial{Name: name, Originals: 1}
	if v.d.item != nil {
		for _, im := range v.d.item.Materials {
			if im.Name == name {
				m.Necessity, m.Originals, m.Copies = im.Necessity, im.Originals, im.Copies
				if m.Originals == 0 && m.Copies == 0 {
					m.Originals = 1
				}
			}
		}
	}
	return m
}

func (v *caseView) openDecide() {
	f := v.newForm(T("counter.decide.title", "办结 {{.No}}", map[string]any{"No": v.d.c.No}))
	approve, deny := T("counter.decide.approve", "准予"), T("counter.decide.deny", "不予")
	result := widget.NewRadioGroup([]string{approve, deny}, nil)
	result.Horizontal, result.Required = true, true
	result.SetSelected(approve)
	f.radio["result"] = result
	licHint := T("counter.licence.hint", "本事项不出具证照，可不填")
	if v.d.item.IssuesLicence() {
		licHint = T("counter.licence.required", "本事项出具证照，准予时必填")
	}
	licence := f.entry("licence", licHint, false)
	reason := f.entry("reason", T("counter.decide.reason.hint", "不予许可时必填，将印在办结通知书上"), true)
	form := widget.NewForm(widget.NewFormItem(T("counter.decide.result", "办结结果"), result),
		widget.NewFormItem(T("counter.licence", "证照编号"), licence),
		widget.NewFormItem(T("counter.decide.reason", "不予理由"), reason))
	f.show(form, T("counter.decide", "办结"), func() (build, error) {
		w := hall.WindowDecision{Item: v.d.item, Approve: result.Selected == approve, Reason: reason.Text, Licence: licence.Text,
			HallDecides: v.d.hallDecides}
		if !w.Approve && strings.TrimSpace(w.Reason) == "" {
			return nil, hall.Errorf(hall.EInvalid, "“不予理由”不能为空：不予许可必须写明理由")
		}
		if w.Approve && v.d.item.IssuesLicence() && strings.TrimSpace(w.Licence) == "" {
			return nil, hall.Errorf(hall.EInvalid, "“证照编号”不能为空：本事项出具证照")
		}
		return steps(func(h hall.HallInfo) hall.Transition { w.Hall = h; return w.Step() }), nil
	})
}

func (v *caseView) openExtend() {
	f := v.newForm(T("counter.extend.title", "延期 {{.No}}", map[string]any{"No": v.d.c.No}))
	approver := f.entry("approver", T("counter.extend.approver.hint", "批准延期的本机关负责人"), false)
	reason := f.entry("reason", T("counter.extend.reason.hint", "不能在法定期限内作出决定的理由，将书面告知申请人"), true)
	days := f.entry("days", "", false)
	days.SetText(strconv.Itoa(hall.DefaultExtension(v.d.item)))
	note := wrap.NewLabel(T("counter.extend.note", "依《行政许可法》第四十二条延长法定办结期限（现为 {{.Legal}}）；承诺办结日期 {{.Promise}} 不变。",
		map[string]any{"Legal": v.d.c.LegalDue, "Promise": v.d.c.PromiseDue}))
	form := widget.NewForm(widget.NewFormItem(T("counter.extend.approver", "批准人"), approver),
		widget.NewFormItem(T("counter.extend.reason", "延期理由"), reason),
		widget.NewFormItem(T("counter.extend.days", "延长工作日数"), days))
	f.show(container.NewVBox(note, form), T("counter.extend.ok", "延期并出具告知书"), func() (build, error) {
		n, err := strconv.Atoi(strings.TrimSpace(days.Text))
		if err != nil {
			return nil, hall.Errorf(hall.EInvalid, "“延长工作日数”须为整数，现为“%s”", days.Text)
		}
		x := hall.ExtensionRequest{Approver: approver.Text, Reason: reason.Text, Days: n}
		return steps(func(h hall.HallInfo) hall.Transition { x.Hall = h; return x.Step() }), nil
	})
}

func (v *caseView) openWithdraw() {
	f := v.newForm(T("counter.withdraw.title", "撤回 {{.No}}", map[string]any{"No": v.d.c.No}))
	reason := f.entry("reason", T("counter.withdraw.hint", "申请人提出撤回的方式和理由，例如：申请人书面申请撤回"), true)
	f.show(container.NewVBox(wrap.NewLabel(T("counter.withdraw.ask", "应申请人要求撤回本件：办件终止，不计超期，原件退还申请人。")),
		widget.NewForm(widget.NewFormItem(T("counter.withdraw.reason", "撤回说明"), reason))),
		T("counter.withdraw", "撤回"), func() (build, error) {
			r := reason.Text
			return steps(func(h hall.HallInfo) hall.Transition { return hall.Withdraw(h, r) }), nil
		})
}

// openDeliver hands the result over (出件): at the window, the collector's
// ID checked against the applicant's or the authorisation's, or by post.
func (v *caseView) openDeliver() {
	f := v.newForm(T("counter.deliver.title", "出件 {{.No}}", map[string]any{"No": v.d.c.No}))
	collector := f.entry("collector", T("counter.collector.hint", "领取人姓名"), false)
	collectorID := f.entry("collector_id", T("counter.collector_id.hint", "领取人身份证号码（核验原件）"), false)
	agentID := f.entry("agent_id", T("counter.agent_id.hint", "授权委托书载明的受托人证件号码"), false)
	letter := f.entry("letter", T("counter.letter.hint", "授权委托书扫描件（图片或 PDF），受托人领取时必附"), false)
	pickLetter := widget.NewButtonWithIcon(T("counter.letter.pick", "选择文件"), theme.FolderOpenIcon(), func() {
		if v.e.Window == nil {
			return
		}
		dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			_ = r.Close()
			letter.SetText(r.URI().Path())
		}, v.e.Window).Show()
	})
	company := f.entry("company", T("counter.company.hint", "例如：中国邮政EMS"), false)
	tracking := f.entry("tracking", T("counter.tracking.hint", "快递单号"), false)
	relation := widget.NewRadioGroup([]string{hall.CollectorSelf, hall.CollectorAgent}, nil)
	relation.Horizontal = true
	relation.SetSelected(hall.CollectorSelf)
	f.radio["relation"] = relation
	window := widget.NewForm(widget.NewFormItem(T("counter.collector", "领取人"), collector),
		widget.NewFormItem(T("counter.relation", "领取人身份"), relation),
		widget.NewFormItem(T("counter.collector_id", "证件号码"), collectorID),
		widget.NewFormItem(T("counter.agent_id", "受托人证件"), agentID),
		widget.NewFormItem(T("counter.letter", "授权委托书"), container.NewBorder(nil, nil, nil, pickLetter, letter)))
	post := widget.NewForm(widget.NewFormItem(T("counter.company", "快递公司"), company),
		widget.NewFormItem(T("counter.tracking", "快递单号"), tracking))
	post.Hide()
	method := widget.NewRadioGroup([]string{hall.DeliverWindow, hall.DeliverPost}, func(s string) {
		if s == hall.DeliverPost {
			window.Hide()
			post.Show()
		} else {
			post.Hide()
			window.Show()
		}
	})
	method.Horizontal, method.Required = true, true
	method.SetSelected(hall.DeliverWindow)
	f.radio["method"] = method
	result := string(v.d.c.Result)
	if v.d.c.Licence != "" {
		result += "（" + v.d.c.Licence + "）"
	}
	head := wrap.NewLabel(T("counter.deliver.what", "办理结果：{{.Result}}；申请人：{{.Name}}（{{.ID}}）",
		map[string]any{"Result": result, "Name": v.d.c.Applicant.Name, "ID": hall.MaskID(v.d.c.Applicant.IDNumber)}))
	body := container.NewVBox(head, widget.NewForm(widget.NewFormItem(T("counter.method", "送达方式"), method)), window, post)
	f.show(body, T("counter.deliver.ok", "出件并出具送达回证"), func() (build, error) {
		d := hall.Delivery{Method: method.Selected, Collector: collector.Text, CollectorID: collectorID.Text,
			Relation: relation.Selected, AgentID: agentID.Text, Company: company.Text, Tracking: tracking.Text}
		if d.Method == hall.DeliverWindow {
			if err := forms.CheckResidentID(strings.ToUpper(strings.TrimSpace(d.CollectorID))); err != nil {
				return nil, hall.Errorf(hall.EInvalid, "“证件号码”：%s", hall.ErrorMessage(err))
			}
			if d.Relation == hall.CollectorAgent {
				if err := forms.CheckResidentID(strings.ToUpper(strings.TrimSpace(d.AgentID))); err != nil {
					return nil, hall.Errorf(hall.EInvalid, "“受托人证件”：%s", hall.ErrorMessage(err))
				}
				if strings.TrimSpace(letter.Text) == "" {
					return nil, hall.Errorf(hall.EInvalid, "“授权委托书”：请附上受托人交来的授权委托书扫描件")
				}
			}
		}
		path := strings.TrimSpace(letter.Text)
		return steps(func(h hall.HallInfo) hall.Transition {
			if d.Method == hall.DeliverWindow && d.Relation == hall.CollectorAgent {
				// The scan is kept as intake scans are (its own small write,
				// content-addressed, harmless if the 出件 is then refused);
				// the 出件's transaction lists it among the case's materials.
				if v.e.Attachments == nil {
					return refused(hall.Errorf(hall.EInvalid, "本窗口不能保存扫描件，无法附上授权委托书"))
				}
				a, err := v.e.Attachments.Attach(v.e.Ctx(), path)
				if err != nil {
					return refused(hall.Errorf(hall.EInvalid, "“授权委托书”：%s", hall.ErrorMessage(err)))
				}
				d.Letter = a.SHA256
			}
			return hall.Deliver(h, d)
		}), nil
	})
}

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
		var gaps []string
		for _, p := range fv.Check() {
			same := sameValue(edited[topKey(p.Path)], before[topKey(p.Path)])
			switch {
			case p.Missing && same: // still empty since 仅收件: 受理 waits for it (hall.FormComplete)
				gaps = append(gaps, p.Label)
				continue
			case same:
				continue // as stored, masked or not: checked at intake
			}
			return nil, hall.Errorf(hall.EInvalid, "“%s”：%s", p.Label, p.Message)
		}
		b, err := json.Marshal(edited)
		if err != nil {
			return nil, err
		}
		text := note.Text
		return steps(func(hall.HallInfo) hall.Transition { return hall.CorrectForm(shown, b, gaps, text) }), nil
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
