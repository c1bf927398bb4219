package ui

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"yichuang/app/formview"
	"yichuang/hall"
)

// intakeResult is a committed decision and its written notice.
type intakeResult struct {
	Case   *hall.Case
	Cases  []*hall.Case // a bundle's (一件事): every case it opened, Case first
	Events []hall.Event
	Notice hall.Notice
	PDF    string        // the notice's file
	Took   time.Duration // from the click to the notice on disk
	Err    error         // the decision was committed but the notice could not be written
}

// decide checks what the decision needs and, when all is there, commits
// it. A refusal asks for confirmation first. Nothing typed is touched by a
// refused attempt: the first field to fix gets the focus.
func (p *intakePage) decide(a hall.Action) {
	if p.view == nil || p.busy || p.stack.Objects[0] != p.view || p.bundle != nil && a == hall.ActReceive {
		return
	}
	if msg, fix := p.problems(a); msg != "" {
		p.msg.SetText(msg)
		if fix != nil {
			fix()
		}
		return
	}
	p.msg.SetText("")
	if a == hall.ActRefuse && p.env.Window != nil {
		confirmAction(p.env.Window, T("intake.refuse.title", "不予受理"),
			T("intake.refuse.ask", "确定不予受理？将生成办件编号并出具不予受理通知书。"),
			T("intake.refuse.confirm", "不予受理"), func() { p.commit(a) })
		return
	}
	p.commit(a)
}

// problems says what stops decision a, naming the first field, and how to
// get there; "" when nothing does. Every form it needs is checked, so all
// their errors show at once beside their fields.
func (p *intakePage) problems(a hall.Action) (string, func()) {
	need := []*formview.Form{p.applicant}
	if a == hall.ActAccept || a == hall.ActReceive { // 受理 from 办件 later rests on the form checked now
		need = append(need, p.form)
	}
	need = append(need, p.notes)
	var first func()
	var firstMsg string
	n := 0
	for _, f := range need {
		probs := f.Check()
		if len(probs) > 0 && first == nil {
			f := f
			first, firstMsg = func() { f.FocusFirst(probs) }, probs[0].Message
		}
		n += len(probs)
	}
	if n > 0 {
		return T("intake.fix", "有 {{.N}} 处需要改正，首先是：{{.First}}", map[string]any{"N": n, "First": firstMsg}), first
	}
	notes := p.noteText()
	switch a {
	case hall.ActAccept:
		if gaps := p.materials.showGaps(); len(gaps) > 0 {
			return T("intake.gaps", "材料不齐全，不能受理：{{.First}}等 {{.N}} 项。请收齐材料，或点“补正告知”一次性告知申请人。",
				map[string]any{"First": gaps[0].String(), "N": len(gaps)}), nil
		}
	case hall.ActRefuse:
		if notes == "" {
			return T("intake.refuse.reason", "“不予受理理由或补正说明”不能为空：不予受理必须写明理由"), p.notes.Focus
		}
	case hall.ActRequestCorrection:
		if len(p.materials.showGaps()) == 0 && notes == "" {
			return T("intake.correct.nothing", "材料已齐全，也没有填写补正说明：没有需要一次性告知的内容"), p.notes.Focus
		}
	}
	return "", nil
}

func (p *intakePage) noteText() string {
	s, _ := p.notes.Clean()["text"].(string)
	return strings.TrimSpace(s)
}

// caseOf is the case as the screen holds it: the checked applicant, the
// form's values as kept, the materials.
func (p *intakePage) caseOf() *hall.Case {
	it := p.item
	form, _ := json.Marshal(p.form.Clean())
	return &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
		SchemaVersion: p.schema.Version, Applicant: applicantOf(p.applicant.Clean()),
		Form: form, Materials: p.materials.value()}
}

// commit saves the draft, then commits the decision with its events and
// outbox entries in one transaction, then writes the notice as PDF.
func (p *intakePage) commit(a hall.Action) {
	started := time.Now()
	if err := p.saver.Flush(); err != nil {
		p.env.ShowError(err)
	}
	p.saver.Hold()
	p.setBusy(true)
	if p.bundle != nil {
		p.commitBundle(a, started)
		return
	}
	c, draftID, notes := p.caseOf(), p.draft.ID, p.noteText()
	dec := hall.Decision{Action: a, Item: p.item, Reason: notes, Notes: hall.SplitNotes(notes)}
	Go(p.env, func(ctx context.Context) (*intakeResult, error) {
		var err error
		if dec.Hall, err = p.env.hallInfo(ctx); err != nil {
			return nil, err
		}
		// The method values copy dec: take them once it has the hall.
		sub := hall.Submission{DraftID: draftID, Case: c, Schema: p.schemaRaw, Decide: dec.Event}
		if a == hall.ActReceive { // 收件 only, with its 收件凭证
			sub.Decide, sub.Received = nil, dec.Receipt
		}
		got, evs, err := p.env.Intake.Submit(ctx, sub)
		if err != nil {
			return &intakeResult{Err: err}, nil
		}
		res := &intakeResult{Case: got, Events: evs}
		res.Notice, _ = hall.NoticeOf(evs[len(evs)-1])
		res.PDF, res.Err = p.env.writeNotice(ctx, got, res.Notice)
		res.Took = time.Since(started)
		return res, nil
	}, p.committed)
}

func (p *intakePage) committed(res *intakeResult) {
	if res.Case == nil {
		// Refused by the store: nothing was committed, the draft stays.
		p.setBusy(false)
		p.saver.Release()
		p.msg.SetText(hall.ErrorMessage(res.Err))
		p.env.ShowError(res.Err)
		return
	}
	p.saver.Drop()
	p.saver.Release()
	p.env.Changed() // 待同步 counts the new outbox entries now
	p.last = res
	p.view, p.busy = nil, false
	p.show(p.resultView(res))
	if p.env.shell != nil {
		p.env.shell.focusFirst() // 打印: Enter prints
	}
	if res.Err != nil {
		p.env.ShowError(res.Err)
	}
	if res.Case.State == hall.StateAccepted { // 好差评 of 受理 (rating.go)
		p.env.AskRating(res.Case, hall.StageAccept, nil)
	}
}

func (p *intakePage) setBusy(busy bool) {
	p.busy = busy
	for _, b := range []interface {
		Enable()
		Disable()
	}{p.save, p.receive, p.correct, p.refuse, p.accept, p.discard} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// hallInfo reads what the notices print about the hall.
func (e *Env) hallInfo(ctx context.Context) (hall.HallInfo, error) {
	var h hall.HallInfo
	for key, dst := range map[string]*string{hall.SettingHallName: &h.Name, hall.SettingHallAddr: &h.Address,
		hall.SettingHallPhone: &h.Phone, hall.SettingQueryURL: &h.QueryURL, hall.SettingPlatform: &h.Platform} {
		v, err := e.Settings.Setting(ctx, key)
		if err != nil {
			return h, err
		}
		*dst = v
	}
	return h, nil
}
