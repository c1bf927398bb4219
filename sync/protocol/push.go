package protocol

import (
	"bytes"
	"encoding/json"
)

// Op is one operation of a push. ID makes it idempotent: the platform
// applies each id once and answers a resend with CodeDuplicate.
type Op struct {
	ID     string          `json:"id"`
	Kind   string          `json:"kind"`
	CaseID string          `json:"case_id,omitempty"`
	Body   json.RawMessage `json:"body"`
}

// PushRequest is a batch of operations in the order the desk made them.
type PushRequest struct {
	Ops []Op `json:"ops"`
}

// WriteJSON writes r to buf as json.Marshal would, but writes each
// operation's body as it is instead of reading it again to compact it,
// which was most of the cost of encoding a push: a body is the whole case.
// Every body must therefore be valid JSON (the desk's engine checks each
// one before a push); an empty one is written as null, as json.Marshal
// writes it.
func (r PushRequest) WriteJSON(buf *bytes.Buffer) error {
	if r.Ops == nil {
		buf.WriteString(`{"ops":null}`)
		return nil
	}
	enc := json.NewEncoder(buf)
	buf.WriteString(`{"ops":[`)
	for i, op := range r.Ops {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(opHead{op.ID, op.Kind, op.CaseID}); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - len("}\n"))
		buf.WriteString(`,"body":`)
		if len(op.Body) == 0 {
			buf.WriteString("null")
		} else {
			buf.Write(op.Body)
		}
		buf.WriteByte('}')
	}
	buf.WriteString("]}")
	return nil
}

// opHead is an Op without its body, in the same order.
type opHead struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	CaseID string `json:"case_id,omitempty"`
}

// PushResponse answers every operation: Results[i] is the answer to
// Ops[i]. Ids are not repeated, which keeps the answer to a batch of a
// thousand operations at a few hundred bytes once compressed.
type PushResponse struct {
	Results []Result `json:"results"`
}

// Result is the answer to one operation: a code for programs and a Chinese
// message for the clerk.
type Result struct {
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

// Operation codes.
const (
	CodeApplied   = "applied"   // applied now
	CodeDuplicate = "duplicate" // applied before: a resend
	CodeInvalid   = "invalid"   // the record is wrong: parked
	CodeConflict  = "conflict"  // does not fit the platform's state: parked
	CodeForbidden = "forbidden" // not this desk's to send: parked
	CodeBlocked   = "blocked"   // an earlier operation of the same case in the batch was not applied
	CodeRetry     = "retry"     // the platform could not apply it now
)

// Settled reports whether the desk may drop the operation from its queue.
func (r Result) Settled() bool { return r.Code == CodeApplied || r.Code == CodeDuplicate }

// Rejected reports whether the operation must be parked and shown.
func (r Result) Rejected() bool {
	return r.Code == CodeInvalid || r.Code == CodeConflict || r.Code == CodeForbidden
}

// CaseEventBody is the body of a case.event operation: the case as it
// stood after the event, and the event.
type CaseEventBody struct {
	Case  json.RawMessage `json:"case"`
	Event json.RawMessage `json:"event"`
}
