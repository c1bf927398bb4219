package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"yichuang/app/wrap"
	"yichuang/documents"
	"yichuang/forms"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// caseDetail is everything the desk knows of one case: what was filled
// (with the labels of the form version it was filled with), the materials,
// every event, and the notices handed out, each printable again.
type caseDetail struct {
	c      *hall.Case
	events []hall.Event
	urges  []hall.Urge // 督办 received on the case and their replies (docs/adr/0020)
	schema *forms.Schema
	files  map[string]hall.Attachment
	item   *hall.Item // the catalog's entry, nil when it is gone
	// hallDecides, sync and syncNote: who decides, and what the platform
	// said of the case (below).
	hallDecides bool
	sync        hall.SyncState
	syncNote    string
}

// showCaseDetail opens a case over the current screen, with the counter's
// actions its state allows on top (case_actions.go).
func showCaseDetail(e *Env, id string) { showCaseDetailThen(e, id, nil) }

// showCaseDetailThen is showCaseDetail, then runs then (if given) once the
// case is on show: what must come over it (the 好差评 pad) comes after it.
func showCaseDetailThen(e *Env, id string, then func()) {
	Go(e, func(ctx context.Context) (*caseDetail, error) { return loadCaseDetail(ctx, e, id) }, func(d *caseDetail) {
		if then != nil {
			defer then()
		}
		if e.openCase != nil {
			e.openCase.close()
		}
		v := &caseView{e: e, d: d}
		e.openCase = v
		bar := v.actionBar()
		if e.Window == nil {
			return
		}
		dlg := dialog.NewCustom(T("case.title", "办件 {{.No}}", map[string]any{"No": d.c.No}),
			T("dialog.close", "关闭"), container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil,
				d.content(e)), e.Window)
		dlg.SetOnClosed(v.close)
		v.dlg = dlg
		dlg.Resize(fyne.NewSize(1000, 680))
		showDialogKeys(e.Window, dlg, v.typed) // its Alt+letter actions (case_actions.go)
		v.bindKeys()
	})
}

func loadCaseDetail(ctx context.Context, e *Env, id string) (*caseDetail, error) {
	c, evs, err := e.Cases.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &caseDetail{c: c, events: evs, files: map[string]hall.Attachment{}, schema: &forms.Schema{}}
	if it, err := e.Catalog.Item(ctx, c.ItemCode); err == nil {
		d.item = it
	}
	var raw json.RawMessage
	if e.Drafts != nil {
		raw, _ = e.Drafts.FormSchema(ctx, c.ItemCode, c.SchemaVersion)
	}
	if len(raw) == 0 && d.item != nil {
		raw = d.item.Form
	}
	if cu, ok := e.Cases.(interface {
		CaseUrges(context.Context, string) ([]hall.Urge, error)
	}); ok {
		d.urges, _ = cu.CaseUrges(ctx, c.No) // the history shows what there is; a failed read leaves the rest
	}
	d.schema, _ = parseItemForm(raw) // a broken schema shows no form values, the rest of the case still shows
	loadCaseRules(ctx, e, d)
	if e.Attachments != nil {
		for _, m := range c.Materials {
			for _, sum := range m.Files {
				if a, err := e.Attachments.Attachment(ctx, sum); err == nil {
					d.files[sum] = a
				}
			}
		}
	}
	return d, nil
}

