package supervision

import (
	"context"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// Case is one accepted case as the supervisor sees it.
type Case struct {
	No         string
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
}

// Snapshot is one consistent read: the cases, the open cases not yet
// accepted (no due date yet) and the calendar they are counted with.
type Snapshot struct {
	Cases    []Case
	Waiting  int
	Calendar *calendar.Calendar
	// Ratings are the 好差评 given in the query's days (ratings.go).
	Ratings []Rating
}

// Service is what the supervisor screen and the export read.
type Service interface {
	Supervise(ctx context.Context, q Query) (Snapshot, error)
}
