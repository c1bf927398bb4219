package protocol

import (
	"strings"

	"yichuang/hall"
)

// PathRate is the public 好差评 route: an applicant rates a case later,
// from the receipt's QR code (docs/adr/0019). Unsigned, rate-limited per
// address and size-capped like registration.
const PathRate = "/api/v1/rate"

// RateRequest is an applicant's rating of one stage of a case. Code is the
// 评价码 printed on the case's notices (hall.RatingCode); Stage may be left
// out: the latest stage not yet rated (出件 once delivered, else 受理).
// Bundle is the bundle= field of a bundle receipt's QR link (一件事: the
// intake's other cases as number.评价码, joined by ~), passed on as the
// page found it: the one rating then counts for the 受理 of every case
// listed that belongs to CaseNo's bundle.
type RateRequest struct {
	CaseNo string `json:"case_no"`
	Code   string `json:"code"`
	Stage  string `json:"stage,omitempty"`
	Level  string `json:"level"`
	Reason string `json:"reason,omitempty"`
	Bundle string `json:"bundle,omitempty"`
}

// RateResponse confirms the rating recorded.
type RateResponse struct {
	CaseNo string `json:"case_no"`
	Stage  string `json:"stage"`
	Level  string `json:"level"`
	At     int64  `json:"at"` // Unix seconds
	// Cases are the numbers the rating was recorded for, when the request
	// named a bundle: CaseNo's and its bundle's cases not rated before.
	Cases []string `json:"cases,omitempty"`
}

// RatedCase is one case a bundle's rating names: its number and 评价码.
type RatedCase struct{ No, Code string }

// BundleCases reads Bundle: at most hall.MaxBundleMembers−1 cases, each a
// case number and an eight-digit 评价码 joined by a dot, none twice and not
// CaseNo. A field that is not that is refused naming it.
func (r RateRequest) BundleCases() ([]RatedCase, error) {
	if r.Bundle == "" {
		return nil, nil
	}
	bad := hall.Errorf(hall.EInvalid, "一件事评价的办件列表（bundle）格式不正确：应为“办件编号.评价码”，以 ~ 分隔")
	parts := strings.Split(r.Bundle, "~")
	if len(parts) > hall.MaxBundleMembers-1 {
		return nil, hall.Errorf(hall.EInvalid, "一件事评价的办件列表（bundle）最多 %d 件，现为 %d 件", hall.MaxBundleMembers-1, len(parts))
	}
	seen := map[string]bool{r.CaseNo: true}
	out := make([]RatedCase, 0, len(parts))
	for _, p := range parts {
		no, code, ok := strings.Cut(p, ".")
		if !ok || !hall.ValidCaseNumber(no) || len(code) != 8 || strings.Trim(code, "0123456789") != "" || seen[no] {
			return nil, bad
		}
		seen[no] = true
		out = append(out, RatedCase{No: no, Code: code})
	}
	return out, nil
}
