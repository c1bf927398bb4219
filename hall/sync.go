package hall

import (
	"time"
)

// Settings keys of the desk's registration with the platform. The secret
// sits in the desk's database until accounts and encryption at rest arrive;
// it never leaves the desk except as signatures.
const (
	SettingDeskID     = "platform.desk_id"
	SettingDeskSecret = "platform.secret"
	SettingPlatformCA = "platform.ca" // PEM of a private CA the platform's certificate chains to
)

// Outbox operation kinds.
const (
	OpCaseEvent = "case.event" // body {"case": Case after the event, "event": Event}
	OpCaseDue   = "case.due"   // body DueChange: due dates recounted without an event (a new holiday table)
)

// DueChange is the body of a case.due operation: a case's due dates moved
// because the calendar they are counted with changed, not because anything
// happened to the case.
type DueChange struct {
	CaseID     string `json:"case_id"`
	CaseNo     string `json:"case_no"`
	PromiseDue string `json:"promise_due"`
	LegalDue   string `json:"legal_due"`
	Reason     string `json:"reason"`
}

// Outbox operation states.
const (
	OpPending = "pending"
	OpParked  = "parked"
	OpDone    = "done"
)

// OutboxOp is one operation waiting for the platform, in the order made.
type OutboxOp struct {
	Seq          int64
	ID           string // op id: for a case event, the event's id
	Kind         string
	CaseID       string
	CaseNo       string
	Body         []byte // JSON as enqueued
	State        string
	Attempts     int
	ParkedCode   string
	ParkedReason string
	CreatedAt    time.Time
	Sending      bool
}

// OpVerdict is what the platform's answer means for one operation.
type OpVerdict int

// Verdicts. Done covers both "applied now" and "applied before" (a resend).
const (
	OpKeep OpVerdict = iota // not settled: try again later
	OpAccepted
	OpRejected // parked with the platform's reason, shown to the clerk
)

// OpResult settles one pushed operation.
type OpResult struct {
	Seq     int64
	Verdict OpVerdict
	Code    string // the platform's code
	Message string // the platform's Chinese message
}

// FileRef is one attached scan that a case refers to.
type FileRef struct {
	SHA256 string
	Size   int64
	Name   string
	CaseID string
}

// FileUpload is a scan on its way to the platform.
type FileUpload struct {
	FileRef
	CaseNo   string
	URL      string // the platform's upload address once created
	State    string // pending, parked or done (the OpXxx words)
	Attempts int
	Reason   string
	Sending  bool
}

// PlatformUser is a user account as the platform publishes it.
type PlatformUser struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Hall   string `json:"hall"`
	Role   string `json:"role"`
	Active bool   `json:"active"`
}

// CalendarYear is one year's holiday table as the platform publishes it,
// in the per-year shape of package calendar.
type CalendarYear struct {
	Year  int
	Table []byte
}

// PullBatch is what one pull brought, in domain terms, with the cursors
// that stand after it. The store applies all of it and the cursors in one
// transaction, so a crash never advances a cursor past unapplied changes.
type PullBatch struct {
	Items     []Item
	Calendars []CalendarYear
	Users     []PlatformUser
	Decisions []Event // back-office events on this desk's cases
	Urges     []Urge  // 督办 on this desk's cases, and replies to this desk's 督办
	Bad       []PullProblem
	Cursors   map[string]string
}

// PullProblem is a change that could not be read or applied: kept and
// shown, never dropped.
type PullProblem struct {
	Stream string
	Key    string
	CaseID string
	Doc    []byte
	Reason string
}

// PullApplied counts what a pull changed at the desk.
type PullApplied struct {
	Items, Calendars, Users, Decisions, Conflicts int
}

// SyncCounts is the size of everything that waits for the platform.
type SyncCounts struct {
	Pending      int // operations not yet accepted (Held included)
	Sending      int // in a batch on its way now
	Held         int // pending behind a parked operation of the same case
	Parked       int
	FilesPending int
	FilesParked  int
	Conflicts    int       // pulled changes that could not merge
	Oldest       time.Time // oldest pending operation; zero when none
}

// Outstanding is everything that keeps the desk from being caught up.
func (c SyncCounts) Outstanding() int {
	return c.Pending + c.Parked + c.FilesPending + c.FilesParked
}

// SyncLog is what the desk remembers of its last contacts.
type SyncLog struct {
	LastAttempt time.Time
	LastSuccess time.Time // the last round that finished
	LastError   string
	// LastDelivered is when the platform last took a batch of the desk's
	// records, in a round that finished or not (one a busy platform cut
	// short still delivered what it took).
	LastDelivered time.Time
}

// SyncStatus is the sync engine's view of the link, for the status bar.
type SyncStatus struct {
	Registered bool
	Online     bool // the last contact with the platform succeeded
	// Busy: the platform turned the last round away as too busy; the
	// engine tries again at NextAttempt, when the platform asked.
	Busy    bool
	Running bool // a round is in progress
	SyncLog
	NextAttempt  time.Time
	ClockSkew    time.Duration // platform time minus desk time
	SkewWarning  string        // Chinese, "" when the clocks agree
	AuditWarning string        // the platform found the audit chain broken, Chinese
	Activity     string        // what a running round does now, Chinese
}

// SyncController lets the window watch and prod the sync engine.
type SyncController interface {
	SyncStatus() SyncStatus
	// SyncNow asks for an attempt at once (立即同步).
	SyncNow()
}
