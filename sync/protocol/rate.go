package protocol

// PathRate is the public 好差评 route: an applicant rates a case later,
// from the receipt's QR code (docs/adr/0019). Unsigned, rate-limited per
// address and size-capped like registration.
const PathRate = "/api/v1/rate"

// RateRequest is an applicant's rating of one stage of a case. Code is the
// 评价码 printed on the case's notices (hall.RatingCode); Stage may be left
// out: the latest stage not yet rated (出件 once delivered, else 受理).
type RateRequest struct {
	CaseNo string `json:"case_no"`
	Code   string `json:"code"`
	Stage  string `json:"stage,omitempty"`
	Level  string `json:"level"`
	Reason string `json:"reason,omitempty"`
}

// RateResponse confirms the rating recorded.
type RateResponse struct {
	CaseNo string `json:"case_no"`
	Stage  string `json:"stage"`
	Level  string `json:"level"`
	At     int64  `json:"at"` // Unix seconds
}
