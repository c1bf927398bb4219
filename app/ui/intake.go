package ui

import (
	"context"
	"encoding/json"
	"yichuang/app/formview"
	"yichuang/app/wrap"
	"yichuang/forms"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"
)

// intakePage is the clerk's main job: the applicant, the item's form, the
// materials, then 受理 / 不予受理 / 补正 and the printed notice. What is
// typed is a draft, saved as the clerk types and on every navigation.
// Without an open application it shows the draft box.
type intakePage struct {
	env  *Env
	want intakeRequest // what the screen should open at its next Refresh

	item      *hall.Item
	bundle    *hall.MergedBundle // when item is a bundle (一件事): its members (intake_bundle.go)
	schema    *forms.Schema
	schemaRaw json.RawMessage
	draft     hall.Draft // the open draft's identity: id, item, schema version, created
	applicant *formview.Form
	form      *formview.Form
	materials *materialsView
	scans     *scanInbox     // the document camera's folder (intake_scans.go)
	notes     *formview.Form // the refusal reason or the correction's further items
	loading   bool           // widgets are being filled from a draft: not a change

	saver  *draftSaver
	title  *widget.Label
	status *widget.Label
	msg    *wrap.Label
	scroll *container.Scroll
	stack  *fyne.Container
	list   *draftList
	empty  fyne.CanvasObject
	view   fyne.CanvasObject // the open application's view, nil when none

	buttons               *fyne.Container
	save, correct, refuse *widget.Button
	accept, discard       *widget.Button
	receive               *widget.Button // 收件 only: the decision comes later (受理 from 办件)
	busy                  bool
	last                  *intakeResult     // the last decision made here (tests, screenshots)
	result                fyne.CanvasObject // the last decision's view
	printBtn              *keyButton        // its 打印, which Enter presses
}

// intakeRequest is an item to start a new application for, or a draft to
// reopen.
type intakeRequest struct {
	code    string
	draftID string
}

func newIntakePage(e *Env) Page {
	formview.Text = formStrings()
	p := &intakePage{env: e, title: heading(""), status: widget.NewLabel(""), msg: wrap.NewLabel("")}
	p.msg.Importance = widget.DangerImportance
	p.status.Importance = widget.LowImportance
	p.scans = newScanInbox(p)
	if e.Drafts != nil {
		p.saver = newDraftSaver(e.ctx, func(ctx context.Context, d *hall.Draft) error {
			return e.Drafts.SaveDraft(e.as(ctx), d)
		}, p.saved, e.opts.DraftSaved)
	}
	p.save = widget.NewButtonWithIcon(T("intake.save", "保存草稿 Ctrl+S"), theme.DocumentSaveIcon(), p.saveNow)
	p.receive = widget.NewButton(T("intake.receive", "仅收件"), func() { p.decide(hall.ActReceive) })
	p.correct = widget.NewButton(T("intake.correct", "补正告知"), func() { p.decide(hall.ActRequestCorrection) })
	p.refuse = widget.NewButton(T("intake.refuse", "不予受理"), func() { p.decide(hall.ActRefuse) })
	p.accept = widget.NewButtonWithIcon(T("intake.accept", "受理 Ctrl+Enter"), theme.ConfirmIcon(), func() { p.decide(hall.ActAccept) })
	p.accept.Importance = widget.HighImportance
	p.discard = widget.NewButtonWithIcon(T("intake.discard", "丢弃草稿"), theme.DeleteIcon(), p.confirmDiscard)
	p.discard.Importance = widget.LowImportance
	p.buttons = container.NewHBox(p.save, widget.NewSeparator(), p.receive, p.correct, p.refuse, p.accept)
	p.list = newDraftList(e, p.openDraft)
	p.empty = container.NewBorder(emptyState(T("intake.empty.title", "尚未选择事项"),
		T("intake.empty.hint", "请先在“事项目录”中找到申请人要办的事项，再点“开始受理”；或在下面的草稿箱中继续填写。"),
		widget.NewButtonWithIcon(T("intake.goto.catalog", "打开事项目录"), theme.SearchIcon(), p.gotoCatalog)),
		nil, nil, nil, p.list.content())
	p.stack = container.NewStack(p.empty)
	p.addShortcuts()
	return p
}

func (p *intakePage) Content() fyne.CanvasObject { return p.stack }

// SetItem asks for a new application for the item. An application of the
// same item still open on the screen is kept, not replaced.
func (p *intakePage) SetItem(code string) {
	if p.view != nil && p.item != nil && p.item.Code == code && p.stack.Objects[0] == p.view {
		return
	}
	p.want = intakeRequest{code: code}
}

// Refresh opens what was asked for, or shows the draft box.
func (p *intakePage) Refresh() {
	want := p.want
	p.want = intakeRequest{}
	switch {
	case want.draftID != "":
		p.openDraft(want.draftID)
	case want.code != "":
		p.Leave()
		type loaded struct {
			it *hall.Item
			mb *hall.MergedBundle
		}
		Go(p.env, func(ctx context.Context) (loaded, error) {
			it, mb, err := p.loadItem(ctx, want.code)
			return loaded{it, mb}, err
		}, func(l loaded) {
			p.bundle = l.mb
			p.open(l.it, nil, nil)
		})
	case p.stack.Objects[0] == p.empty || (p.view != nil && p.stack.Objects[0] != p.view):
		p.showList()
	}
}

// Leave saves the open draft now: the clerk is going elsewhere.
func (p *intakePage) Leave() {
	if p.saver == nil || p.view == nil {
		return
	}
	if err := p.saver.Flush(); err != nil {
		p.env.ShowError(err)
	}
}