func (d *caseDetail) content(e *Env) fyne.CanvasObject {
	c, a := d.c, d.c.Applicant
	objs := []fyne.CanvasObject{
		field(T("case.no", "办件编号"), c.No), field(T("case.item", "事项"), c.ItemName+"（"+c.Department+"）"),
		field(T("case.state", "状态"), string(c.State)),
	}
	if f := d.syncField(); f != nil { // 被退回: the platform's reason, on the case (below)
		objs = append(objs, f)
	}
	objs = append(objs,
		field(T("case.received", "收件时间"), stampText(c.ReceivedAt)),
		field(T("case.promise", "承诺办结日期"), c.PromiseDue), field(T("case.legal", "法定办结日期"), c.LegalDue),
	)
	objs = append(objs, d.counterFields()...) // case_actions.go
	objs = append(objs,
		widget.NewSeparator(), heading(T("intake.applicant", "申请人")),
		field(string(a.Kind), a.Name), revealField(e, c.ID, hall.FieldIDNumber, orDash(a.IDType), hall.MaskID(a.IDNumber)),
		revealField(e, c.ID, hall.FieldPhone, T("case.phone", "联系电话"), hall.MaskPhone(a.Phone)), // audited (users_audit.go)
	)
	if b := c.Bundle; b != nil { // one of the cases an intake of a bundle opened: after 状态
		objs = slices.Insert(objs, 3, field(T("case.bundle", "一件事"), T("case.bundle.part",
			"{{.Name}}（第 {{.Part}} 件，共 {{.Of}} 件）", map[string]any{"Name": b.Name, "Part": b.Part, "Of": b.Of})))
	}
	objs = append(objs, d.applicantLines(e)...) // legal representative and contact among them
	objs = append(objs, widget.NewSeparator(),
		heading(T("case.form", "申请表（第{{.V}}版）", map[string]any{"V": c.SchemaVersion})))
	if len(c.FormGaps) > 0 {
		objs = append(objs, formGapsLine(c.FormGaps))
	}
	objs = append(objs, d.formLines())
	objs = append(objs, widget.NewSeparator(), heading(T("intake.materials", "材料核验")))
	objs = append(objs, d.materialLines())
	objs = append(objs, widget.NewSeparator(), heading(T("case.events", "办理记录")))
	for _, ev := range d.events {
		line := fmt.Sprintf("%s  %s  %s → %s", stampText(ev.At), ev.Action.Name(), orDash(string(ev.From)), ev.To)
		if ev.Reason != "" {
			line += "  " + strings.ReplaceAll(ev.Reason, "\n", "；")
		}
		l := wrap.NewLabel(line)
		objs = append(objs, l)
	}
	objs = append(objs, d.ratingLines(e)...)
	for _, u := range d.urges {
		objs = append(objs, wrap.NewLabel(urgeLine(u)))
	}
	docs := container.NewHBox()
	for _, ev := range d.events {
		at, n, ok := documents.ForEvent(c, ev)
		if !ok {
			continue
		}
		docs.Add(widget.NewButtonWithIcon(T("case.print", "打印{{.Kind}}", map[string]any{"Kind": string(n.Kind)}),
			theme.DocumentPrintIcon(), func() { reprint(e, at, n) }))
	}
	if len(docs.Objects) > 0 {
		objs = append(objs, widget.NewSeparator(), heading(T("case.docs", "文书")), docs)
	}
	return container.NewVScroll(container.NewVBox(objs...))
}

// reprint writes the notice again from the case and its event (the same
// facts, so the same document) and opens it.
func reprint(e *Env, c *hall.Case, n hall.Notice) {
	Go(e, func(ctx context.Context) (string, error) { return e.writeNotice(ctx, c, n) }, func(path string) {
		if err := e.openDocument(path); err != nil {
			e.ShowError(err)
		}
	})
}

// formGapsLine names the form's required fields a case received only
// (仅收件) still lacks, and how 受理 gets past them.
func formGapsLine(gaps []string) fyne.CanvasObject {
	l := wrap.NewLabel(T("case.form.gaps", "申请表尚有 {{.N}} 项未填写：{{.List}}。受理前请用“更正申请表 Alt+E”补全。",
		map[string]any{"N": len(gaps), "List": strings.Join(gaps, "、")}))
	l.Importance = widget.WarningImportance
	return l
}

