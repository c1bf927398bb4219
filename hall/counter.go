package hall

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// The counter's transitions after intake: 补正材料收讫, 办结 at the window,
// 延期, 撤回 and 出件. Each is a Transition: it makes the event from the case as
// the store loaded it, inside the transaction, with the facts its notice
// prints frozen into the event's Data (hall.Notice), so a reprint years
// later shows what the applicant was given. Apply (case.go) checks what
// every copy of the state machine must agree on, the platform's included;
// the steps check what only the desk can (the collector against the
// applicant's ID number, the item's licence).

// Transition makes one event of a counter action from the case as it stands at
// time at (the transaction's time). The store applies it with Apply.
type Transition func(c *Case, at time.Time) (Event, error)

// Limits of what a clerk types on the counter's dialogs, in characters.
const (
	MaxCounterText   = 500
	MaxNameText      = 50 // a collector's name, an express company
	MaxExtensionDays = 60
	// DefaultExtensionDays is the extension 行政许可法 Art. 42 allows when
	// the item names none.
	DefaultExtensionDays = 10
)

// DecisionFacts is what the 办结通知书 prints.
type DecisionFacts struct {
	Result  Result `json:"result"`
	Reason  string `json:"reason,omitempty"`  // required for 不予许可
	Licence string `json:"licence,omitempty"` // 证照编号
}

// Extension is a 延期 (Art. 42): who approved it, why, by how many working
// days the legal limit grows, and the legal due date before it.
type Extension struct {
	Approver    string `json:"approver"`
	Reason      string `json:"reason"`
	Days        int    `json:"days"`
	LegalBefore string `json:"legal_before,omitempty"` // YYYY-MM-DD
}

// How the result leaves the hall (出件).
const (
	DeliverWindow = "窗口领取"
	DeliverPost   = "邮寄送达"
)

// Who collects at the window.
const (
	CollectorSelf  = "申请人本人"
	CollectorAgent = "受托人"
)

// Delivery is one 出件: handed over at the window (who collected it, whose
// ID was checked, when) or posted (express company, tracking number).
type Delivery struct {
	Method      string `json:"method"`
	Collector   string `json:"collector,omitempty"`    // name of who collected
	CollectorID string `json:"collector_id,omitempty"` // their ID number as checked (sealed at rest)
	Relation    string `json:"relation,omitempty"`     // 申请人本人 or 受托人
	AgentID     string `json:"agent_id,omitempty"`     // the agent's ID number as the authorisation names it
	Company     string `json:"company,omitempty"`      // express company
	Tracking    string `json:"tracking,omitempty"`     // tracking number
	// Letter is the SHA-256 of the 授权委托书's scan a 受托人 handed over,
	// attached as intake scans are (AttachmentService.Attach); the 出件
	// lists it among the case's materials (LetterMaterial).
	Letter string `json:"letter,omitempty"`
}

// LetterMaterial is the material a 受托人's 授权委托书 at 出件 is kept as.
const LetterMaterial = "授权委托书（出件）"

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

func counterText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case s == "" && required:
		return "", Errorf(EInvalid, "请填写%s", field)
	case n > MaxCounterText:
		return "", Errorf(EInvalid, "%s不能超过%d个字，现为%d个字", field, MaxCounterText, n)
	}
	return s, nil
}

// checkCounter checks the counter's events wherever they are applied.
func checkCounter(c *Case, ev Event) error {
	n := factsOf(ev)
	switch ev.Action {
	case ActSupplyCorrection:
		if len(n.Supplied) == 0 && strings.TrimSpace(ev.Reason) == "" {
			return Errorf(EInvalid, "补正材料收讫必须写明收到的材料")
		}
	case ActExtend:
		x := n.Extension
		switch {
		case x == nil:
			return Errorf(EInvalid, "延期必须写明批准人、理由和延长的工作日数")
		case c.ExtendedDays > 0:
			return Errorf(EConflict, "办件 %s 已延期 %d 个工作日，法定期限只能延长一次", c.No, c.ExtendedDays)
		case strings.TrimSpace(x.Approver) == "":
			return Errorf(EInvalid, "请填写延期的批准人（本机关负责人）")
		case strings.TrimSpace(x.Reason) == "":
			return Errorf(EInvalid, "请填写延期理由：须书面告知申请人")
		case x.Days < 1 || x.Days > MaxExtensionDays:
			return Errorf(EInvalid, "延长的工作日数须在 1 到 %d 之间，现为 %d", MaxExtensionDays, x.Days)
		}
	case ActWithdraw:
		if strings.TrimSpace(ev.Reason) == "" {
			return Errorf(EInvalid, "请填写撤回说明（申请人提出撤回的方式和理由）")
		}
	case ActCorrectForm:
		var v map[string]any
		if len(n.Form) == 0 || json.Unmarshal(n.Form, &v) != nil || v == nil {
			return Errorf(EInvalid, "更正申请表必须带上更正后的申请表")
		}
	case ActDeliver:
		return checkDelivery(n.Delivery)
	}
	return nil
}

