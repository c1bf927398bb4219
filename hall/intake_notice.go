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
}

// NoticeOf reads the notice frozen into an event, false when it has none.
func NoticeOf(ev Event) (Notice, bool) {
	var n Notice
	if len(ev.Data) == 0 || json.Unmarshal(ev.Data, &n) != nil || n.Kind == "" {
		return Notice{}, false
	}
	return n, true
}
