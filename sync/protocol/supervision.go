package protocol

import (
	"encoding/json"
	"fmt"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// Paths of the supervision feed and of 督办 (docs/adr/0020).
const (
	// PathSupervision: a page of the supervision feed, for a supervisor of
	// the asking desk.
	PathSupervision = "/api/v1/supervision"
)

// StreamUrges carries 督办 to the desk that handles the case, and the
// replies back to the desk of the supervisor who sent it.
const StreamUrges = "urges"

// Operation kinds of 督办 (push).
const (
	OpUrge      = "supervise.urge"  // a supervisor sends a 督办 on a case
	OpUrgeReply = "supervise.reply" // the handling desk's clerk answers it
)

// Hall levels of the platform's hall tree, from the top.
var HallLevels = []string{"省", "市", "县", "乡镇", "村"}

// SupervisionRequest asks for the feed after Cursor on behalf of User, a
// supervisor account of the asking desk.
type SupervisionRequest struct {
	User   string `json:"user"`
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit,omitempty"`
}

// SupervisionPage is one page of the feed. It carries no personal data of
// applicants: no name, ID number, phone or address, by construction (each
// row is built from the fields below and nothing else).
type SupervisionPage struct {
	// Scope is the hall whose subtree the user may watch.
	Scope string `json:"scope"`
	// Halls is every hall of the scope (the tree the desk draws its
	// 本大厅 / 下辖 selector from), on every page.
	Halls []HallInfo `json:"halls"`
	// Items names the items of this page's cases once, with their limits.
	Items map[string]SupItem `json:"items,omitempty"`
	Cases []SupCase          `json:"cases"`
	// Cursor stands after the last case of the page.
	Cursor string `json:"cursor"`
	More   bool   `json:"more"`
}

// HallInfo is one hall of the tree.
type HallInfo struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  string `json:"level,omitempty"`
	Parent string `json:"parent,omitempty"`
}

// SupItem is an item as the feed names it: its name and its limits.
type SupItem struct {
	Name        string `json:"n"`
	PromiseDays int    `json:"pd,omitempty"`
	PromiseUnit string `json:"pu,omitempty"`
	LegalDays   int    `json:"ld,omitempty"`
	LegalUnit   string `json:"lu,omitempty"`
}

// SupCase is one case of the feed. The hall and the desk are the first and
// third parts of its number. Times are Unix seconds.
type SupCase struct {
	No         string      `json:"no"`
	Item       string      `json:"i"`
	Department string      `json:"d"`
	Clerk      string      `json:"c,omitempty"`
	State      string      `json:"s"`
	Accepted   int64       `json:"a,omitempty"`
	Finished   int64       `json:"f,omitempty"`
	PromiseDue string      `json:"p,omitempty"`
	LegalDue   string      `json:"l,omitempty"`
	Overdue    string      `json:"o,omitempty"` // 超期原因
	Events     []SupEvent  `json:"e,omitempty"`
	Urges      []Urge      `json:"u,omitempty"`
	Ratings    []SupRating `json:"r,omitempty"` // 好差评, one a stage
}

// SupRating is one 好差评 of a case as the feed carries it: the stage, the
// level, when, by which channel, whether a reason was given, and the clerk
// who served when that was not the case's clerk. Never the reason itself:
// the applicant writes it freely and it may name people, phones or
// addresses (docs/adr/0020); it stays at the handling desk.
type SupRating struct {
	Stage    string `json:"s"`
	Level    string `json:"l"`
	At       int64  `json:"t"`
	Channel  string `json:"ch,omitempty"`
	Reasoned bool   `json:"w,omitempty"`
	Clerk    string `json:"c,omitempty"`
}

// SupEvent is one event of a case as the feed carries it: its kind (any
// action, so that kinds added later flow unchanged) and its time, on the
// wire as ["accept", 1764640000].
type SupEvent struct {
	Kind string
	At   int64
}

// MarshalJSON writes the pair.
func (e SupEvent) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]any{e.Kind, e.At})
}

// UnmarshalJSON reads the pair.
func (e *SupEvent) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("supervision event: want [kind, time], got %d values", len(pair))
	}
	if err := json.Unmarshal(pair[0], &e.Kind); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &e.At)
}