// applicantLines are the applicant's captured fields beyond name, ID and
// phone, each shown only when it was captured, and masked as the receipt
// masks them: the address keeps its first six characters, a birth date its
// year (the masked ID number hides the rest), phones their ends; each
// personal one can be revealed, audited, like the ID number.
func (d *caseDetail) applicantLines(e *Env) []fyne.CanvasObject {
	c, a := d.c, d.c.Applicant
	var objs []fyne.CanvasObject
	if a.Sex != "" {
		objs = append(objs, field(T("case.sex", "性别"), a.Sex))
	}
	if a.BirthDate != "" {
		objs = append(objs, field(T("case.birth", "出生日期"), hall.MaskBirthDate(a.BirthDate)))
	}
	if a.Address != "" {
		objs = append(objs, revealField(e, c.ID, hall.FieldAddress, T("case.address", "联系地址"), hall.MaskAddress(a.Address)))
	}
	if a.LegalRep != "" {
		objs = append(objs, field(T("case.legalrep", "法定代表人"), a.LegalRep))
	}
	if a.ContactName != "" {
		objs = append(objs, field(T("case.contact", "联系人"), a.ContactName))
	}
	if a.ContactPhone != "" {
		objs = append(objs, revealField(e, c.ID, hall.FieldContactPhone, T("case.contactphone", "联系人手机"), hall.MaskPhone(a.ContactPhone)))
	}
	return objs
}

// ratingLines show the applicant's 好差评 of each stage, and offer the
// rating of a stage that can be rated and was not (the applicant came back
// to the window to rate).
func (d *caseDetail) ratingLines(e *Env) []fyne.CanvasObject {
	c := d.c
	objs := []fyne.CanvasObject{widget.NewSeparator(), heading(T("case.ratings", "好差评"))}
	for _, r := range c.Ratings {
		line := string(r.Stage) + "：" + string(r.Level)
		if r.Reason != "" {
			line += "（" + r.Reason + "）"
		}
		objs = append(objs, wrap.NewLabel(line+"  "+r.Channel+" "+stampText(r.At)))
	}
	for _, st := range []hall.RatingStage{hall.StageAccept, hall.StageDeliver} {
		_, rated := c.Rated(st)
		can := (st == hall.StageAccept && !c.AcceptedAt.IsZero()) || (st == hall.StageDeliver && c.State == hall.StateDelivered)
		if rated || !can {
			continue
		}
		st := st
		objs = append(objs, widget.NewButtonWithIcon(T("case.rate", "请申请人评价{{.Stage}}服务", map[string]any{"Stage": string(st)}),
			theme.AccountIcon(), func() { e.AskRating(c, st, nil) }))
	}
	if len(objs) == 2 {
		objs = append(objs, widget.NewLabel(T("case.ratings.none", "（尚未评价）")))
	}
	return objs
}

// formLines shows the values kept with the case under the labels of the
// form version they were filled with.
func (d *caseDetail) formLines() fyne.CanvasObject {
	var v forms.Values
	_ = json.Unmarshal(d.c.Form, &v)
	form := widget.NewForm()
	for _, f := range d.schema.Fields {
		if val, ok := v[f.Key]; ok {
			form.Append(f.Label, wrapped(valueText(f, val)))
		}
	}
	if len(form.Items) == 0 {
		return widget.NewLabel(T("case.form.empty", "（无）"))
	}
	return form
}

// wrapped is a value that may run over several lines; a widget.Form keeps
// its labels whole, however long a material's name is.
func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return l
}

// valueText shows a kept value as the clerk reads it: IDs and phones
// masked, rows one per line.
func valueText(f forms.Field, v any) string {
	switch x := v.(type) {
	case string:
		if f.Type == forms.TypeIDNumber {
			return hall.MaskID(x)
		}
		if f.Type == forms.TypePhone {
			return hall.MaskPhone(x)
		}
		return x
	case []any:
		var parts []string
		for i, e := range x {
			if row, ok := e.(map[string]any); ok {
				var cells []string
				for _, sub := range f.Fields {
					if sv, ok := row[sub.Key]; ok {
						cells = append(cells, sub.Label+" "+valueText(sub, sv))
					}
				}
				parts = append(parts, T("case.form.row", "第{{.N}}行：", map[string]any{"N": i + 1})+strings.Join(cells, "，"))
			} else {
				parts = append(parts, fmt.Sprint(e))
			}
		}
		return strings.Join(parts, "\n")
	}
	return fmt.Sprint(v)
}

