package hall

import (
	"context"
	"time"
)

// ItemSummary is a catalog row as lists show it.
type ItemSummary struct {
	Code         string
	Name         string
	Type         ItemType
	Department   string
	PromiseLimit Limit
	LegalLimit   Limit
	Status       ItemStatus
}

// ItemFilter narrows a catalog listing. Empty fields do not filter.
type ItemFilter struct {
	Department string
	Type       ItemType
	Limit      int
}

// DepartmentCount is a department and how many items it has.
type DepartmentCount struct {
	Department string
	Items      int
}

// CatalogService reads and changes the service-item catalog.
type CatalogService interface {
	CountItems(ctx context.Context) (int, error)
	ListItems(ctx context.Context, f ItemFilter) ([]ItemSummary, error)
	Item(ctx context.Context, code string) (*Item, error)
	Departments(ctx context.Context) ([]DepartmentCount, error)
	// Types is the item-type table: the national codes and every code
	// the catalog's entries have added, in code order.
	Types(ctx context.Context) ([]TypeInfo, error)
	// ImportItems imports items in one transaction: new codes are added,
	// known codes updated, nothing deleted.
	ImportItems(ctx context.Context, items []Item) (ImportResult, error)
}

// ImportResult counts what an import did.
type ImportResult struct {
	Added, Updated, Unchanged int
	Withdrawn                 int // marked 已取消 (hall/catalog.go)
}

// CaseSummary is a case row as lists show it.
type CaseSummary struct {
	ID            string
	No            string
	ItemName      string
	Department    string
	ApplicantName string
	State         State
	Clerk         string
	ReceivedAt    time.Time
	FinishedAt    time.Time // when it was decided (办结); zero while open
	PromiseDue    string
	Sync          SyncState
	SyncNote      string // why the platform sent it back, when Sync is 被退回 (hall/sync.go)
}

// SyncState is where a case stands with the platform.
type SyncState string

// Sync states shown on every case.
const (
	SyncPending  SyncState = "待同步"
	SyncSending  SyncState = "同步中"
	SyncDone     SyncState = "已同步"
	SyncRejected SyncState = "被退回"
)

// CaseFilter narrows a case listing.
type CaseFilter struct {
	State State
	Open  bool // only cases still open
	Limit int
	// OldestDecided lists the longest-decided first (待出件: the result
	// that has waited longest for 出件 on top), instead of newest received.
	OldestDecided bool
}

// CaseService records cases and their events. Every method that changes a
// case commits the case, its event and its outbox entry in one transaction.
type CaseService interface {
	// Open creates a case with its first event (收件 or 咨询) and assigns
	// its case number.
	Open(ctx context.Context, c *Case, ev Event) error
	// Act applies one action to a case.
	Act(ctx context.Context, caseID string, ev Event) (*Case, error)
	// Transition applies a counter action (counter.go): its steps' events
	// in order, each with its due-date recount, outbox entry and audit
	// record, in one transaction. It returns the case and the events.
	Transition(ctx context.Context, caseID string, steps ...Transition) (*Case, []Event, error)
	Case(ctx context.Context, id string) (*Case, []Event, error)
	ListCases(ctx context.Context, f CaseFilter) ([]CaseSummary, error)
	// CaseSync is where one case stands with the platform and, when the
	// platform sent it back (被退回), the platform's reason.
	CaseSync(ctx context.Context, id string) (SyncState, string, error)
	CountByState(ctx context.Context) (map[State]int, error)
	// Rate and BundleCases: 好差评 given at the window (rating.go).
	RatingService
}

// OutboxStats counts the operations waiting to reach the platform.
type OutboxStats struct {
	Pending int
	Parked  int
	Oldest  time.Time // zero when nothing is pending
}

// OutboxService tells what is waiting to be pushed.
type OutboxService interface {
	OutboxStats(ctx context.Context) (OutboxStats, error)
}

// Settings keys shared by the app and the headless commands.
const (
	SettingHallCode  = "hall.code"
	SettingHallName  = "hall.name"
	SettingHallAddr  = "hall.address"
	SettingHallPhone = "hall.phone"
	SettingDeskCode  = "desk.code"
	SettingPlatform  = "platform.url"
)

// SettingsService keeps the desk's settings.
type SettingsService interface {
	Setting(ctx context.Context, key string) (string, error) // "" when unset
	SetSetting(ctx context.Context, key, value string) error
	// SetSettings stores several settings in one transaction.
	SetSettings(ctx context.Context, values map[string]string) error
}