func checkDelivery(d *Delivery) error {
	if d == nil {
		return Errorf(EInvalid, "出件必须选择送达方式：窗口领取或邮寄送达")
	}
	for _, f := range []struct{ name, v string }{{"领取人姓名", d.Collector}, {"快递公司", d.Company}} {
		if n := utf8.RuneCountInString(f.v); n > MaxNameText {
			return Errorf(EInvalid, "%s不能超过%d个字，现为%d个字", f.name, MaxNameText, n)
		}
	}
	switch d.Method {
	case DeliverWindow:
		switch {
		case strings.TrimSpace(d.Collector) == "":
			return Errorf(EInvalid, "请填写领取人姓名")
		case strings.TrimSpace(d.CollectorID) == "":
			return Errorf(EInvalid, "请填写领取人证件号码")
		case d.Relation != CollectorSelf && d.Relation != CollectorAgent:
			return Errorf(EInvalid, "请选择领取人身份：申请人本人或受托人")
		}
	case DeliverPost:
		switch {
		case strings.TrimSpace(d.Company) == "":
			return Errorf(EInvalid, "请填写快递公司")
		case !trackingOK(d.Tracking):
			return Errorf(EInvalid, "快递单号应为 6 到 40 位字母或数字，现为“%s”", d.Tracking)
		}
	default:
		return Errorf(EInvalid, "送达方式“%s”不正确：应为窗口领取或邮寄送达", d.Method)
	}
	return nil
}

