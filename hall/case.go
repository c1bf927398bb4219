package hall

import (
	"encoding/json"
	"strings"
	"time"
)

// Result is how a decided case ended (办结结果), with the platform's BJJGDM code.
type Result string

// Results of a decided case.
const (
	ResultIssued   Result = "出证办结" // 0
	ResultReturned Result = "退回"   // 1
	ResultVoid     Result = "作废"   // 2
	ResultApproved Result = "准予许可" // 6
	ResultDenied   Result = "不予许可" // 7
)

// ResultCode is the platform's BJJGDM code of a result.
func (r Result) Code() string {
	switch r {
	case ResultIssued:
		return "0"
	case ResultReturned:
		return "1"
	case ResultVoid:
		return "2"
	case ResultApproved:
		return "6"
	case ResultDenied:
		return "7"
	}
	return ""
}

// CaseMaterial is what the window recorded for one material of the item.
type CaseMaterial struct {
	Name       string    `json:"name"`
	Necessity  Necessity `json:"necessity"`
	Originals  int       `json:"originals"`             // originals received
	Copies     int       `json:"copies"`                // copies received
	Deferred   bool      `json:"deferred,omitempty"`    // 容缺: accepted now, supplied later
	DueDate    string    `json:"due_date,omitempty"`    // YYYY-MM-DD for a deferred material
	Files      []string  `json:"files,omitempty"`       // SHA-256 of attached scans
	LicenceRef string    `json:"licence_ref,omitempty"` // 电子证照 reference
}

// Received reports whether anything of the material is in hand.
func (m CaseMaterial) Received() bool {
	return m.Originals > 0 || m.Copies > 0 || len(m.Files) > 0 || m.LicenceRef != ""
}

// Case is one application (办件).
type Case struct {
	ID            string `json:"id"` // ULID made on the desk
	No            string `json:"no"` // case number, printable, unique without coordination
	ItemCode      string `json:"item_code"`
	ItemName      string `json:"item_name"`
	Department    string `json:"department"`
	SchemaVersion int    `json:"schema_version"`

	Applicant Applicant       `json:"applicant"`
	Form      json.RawMessage `json:"form,omitempty"` // field values as filled
	// FormGaps are the labels of the form's required fields still empty on
	// a case received only (仅收件: the papers are taken in before they are
	// checked); 更正申请表 fills them, and 受理 waits until none is left.
	FormGaps  []string       `json:"form_gaps,omitempty"`
	Materials []CaseMaterial `json:"materials,omitempty"`

	State  State  `json:"state"`
	Result Result `json:"result,omitempty"`
	Reason string `json:"reason,omitempty"` // refusal reason or correction list
	// OverdueReason is why the case ran past its promised date, as the
	// supervisor recorded it (超期原因, overdue.go); the latest counts.
	OverdueReason string `json:"overdue_reason,omitempty"`
	// Ratings are the applicant's 好差评, one a stage (rating.go).
	Ratings []Rating `json:"ratings,omitempty"`
	Clerk   string   `json:"clerk"`
	// Licence is the number of the certificate or licence the decision
	// issued (证照编号), where the item issues one.
	Licence string `json:"licence,omitempty"`
	// ExtendedDays is the working days the legal limit was extended by
	// (延期, Art. 42); the promised date does not move.
	ExtendedDays int `json:"extended_days,omitempty"`
	// Bundle links the cases one intake of a bundle (一件事) opened.
	Bundle *CaseBundle `json:"bundle,omitempty"`

	ReceivedAt time.Time `json:"received_at"`
	AcceptedAt time.Time `json:"accepted_at,omitempty"`
	FinishedAt time.Time `json:"finished_at,omitempty"`
	// DeliveredAt is when the result was handed over or posted (出件).
	DeliveredAt time.Time `json:"delivered_at,omitempty"`
	PromiseDue  string    `json:"promise_due,omitempty"` // YYYY-MM-DD
	LegalDue    string    `json:"legal_due,omitempty"`   // YYYY-MM-DD

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Event is one thing that happened to a case. Both the desk and the
// platform append events; they are never overwritten.
type Event struct {
	ID     string          `json:"id"` // ULID, also the operation id when pushed
	CaseID string          `json:"case_id"`
	Action Action          `json:"action"`
	From   State           `json:"from"`
	To     State           `json:"to"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Reason string          `json:"reason,omitempty"`
	Result Result          `json:"result,omitempty"`
	Data   json.RawMessage `json:"data,omitempty"`

	// PromiseDue and LegalDue, when set, are the due dates (YYYY-MM-DD) the
	// action fixes: acceptance sets them, the end of a clock stop moves them.
	PromiseDue string `json:"promise_due,omitempty"`
	LegalDue   string `json:"legal_due,omitempty"`
}

// Apply moves c by ev's action, checking the transition, and records the
// times the action sets. It returns the event with From and To filled in.
// It changes c only when the transition is allowed. Its checks read c's
// number, state, due dates, acceptance and finishing times, extension and
// ratings: the platform checks a pushed event against its stored copy with
// only those fields opened (platform/store decodeChecked), so a check that
// reads another field is added there too.
func Apply(c *Case, ev Event) (Event, error) {
	to, err := Next(c.State, ev.Action)
	if err != nil {
		return ev, err
	}
	switch ev.Action {
	case ActRefuse:
		if strings.TrimSpace(ev.Reason) == "" {
			return ev, Errorf(EInvalid, "不予受理必须填写理由")
		}
	case ActRequestCorrection:
		if strings.TrimSpace(ev.Reason) == "" {
			return ev, Errorf(EInvalid, "补齐补正告知必须一次性列明需补正的全部材料")
		}
	case ActDecide:
		if ev.Result.Code() == "" {
			return ev, Errorf(EInvalid, "办结必须选择办结结果")
		}
	case ActSupplyCorrection, ActExtend, ActWithdraw, ActDeliver, ActCorrectForm:
		if err := checkCounter(c, ev); err != nil { // counter.go
			return ev, err
		}
	case ActOverdueReason:
		if err := checkOverdueReason(c, ev); err != nil {
			return ev, err
		}
	case ActRate:
		if _, err := checkRating(c, ev); err != nil {
			return ev, err
		}
	}
	ev.From, ev.To = c.State, to
	ev.CaseID = c.ID
	if ev.PromiseDue != "" {
		c.PromiseDue = ev.PromiseDue
	}
	if ev.LegalDue != "" {
		c.LegalDue = ev.LegalDue
	}
	c.State = to
	c.UpdatedAt = ev.At
	switch ev.Action {
	case ActReceive:
		if c.ReceivedAt.IsZero() {
			c.ReceivedAt = ev.At
		}
	case ActAccept:
		c.AcceptedAt = ev.At
	case ActRefuse, ActRequestCorrection:
		c.Reason = ev.Reason
	case ActOverdueReason:
		c.OverdueReason = strings.TrimSpace(ev.Reason)
	case ActRate:
		r, _ := RatingOf(ev)
		c.Ratings = append(c.Ratings, r)
	case ActDecide:
		c.Result = ev.Result
		c.FinishedAt = ev.At
		if d := factsOf(ev).Decision; d != nil {
			c.Licence = d.Licence
			c.Reason = d.Reason
		}
	default:
		applyCounter(c, ev) // counter.go
	}
	return ev, nil
}
