package hall

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

// DocKind is a written notice the window hands the applicant (行政许可法
// Art. 32: acceptance or refusal is a dated written notice; an incomplete
// application gets a one-time list of everything to correct).
type DocKind string

// The notices of the intake decisions.
const (
	DocReceipt    DocKind = "受理回执"
	DocRefusal    DocKind = "不予受理通知书"
	DocCorrection DocKind = "一次性告知书"
	// The notices of the counter's later transitions (counter.go).
	DocReceiving  DocKind = "收件凭证"  // materials taken in, decision later
	DocDecision   DocKind = "办结通知书" // decided at the window
	DocExtension  DocKind = "延期告知书" // Art. 42: the applicant is told why, in writing
	DocWithdrawal DocKind = "撤回通知书" // the application is withdrawn at the applicant's request
	DocDelivery   DocKind = "送达回证"  // the result handed over or posted
)

// DocKindOf is the notice an action hands out, "" for actions without one.
func DocKindOf(a Action) DocKind {
	switch a {
	case ActAccept:
		return DocReceipt
	case ActRefuse:
		return DocRefusal
	case ActRequestCorrection:
		return DocCorrection
	}
	return ""
}

// SettingQueryURL is the address the receipt's QR code points to, with
// {case_no} where the case number goes, e.g.
// https://zwfw.example.gov.cn/progress?no={case_no}.
const SettingQueryURL = "platform.query_url"

// DefaultQueryPath is appended to the platform address when no query URL
// is set: the platform's case look-up (GET /api/v1/cases/{case_no}).
const DefaultQueryPath = "/api/v1/cases/{case_no}"

// ProgressURL is where the applicant can follow the case: the query URL
// template with the case number filled in, else the platform's case
// look-up, else "" (the desk knows no address).
func ProgressURL(template, platform, caseNo string) string {
	if strings.TrimSpace(template) == "" {
		if strings.TrimSpace(platform) == "" {
			return ""
		}
		template = strings.TrimRight(strings.TrimSpace(platform), "/") + DefaultQueryPath
	}
	return strings.ReplaceAll(strings.TrimSpace(template), "{case_no}", url.PathEscape(caseNo))
}

// Notice holds the facts a notice prints that the case itself does not
// keep: the hall as it was on the day, the progress address, the gaps. It
// is frozen into the decision event's Data, so a reprint years later shows
// exactly what the applicant was given.
type Notice struct {
	Kind         DocKind   `json:"kind"`
	IssuedAt     time.Time `json:"issued_at"`
	HallName     string    `json:"hall_name"`
	HallAddress  string    `json:"hall_address"`
	HallPhone    string    `json:"hall_phone"`
	QueryURL     string    `json:"query_url,omitempty"`
	PromiseLimit Limit     `json:"promise_limit"`
	Gaps         []Gap     `json:"gaps,omitempty"`  // correction: the materials to supply or fix
	Notes        []string  `json:"notes,omitempty"` // correction: the clerk's further items

	// The facts of the counter's later transitions (counter.go), each
	// set on its own notice only.
	Decision  *DecisionFacts `json:"decision,omitempty"`  // 办结通知书
	Extension *Extension     `json:"extension,omitempty"` // 延期告知书
	Delivery  *Delivery      `json:"delivery,omitempty"`  // 送达回证
	Supplied  []CaseMaterial `json:"supplied,omitempty"`  // 补正材料收讫: what came back (no notice)
	// 更正申请表: the form's values as corrected, and as they were (no notice).
	Form       json.RawMessage `json:"form,omitempty"`
	FormBefore json.RawMessage `json:"form_before,omitempty"`
	FormGaps   []string        `json:"form_gaps,omitempty"` // the required fields still empty after it
}

// factsOf reads the facts frozen into an event, whether or not it hands
// out a notice (补正材料收讫 records what came back without one).
func factsOf(ev Event) Notice {
	var n Notice
	if len(ev.Data) > 0 {
		_ = json.Unmarshal(ev.Data, &n)
	}
	return n
}

// NoticeOf reads the notice frozen into an event, false when it has none.
func NoticeOf(ev Event) (Notice, bool) {
	var n Notice
	if len(ev.Data) == 0 || json.Unmarshal(ev.Data, &n) != nil || n.Kind == "" {
		return Notice{}, false
	}
	return n, true
}