func trackingOK(s string) bool {
	if len(s) < 6 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// applyCounter records on the case what the counter's events set.
func applyCounter(c *Case, ev Event) {
	n := factsOf(ev)
	switch ev.Action {
	case ActSupplyCorrection:
		c.Materials = mergeSupplied(c.Materials, n.Supplied)
		c.Reason = ""
	case ActExtend:
		c.ExtendedDays = n.Extension.Days
	case ActWithdraw:
		c.Reason = strings.TrimSpace(ev.Reason)
		c.FinishedAt = ev.At
	case ActCorrectForm:
		c.Form = append(json.RawMessage(nil), n.Form...)
		c.FormGaps = n.FormGaps
	case ActDeliver:
		c.DeliveredAt = ev.At
		if d := n.Delivery; d != nil && d.Letter != "" { // the agent's 授权委托书, kept with the case
			c.Materials = mergeSupplied(c.Materials, []CaseMaterial{{Name: LetterMaterial, Necessity: Optional,
				Originals: 1, Files: []string{d.Letter}}})
		}
	}
}

// mergeSupplied records what came back: a material already listed takes
// the new counts and files, a new one is added.
func mergeSupplied(have, got []CaseMaterial) []CaseMaterial {
	out := append([]CaseMaterial(nil), have...)
	for _, g := range got {
		found := false
		for i := range out {
			if out[i].Name == g.Name {
				out[i].Originals = max(out[i].Originals, g.Originals)
				out[i].Copies = max(out[i].Copies, g.Copies)
				out[i].Files = append(out[i].Files, g.Files...)
				out[i].Deferred, out[i].DueDate = false, ""
				found = true
			}
		}
		if !found {
			out = append(out, g)
		}
	}
	return out
}

// counterNotice is the notice of a counter event, with the hall as it is.
func counterNotice(kind DocKind, h HallInfo, c *Case, at time.Time) Notice {
	return Notice{Kind: kind, IssuedAt: at, HallName: h.Name, HallAddress: h.Address, HallPhone: h.Phone,
		QueryURL: ProgressURL(h.QueryURL, h.Platform, c.No)}
}

func withNotice(ev Event, n Notice) (Event, error) {
	data, err := json.Marshal(n)
	if err != nil {
		return Event{}, err
	}
	ev.Data = data
	return ev, nil
}

// Later is an intake decision taken on a case received earlier (收件 only):
// 受理, 不予受理 or 补正, from the case on 办件, dated when it is taken.
func (d Decision) Later() Transition {
	return func(c *Case, at time.Time) (Event, error) {
		if c.State != StateReceived {
			return Event{}, Errorf(EConflict, "办件当前为“%s”状态，不能“%s”", c.State, d.Action.Name())
		}
		d.At = at
		return d.Event(c)
	}
}

// Supply records the materials the applicant brought back after a 补正
// notice (补正材料收讫); note says anything else that came with them.
func Supply(got []CaseMaterial, note string) Transition {
	return func(c *Case, at time.Time) (Event, error) {
		note, err := counterText("补正说明", note, false)
		if err != nil {
			return Event{}, err
		}
		var kept []CaseMaterial
		for _, m := range got {
			if m.Received() {
				kept = append(kept, m)
			}
		}
		if len(kept) == 0 && note == "" {
			return Event{}, Errorf(EInvalid, "请勾选收到的补正材料，或在“补正说明”中写明收到了什么")
		}
		return withNotice(Event{Action: ActSupplyCorrection, At: at, Reason: note}, Notice{Supplied: kept})
	}
}

// WindowDecision is a case decided at the window (即办件 办结): the result,
// the reason when it is refused, the licence number where the item issues
// one.
type WindowDecision struct {
	Item    *Item
	Hall    HallInfo
	Approve bool
	Reason  string
	Licence string
	// HallDecides is the hall's SettingWindowDecides: its window decides
	// cases that are not 即办件 too.
	HallDecides bool
}

// SettingWindowDecides, "1", says this hall's window decides (办结) every
// case it accepted, 承诺件 included: a hall whose approving office sits at
// the window and does not decide on the platform. Unset, the window
// decides 即办件 only, and every other case waits for the back office's
// decision through the platform, so the two never decide the same case.
const SettingWindowDecides = "counter.window_decides"

// WindowDecides reports whether the window may decide a case of the item:
// a 即办件 always, any other only where the hall says its window decides.
// An item gone from the catalog is not known to be a 即办件.
func WindowDecides(it *Item, hallDecides bool) bool {
	return hallDecides || (it != nil && it.Instant())
}

// IssuesLicence reports whether the item's result is a certificate or
// licence whose number the decision must record.
func (it *Item) IssuesLicence() bool { return it != nil && strings.Contains(it.ResultType, "证") }

// Step makes the 办结 event with its 办结通知书.
func (w WindowDecision) Step() Transition {
	return func(c *Case, at time.Time) (Event, error) {
		if !WindowDecides(w.Item, w.HallDecides) {
			return Event{}, Errorf(EConflict, "本件不是即办件，由后台在平台上审批办结，窗口不能办结；后台办结后本件列入“待出件”"+
				"（本厅由窗口审批的，请管理员在“设置”中开启“窗口办结承诺件”）")
		}
		reason, err := counterText("不予许可的理由", w.Reason, !w.Approve)
		if err != nil {
			return Event{}, err
		}
		licence, err := counterText("证照编号", w.Licence, w.Approve && w.Item.IssuesLicence())
		if err != nil {
			return Event{}, err
		}
		f := DecisionFacts{Result: ResultDenied, Reason: reason}
		if w.Approve {
			f = DecisionFacts{Result: ResultApproved, Licence: licence}
			if w.Item != nil && w.Item.Type != TypeLicensing {
				f.Result = ResultIssued
			}
		}
		n := counterNotice(DocDecision, w.Hall, c, at)
		n.Decision = &f
		if w.Item != nil {
			n.PromiseLimit = w.Item.PromiseLimit
		}
		return withNotice(Event{Action: ActDecide, At: at, Result: f.Result, Reason: reason}, n)
	}
}

// ExtensionRequest is a 延期: approver, reason and working days.
type ExtensionRequest struct {
	Hall     HallInfo
	Approver string
	Reason   string
	Days     int
}

// DefaultExtension is the working days a 延期 offers for the item.
func DefaultExtension(it *Item) int {
	if it != nil && it.ExtensionDays > 0 {
		return it.ExtensionDays
	}
	return DefaultExtensionDays
}

// Step makes the 延期 event with its 延期告知书; the store counts the new
// legal due date (the promised one does not move).
func (x ExtensionRequest) Step() Transition {
	return func(c *Case, at time.Time) (Event, error) {
		approver, err := counterText("批准人", x.Approver, true)
		if err != nil {
			return Event{}, err
		}
		reason, err := counterText("延期理由", x.Reason, true)
		if err != nil {
			return Event{}, err
		}
		n := counterNotice(DocExtension, x.Hall, c, at)
		n.Extension = &Extension{Approver: approver, Reason: reason, Days: x.Days, LegalBefore: c.LegalDue}
		return withNotice(Event{Action: ActExtend, At: at, Reason: reason}, n)
	}
}

// CorrectForm makes the 更正申请表 event of a case received (收件 only) but
// not yet accepted. shown is the form as the window showed it (personal
// values masked), edited the whole form as the clerk corrected it, checked
// against its schema by the caller as at intake. A field left as shown
// keeps its stored value (c, as the store hands it to a step, holds it in
// clear), so a masked value never replaces the real one; the event keeps
// the values before and after. gaps are the labels of the required fields
// still empty after it (none: the form is complete and 受理 may follow).
func CorrectForm(shown, edited json.RawMessage, gaps []string, note string) Transition {
	return func(c *Case, at time.Time) (Event, error) {
		note, err := counterText("更正说明", note, false)
		if err != nil {
			return Event{}, err
		}
		var was, saw, now map[string]json.RawMessage
		if json.Unmarshal(edited, &now) != nil || now == nil {
			return Event{}, Errorf(EInvalid, "更正后的申请表无法读取")
		}
		_ = json.Unmarshal(c.Form, &was)
		_ = json.Unmarshal(shown, &saw)
		for k, v := range now {
			if old, ok := was[k]; ok && string(v) == string(saw[k]) {
				now[k] = old
			}
		}
		form, err := json.Marshal(now)
		if err != nil {
			return Event{}, err
		}
		if sameJSON(form, c.Form) {
			return Event{}, Errorf(EInvalid, "申请表没有改动，无需更正")
		}
		data, err := json.Marshal(Notice{Form: form, FormBefore: c.Form, FormGaps: gaps})
		if err != nil {
			return Event{}, err
		}
		return Event{Action: ActCorrectForm, At: at, Reason: note, Data: data}, nil
	}
}

// sameJSON reports whether two JSON objects hold the same values.
func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return string(a) == string(b)
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// Withdraw makes the 撤回 event with its 撤回通知书.
func Withdraw(h HallInfo, reason string) Transition {
	return func(c *Case, at time.Time) (Event, error) {
		reason, err := counterText("撤回说明", reason, true)
		if err != nil {
			return Event{}, err
		}
		return withNotice(Event{Action: ActWithdraw, At: at, Reason: reason}, counterNotice(DocWithdrawal, h, c, at))
	}
}

// Deliver makes the 出件 event with its 送达回证. At the window the
// collector's ID number must be the applicant's (本人, a natural person) or
// the one the written authorisation names (受托人); c must carry the
// applicant's ID number in clear, as the store hands it to a step.
func Deliver(h HallInfo, d Delivery) Transition {
	return func(c *Case, at time.Time) (Event, error) {
		d.Collector, d.Company = strings.TrimSpace(d.Collector), strings.TrimSpace(d.Company)
		d.CollectorID, d.AgentID = normID(d.CollectorID), normID(d.AgentID)
		d.Tracking = strings.TrimSpace(d.Tracking)
		if err := checkDelivery(&d); err != nil {
			return Event{}, err
		}
		if d.Method == DeliverWindow {
			if err := checkCollector(c, &d); err != nil {
				return Event{}, err
			}
			if d.Relation == CollectorAgent && !isSHA256(d.Letter) {
				return Event{}, Errorf(EInvalid, "请附上受托人交来的授权委托书扫描件（“授权委托书”）")
			}
			if d.Relation != CollectorAgent {
				d.Letter = ""
			}
		} else {
			d.Collector, d.CollectorID, d.Relation, d.AgentID, d.Letter = "", "", "", "", ""
		}
		n := counterNotice(DocDelivery, h, c, at)
		n.Delivery = &d
		return withNotice(Event{Action: ActDeliver, At: at}, n)
	}
}

func normID(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// checkCollector compares the collector's ID number with the applicant's
// or with the agent's as the written authorisation names it.
func checkCollector(c *Case, d *Delivery) error {
	switch d.Relation {
	case CollectorSelf:
		d.AgentID = ""
		if c.Applicant.Kind == LegalPerson {
			return Errorf(EInvalid, "单位申请的办件须由持授权委托书的受托人领取：请选择“受托人”并填写委托书载明的受托人证件号码")
		}
		if d.CollectorID != normID(c.Applicant.IDNumber) {
			return Errorf(EInvalid, "领取人证件号码与申请人 %s 的证件号码不一致：请核对证件；代为领取的，请选择“受托人”并核验授权委托书", c.Applicant.Name)
		}
	case CollectorAgent:
		switch {
		case d.AgentID == "":
			return Errorf(EInvalid, "请填写授权委托书载明的受托人证件号码")
		case d.AgentID != d.CollectorID:
			return Errorf(EInvalid, "领取人证件号码与授权委托书载明的受托人证件号码不一致，不能代为领取")
		}
	}
	return nil
}

// ExtendedDays is the working days a case's events extend its legal limit
// by: the 延期 recorded (only one is allowed).
func ExtendedDays(events []Event) int {
	n := 0
	for _, ev := range events {
		if ev.Action == ActExtend {
			if x := factsOf(ev).Extension; x != nil {
				n += x.Days
			}
		}
	}
	return n
}
