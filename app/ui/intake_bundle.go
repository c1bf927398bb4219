package ui

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// 一件事一次办 at the window: a bundle opens as one application (the
// applicant once, one form with each shared field once, one materials list
// with each material once: hall.MergeBundle) and its decision opens one
// linked case per member in one transaction, with one notice.

// loadItem reads what intake opens for code: the item, or for a bundle the
// bundle merged from its members (and the members).
func (p *intakePage) loadItem(ctx context.Context, code string) (*hall.Item, *hall.MergedBundle, error) {
	it, err := p.env.Catalog.Item(ctx, code)
	if err != nil || !it.IsBundle() {
		return it, nil, err
	}
	members := make([]hall.Item, 0, len(it.Members))
	for _, m := range it.Members {
		mi, err := p.env.Catalog.Item(ctx, m)
		if err != nil {
			return nil, nil, hall.Wrap(hall.ErrorCode(err), err, "一件事“%s”包含的事项 %s 无法读取：%s", it.Name, m, hall.ErrorMessage(err))
		}
		members = append(members, *mi)
	}
	mb, err := hall.MergeBundle(it, members)
	if err != nil {
		return nil, nil, err
	}
	return &mb.Item, mb, nil
}

// bundleBox lists the items a bundle's decision opens a case for.
func (p *intakePage) bundleBox() fyne.CanvasObject {
	mb := p.bundle
	note := wrap.NewLabel(T("intake.bundle.note", "一件事一次办：申请人、共同信息和共用材料只填一次，受理后为下列 {{.N}} 个事项各生成一个办件，出具一份回执。",
		map[string]any{"N": len(mb.Members)}))
	rows := []fyne.CanvasObject{heading(T("intake.bundle.items", "本次一并办理的事项")), note}
	for i, m := range mb.Members {
		rows = append(rows, widget.NewLabel(strconv.Itoa(i+1)+". "+m.Name+"（"+m.Department+"，承诺"+m.PromiseLimit.String()+"）"))
	}
	return container.NewVBox(rows...)
}

// commitBundle commits the decision for every member of the bundle: one
// transaction (hall.BundleIntakeService), then the one notice.
func (p *intakePage) commitBundle(a hall.Action, started time.Time) {
	mb, draftID, notes := p.bundle, p.draft.ID, p.noteText()
	form, _ := json.Marshal(p.form.Clean())
	applicant, mats := applicantOf(p.applicant.Clean()), p.materials.value()
	dec := hall.Decision{Action: a, Reason: notes, Notes: hall.SplitNotes(notes)}
	Go(p.env, func(ctx context.Context) (*intakeResult, error) {
		var err error
		if dec.Hall, err = p.env.hallInfo(ctx); err != nil {
			return nil, err
		}
		parts, err := hall.BundleParts(mb, applicant, form, mats, dec)
		if err != nil {
			return &intakeResult{Err: err}, nil
		}
		if p.env.Bundles == nil {
			return &intakeResult{Err: hall.Errorf(hall.EInternal, "本机不能受理一件事")}, nil
		}
		cases, evs, err := p.env.Bundles.SubmitBundle(ctx, hall.BundleSubmission{DraftID: draftID,
			Bundle: hall.CaseBundle{Code: mb.Item.Code, Name: mb.Item.Name}, Parts: parts})
		if err != nil {
			return &intakeResult{Err: err}, nil
		}
		res := &intakeResult{Case: cases[0], Events: evs[0], Cases: cases}
		notices := make([]hall.Notice, len(cases))
		for i := range cases {
			notices[i], _ = hall.NoticeOf(evs[i][len(evs[i])-1])
		}
		res.Notice = notices[0]
		res.PDF, res.Err = p.env.writeBundleNotice(ctx, cases, notices)
		res.Took = time.Since(started)
		return res, nil
	}, p.committed)
}

// bundleRows lists the cases a bundle's decision opened, for the result.
func bundleRows(res *intakeResult) []fyne.CanvasObject {
	rows := []fyne.CanvasObject{field(T("intake.done.bundle", "一件事"), res.Case.Bundle.Name+
		T("intake.done.bundle.count", "（共 {{.N}} 个办件）", map[string]any{"N": len(res.Cases)}))}
	for i, c := range res.Cases {
		due := c.PromiseDue
		if c.State != hall.StateAccepted {
			due = string(c.State)
		}
		rows = append(rows, field(T("intake.done.bundle.case", "办件 {{.I}}", map[string]any{"I": i + 1}),
			c.No+"　"+c.ItemName+"（"+c.Department+"）　"+due))
	}
	return rows
}