// Urge is a 督办: a supervisor's demand on a case, and the handling desk's
// reply. Times are Unix seconds; ReplyBy is the hall's day (YYYY-MM-DD).
type Urge struct {
	ID        string `json:"id"`
	CaseNo    string `json:"case_no"`
	Reason    string `json:"reason"`
	ReplyBy   string `json:"reply_by"`
	By        string `json:"by"` // the supervisor's name
	At        int64  `json:"at"`
	Reply     string `json:"reply,omitempty"`
	RepliedBy string `json:"replied_by,omitempty"`
	RepliedAt int64  `json:"replied_at,omitempty"`
}

// UrgeBody is the body of an OpUrge operation.
type UrgeBody struct {
	Urge
	User string `json:"user"` // the supervisor's account, whose scope must hold the case
}

// UrgeReplyBody is the body of an OpUrgeReply operation.
type UrgeReplyBody struct {
	ID        string `json:"id"`
	Reply     string `json:"reply"`
	RepliedBy string `json:"replied_by"`
	RepliedAt int64  `json:"replied_at"`
}

// Domain turns a page into domain values: each case as the supervisor's
// row, its item's name and limits from the page's Items, its events as
// events (kind and time only).
func (p SupervisionPage) Domain() supervision.FeedPage {
	out := supervision.FeedPage{Scope: p.Scope, Cursor: p.Cursor, More: p.More,
		Halls: make([]supervision.Hall, len(p.Halls)), Cases: make([]supervision.FeedCase, len(p.Cases))}
	for i, h := range p.Halls {
		out.Halls[i] = supervision.Hall{Code: h.Code, Name: h.Name, Level: h.Level, Parent: h.Parent}
	}
	for i, c := range p.Cases {
		it := p.Items[c.Item]
		fc := supervision.FeedCase{Case: supervision.Case{No: c.No, Hall: supervision.HallOf(c.No),
			Desk: supervision.DeskOf(c.No), ItemCode: c.Item, ItemName: it.Name, Department: c.Department,
			Clerk: c.Clerk, State: hall.State(c.State), AcceptedAt: supervision.UrgeTime(c.Accepted),
			FinishedAt: supervision.UrgeTime(c.Finished), PromiseDue: c.PromiseDue, LegalDue: c.LegalDue,
			PromiseLimit: hall.Limit{Days: it.PromiseDays, Unit: hall.Unit(it.PromiseUnit)},
			LegalLimit:   hall.Limit{Days: it.LegalDays, Unit: hall.Unit(it.LegalUnit)}},
			OverdueReason: c.Overdue}
		if fc.ItemName == "" {
			fc.ItemName = c.Item
		}
		for _, e := range c.Events {
			fc.Events = append(fc.Events, hall.Event{Action: hall.Action(e.Kind), At: supervision.UrgeTime(e.At)})
		}
		for _, r := range c.Ratings {
			clerk := r.Clerk
			if clerk == "" {
				clerk = c.Clerk
			}
			fc.Ratings = append(fc.Ratings, supervision.Rating{CaseNo: c.No, Stage: hall.RatingStage(r.Stage),
				Level: hall.RatingLevel(r.Level), Channel: r.Channel, Reasoned: r.Reasoned, Remote: true,
				Clerk: clerk, Department: c.Department, At: supervision.UrgeTime(r.At)})
		}
		for _, u := range c.Urges {
			fc.Urges = append(fc.Urges, u.Domain())
			fc.Case.Urges++
			if u.RepliedAt == 0 {
				fc.UrgesOpen++
			}
		}
		out.Cases[i] = fc
	}
	return out
}

// Domain is the urge as the domain keeps it.
func (u Urge) Domain() hall.Urge {
	return hall.Urge{ID: u.ID, CaseNo: u.CaseNo, Reason: u.Reason, ReplyBy: u.ReplyBy, By: u.By,
		At: supervision.UrgeTime(u.At), Reply: u.Reply, RepliedBy: u.RepliedBy, RepliedAt: supervision.UrgeTime(u.RepliedAt)}
}