func (p *intakePage) showList() {
	p.Leave()
	p.list.Refresh()
	p.show(p.empty)
}

func (p *intakePage) show(o fyne.CanvasObject) {
	p.stack.Objects = []fyne.CanvasObject{o}
	p.stack.Refresh()
}

func (p *intakePage) gotoCatalog() {
	if p.env.shell != nil {
		p.env.shell.Show(ScreenCatalog)
	}
}

// openDraft reopens a saved draft with the form it was filled with.
func (p *intakePage) openDraft(id string) {
	p.Leave()
	type loaded struct {
		d      *hall.Draft
		schema json.RawMessage
		item   *hall.Item
		mb     *hall.MergedBundle
		files  map[string]hall.Attachment
	}
	Go(p.env, func(ctx context.Context) (loaded, error) {
		d, schema, err := p.env.Drafts.Draft(ctx, id)
		if err != nil {
			return loaded{}, err
		}
		it, mb, err := p.loadItem(ctx, d.ItemCode)
		if err != nil {
			return loaded{}, err
		}
		files := map[string]hall.Attachment{}
		for _, m := range d.Materials {
			for _, sum := range m.Files {
				if a, err := p.env.Attachments.Attachment(ctx, sum); err == nil {
					files[sum] = a
				}
			}
		}
		return loaded{d, schema, it, mb, files}, nil
	}, func(l loaded) {
		p.bundle = l.mb
		p.open(l.item, l.d, l.schema)
		for _, r := range p.materials.rows {
			for i, a := range r.files {
				if full, ok := l.files[a.SHA256]; ok {
					r.files[i] = full
				}
			}
			p.materials.showFiles(r)
		}
	})
}

// newDraftID makes a draft's id on the desk (UUIDv7, like every id here).
func newDraftID() string { return uuid.Must(uuid.NewV7()).String() }

// open shows an application for it: a new one (d nil) or a draft with the
// schema it was filled with (the item's current form when none was kept).
func (p *intakePage) open(it *hall.Item, d *hall.Draft, schemaRaw json.RawMessage) {
	p.item, p.msg.Text = it, ""
	if len(schemaRaw) == 0 {
		schemaRaw = it.Form
	}
	var formErr error
	p.schema, formErr = parseItemForm(schemaRaw)
	p.schemaRaw = schemaRaw
	if d == nil {
		d = &hall.Draft{ID: newDraftID(), ItemCode: it.Code, ItemName: it.Name, SchemaVersion: p.schema.Version}
	}
	p.draft = hall.Draft{ID: d.ID, ItemCode: it.Code, ItemName: it.Name, SchemaVersion: p.schema.Version,
		CreatedAt: d.CreatedAt}
	p.loading = true
	defer func() { p.loading = false }()
	av := decodeValues(d.Applicant)
	as := applicantSchema(it.Subjects)
	if _, ok := av["kind"]; !ok {
		av["kind"] = as.Fields[0].Options[0]
	}
	p.applicant = formview.New(as, av)
	p.form = formview.New(p.schema, decodeValues(d.Form))
	p.materials = newMaterialsView(p, it.Materials, d.Materials)
	p.materials.today = p.env.Clock.Today
	p.scans.reset()
	p.notes = formview.New(notesSchema, forms.Values{"text": d.Notes})
	for _, f := range []*formview.Form{p.applicant, p.form, p.notes} {
		f.OnChanged = p.changed
		f.OnFocus = p.scrollTo
		p.formShortcuts(f)
	}
	p.materials.showGaps()
	if p.bundle != nil && p.bundle.Item.Code == it.Code {
		p.title.SetText(T("intake.title.bundle", "{{.Name}}（一件事 · {{.N}} 个事项，承诺{{.Limit}}）",
			map[string]any{"Name": it.Name, "N": len(p.bundle.Members), "Limit": it.PromiseLimit.String()}))
	} else {
		p.bundle = nil
		p.title.SetText(T("intake.title", "{{.Name}}（{{.Dept}}，承诺{{.Limit}}）",
			map[string]any{"Name": it.Name, "Dept": it.Department, "Limit": it.PromiseLimit.String()}))
	}
	p.status.SetText(p.statusText(d))
	p.view = p.layout(formErr)
	p.show(p.view)
	p.setBusy(false)
	if p.bundle != nil { // a bundle is decided at the window: its notices are 受理, 补正 and 不予受理
		p.receive.Hide()
	} else {
		p.receive.Show()
	}
	p.focusApplicant()
}

// formStrings are the words the rendered forms show on their own, through
// the translations like every string of the screens.
func formStrings() formview.Strings {
	return formview.Strings{
		AddRow: T("form.rows.add", "添加一行"), RemoveRow: T("form.rows.remove", "删除本行"),
		Row: T("form.rows.row", "第%d行"), Confirm: T("form.confirm", "已核对，确认无误"), Required: "*",
		Placeholders: map[string]string{
			"date":         T("form.ph.date", "YYYY-MM-DD，如 2026-01-31"),
			"id_number":    T("form.ph.id", "18位公民身份号码"),
			"credit_code":  T("form.ph.credit", "18位统一社会信用代码"),
			"phone":        T("form.ph.phone", "手机号码，或带区号的固定电话"),
			"region":       T("form.ph.region", "6位或12位行政区划代码"),
			"number":       T("form.ph.number", "数字"),
			"select":       T("form.ph.select", "请选择（数字键1–9）"),
			"ethnic_group": T("form.ph.ethnic", "请选择，或输入两位代码（如 01 汉族）"),
		},
	}
}