func (d *caseDetail) materialLines() fyne.CanvasObject {
	out := widget.NewForm()
	for _, m := range d.c.Materials {
		var parts []string
		if m.Originals > 0 {
			parts = append(parts, T("materials.originals", "原件{{.N}}份", map[string]any{"N": m.Originals}))
		}
		if m.Copies > 0 {
			parts = append(parts, T("materials.copies", "复印件{{.N}}份", map[string]any{"N": m.Copies}))
		}
		for _, sum := range m.Files {
			name := sum[:min(12, len(sum))]
			if a, ok := d.files[sum]; ok {
				name = a.Name
			}
			parts = append(parts, T("case.scan", "扫描件")+" "+name)
		}
		if m.LicenceRef != "" {
			parts = append(parts, T("case.licence", "电子证照")+" "+m.LicenceRef)
		}
		if m.Deferred {
			parts = append(parts, T("case.deferred", "容缺后补，{{.Due}}前补交", map[string]any{"Due": m.DueDate}))
		}
		if len(parts) == 0 {
			parts = append(parts, T("case.notreceived", "未收"))
		}
		out.Append(m.Name, wrapped(strings.Join(parts, "；")))
	}
	return out
}

func stampText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return hall.HallTime(t).Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Who decides a case, and what the platform said of the window's actions
// (docs/adr/0018): the window decides 即办件, and 承诺件 only where the hall
// says its window decides (hall.SettingWindowDecides); a case the platform
// sent back shows the platform's reason on the case itself.

// loadCaseRules reads the hall's rule and the case's standing with the
// platform into d; a failed read leaves the window not deciding (closed).
func loadCaseRules(ctx context.Context, e *Env, d *caseDetail) {
	if e.Settings != nil {
		v, _ := e.Settings.Setting(ctx, hall.SettingWindowDecides)
		d.hallDecides = v == "1"
	}
	d.sync, d.syncNote, _ = e.Cases.CaseSync(ctx, d.c.ID)
}

// windowDecides reports whether this window may 办结 the case.
func (d *caseDetail) windowDecides() bool { return hall.WindowDecides(d.item, d.hallDecides) }

// decideNote says why a running case offers no 办结: the back office
// decides it on the platform.
func (d *caseDetail) decideNote() string {
	return T("counter.decide.platform", "本件不是即办件，由后台在平台上审批办结；办结后列入“待出件”，在此出件。")
}

// syncField is the platform's refusal of the window's action, in Chinese,
// when the case was sent back (被退回); nil otherwise.
func (d *caseDetail) syncField() fyne.CanvasObject {
	if d.sync != hall.SyncRejected {
		return nil
	}
	note := strings.TrimSpace(strings.TrimPrefix(syncText(hall.CaseSummary{No: d.c.No, Sync: d.sync, SyncNote: d.syncNote}),
		string(hall.SyncRejected)+"："))
	if note == string(hall.SyncRejected) || note == "" {
		note = T("case.rejected.noreason", "平台未说明理由")
	}
	text := T("case.rejected", "平台未接受本窗口的记录：{{.Reason}}。", map[string]any{"Reason": note})
	if d.c.State == hall.StateDecided && strings.Contains(note, "办结") { // the window's 办结 refused
		text += T("case.rejected.decide", "后台可能已在平台上办结本件，本件的结果以平台为准；同步取回平台的决定后，请在“同步”中处理被退回的记录。")
	} else {
		text += T("case.rejected.other", "请在“同步”中查看并处理被退回的记录。")
	}
	return dangerField(T("case.rejected.title", "平台退回"), text) // syncscreen.go

}
