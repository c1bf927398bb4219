package supervision

import (
	"context"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// Case is one accepted case as the supervisor sees it.
type Case struct {
	No string
	// Hall and Desk are the codes of the hall and the desk that hold the
	// case (the first and third parts of its number).
	Hall, Desk string
	ItemCode   string
	ItemName   string
	Department string
	Clerk      string
	State      hall.State
	AcceptedAt time.Time
	FinishedAt time.Time // zero while open
	PromiseDue string    // YYYY-MM-DD
	LegalDue   string    // YYYY-MM-DD
	// PromiseLimit is the promised limit the case was accepted under; its
	// Instant tells a 即办件.
	PromiseLimit hall.Limit
	LegalLimit   hall.Limit
	// Stops are the clock stops as the store keeps them
	// (calendar.FormatStops); read only for a case whose stop still runs.
	Stops string
	// StoppedWorkdays is how many working days the clock stood still
	// (补正, 特别程序), as of the last event.
	StoppedWorkdays int
	// Remote: another window's case, from the platform's feed.
	Remote bool
	// Urges counts the 督办 sent on the case, UrgesOpen those not answered.
	Urges, UrgesOpen int
	// Provisional: the due dates were counted through a year with no
	// holiday table, or a stop is still running.
	Provisional bool
}

// Query narrows what is loaded: cases accepted from From through To (the
// hall's days; a zero end leaves that side open).
type Query struct {
	From, To calendar.Date
	// OpenOnly leaves out the finished cases: the few thousand a screen
	// needs first, before the statistics of the whole history.
	OpenOnly bool
	// Scope is whose cases: this desk's (the zero value), the hall's, or
	// the halls under it (docs/adr/0020).
	Scope Scope
}

// ScopeKind is how far the supervisor looks.
type ScopeKind int

// Scopes: 本窗口, 本大厅, 下辖.
const (
	ScopeDesk ScopeKind = iota
	ScopeHall
	ScopeUnder
)

// Scope is a choice of the scope selector: Hall narrows ScopeUnder to one
// hall below (a township) and its own subtree; "" is all of them.
type Scope struct {
	Kind ScopeKind
	Hall string
}

// Snapshot is one consistent read: the cases, the open cases not yet
// accepted (no due date yet) and the calendar they are counted with.
type Snapshot struct {
	Cases    []Case
	Waiting  int
	Calendar *calendar.Calendar
	// Ratings are the 好差评 given in the query's days (ratings.go).
	Ratings []Rating
	// Halls is the tree the platform's feed gave (empty when this desk
	// receives no feed), Own this desk's hall code.
	Halls []Hall
	Own   string
}

// Service is what the supervisor screen and the export read.
type Service interface {
	Supervise(ctx context.Context, q Query) (Snapshot, error)
}
