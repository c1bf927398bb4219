package hall

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// HallInfo is what notices print about the hall.
type HallInfo struct {
	Name, Address, Phone string
	QueryURL             string // SettingQueryURL, may be empty
	Platform             string // SettingPlatform, may be empty
}

// Decision is the clerk's decision on a new application at the window.
type Decision struct {
	Action Action // ActAccept, ActRefuse or ActRequestCorrection; "" records 收件 only
	Item   *Item
	Hall   HallInfo
	Reason string   // refusal reason (不予受理)
	Notes  []string // correction items beyond the material gaps (补正)
	Actor  string
	// At is when the decision is taken; zero at intake, where it is the
	// case's received time (a later decision: Later, counter.go).
	At time.Time
}

// Event makes the decision's event for the case c, which has just been
// received (it has its number and received time). The notice the decision
// hands out is frozen into the event's Data.
func (d Decision) Event(c *Case) (Event, error) {
	kind := DocKindOf(d.Action)
	if kind == "" {
		return Event{}, Errorf(EInvalid, "“%s”不是窗口受理环节的决定", d.Action.Name())
	}
	at := c.ReceivedAt
	if !d.At.IsZero() {
		at = d.At
	}
	ev := Event{Action: d.Action, At: at, Actor: d.Actor}
	n := Notice{Kind: kind, IssuedAt: at, HallName: d.Hall.Name, HallAddress: d.Hall.Address,
		HallPhone: d.Hall.Phone, QueryURL: ProgressURL(d.Hall.QueryURL, d.Hall.Platform, c.No)}
	if d.Item != nil {
		n.PromiseLimit = d.Item.PromiseLimit
	}
	switch d.Action {
	case ActAccept:
		if d.Item == nil {
			return Event{}, Errorf(EInternal, "受理需要事项的材料清单和时限")
		}
		if err := FormComplete(c); err != nil {
			return Event{}, err
		}
		// The due dates are not set here: the store counts them when it
		// applies the event (store/sqlite/deadline.go), the one place.
		if gaps := MaterialGaps(d.Item.Materials, c.Materials, HallDay(at)); len(gaps) > 0 {
			return Event{}, Errorf(EInvalid, "材料不齐全，不能受理：%s", gaps[0])
		}
	case ActRefuse:
		ev.Reason = strings.TrimSpace(d.Reason)
	case ActRequestCorrection:
		if d.Item != nil {
			n.Gaps = MaterialGaps(d.Item.Materials, c.Materials, HallDay(at))
		}
		n.Notes = d.Notes
		ev.Reason = CorrectionList(n.Gaps, n.Notes)
	}
	data, err := json.Marshal(n)
	if err != nil {
		return Event{}, err
	}
	ev.Data = data
	return ev, nil
}

// FormComplete refuses 受理 of a case whose form still lacks required
// values (received only, FormGaps), naming the first.
func FormComplete(c *Case) error {
	if n := len(c.FormGaps); n > 0 {
		return Errorf(EInvalid, "申请表尚未填写完整，不能受理：“%s”等 %d 项未填写。请先点“更正申请表”补全", c.FormGaps[0], n)
	}
	return nil
}

// Submission is one intake at the window: the case as filled, the draft it
// came from and the decision made on it, committed as one transaction.
type Submission struct {
	DraftID string
	Case    *Case
	Schema  json.RawMessage // the form schema the case was filled with
	// Decide makes the decision's event once the case has its number and
	// received time, inside the transaction; nil records 收件 only.
	Decide func(c *Case) (Event, error)
	// Received, with Decide nil, makes the facts of the 收件 event's
	// notice (the 收件凭证: Decision.Receipt) once the case has its number.
	Received func(c *Case) (json.RawMessage, error)
}

// Receipt is the 收件凭证 of a case received without a decision yet: the
// materials taken in, the decision to come (受理, 不予受理 or 补正) from the
// case on 办件 or the back office.
func (d Decision) Receipt(c *Case) (json.RawMessage, error) {
	n := Notice{Kind: DocReceiving, IssuedAt: c.ReceivedAt, HallName: d.Hall.Name, HallAddress: d.Hall.Address,
		HallPhone: d.Hall.Phone, QueryURL: ProgressURL(d.Hall.QueryURL, d.Hall.Platform, c.No)}
	if d.Item != nil {
		n.PromiseLimit = d.Item.PromiseLimit
		n.Gaps = MaterialGaps(d.Item.Materials, c.Materials, HallDay(c.ReceivedAt))
	}
	return json.Marshal(n)
}

// IntakeService commits intakes.
type IntakeService interface {
	// Submit opens the case (收件) with its number, applies the decision,
	// records every event with its outbox entry, keeps the schema and
	// closes the draft, all in one transaction. It returns the case and
	// its events.
	Submit(ctx context.Context, s Submission) (*Case, []Event, error)
}
