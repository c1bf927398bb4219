package protocol

import "encoding/json"

// PullRequest asks for the changes after each stream's cursor. A missing
// stream counts from the start.
type PullRequest struct {
	Cursors map[string]string `json:"cursors"`
	Limit   int               `json:"limit,omitempty"`
}

// PullResponse carries changes in the platform's order and the cursors
// that stand after them. More says another pull would bring more.
type PullResponse struct {
	Changes []Change          `json:"changes"`
	Cursors map[string]string `json:"cursors"`
	More    bool              `json:"more"`
	// Epoch changes when the platform is restored from a backup: a desk
	// that sees a new one asks PathRecover what the platform lost.
	Epoch string `json:"epoch,omitempty"`
}

// Change is one change of one stream. Doc depends on the stream: an item
// (catalog), a CalendarDoc, a user (users) or a DecisionDoc.
type Change struct {
	Stream string          `json:"stream"`
	Seq    int64           `json:"seq"`
	Key    string          `json:"key"`
	Doc    json.RawMessage `json:"doc"`
}

// CalendarDoc is one year's holiday table.
type CalendarDoc struct {
	Year  int             `json:"year"`
	Table json.RawMessage `json:"table"` // {"off": [...], "makeup_workdays": [...]}
}

// DecisionDoc is a back-office event on a case.
type DecisionDoc struct {
	CaseID string          `json:"case_id"`
	CaseNo string          `json:"case_no"`
	Event  json.RawMessage `json:"event"`
}
