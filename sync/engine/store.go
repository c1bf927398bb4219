package engine

import (
	"context"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// Store is what the engine needs of the desk's database: the engine's own
// port, as Transport is its port to the platform. store/sqlite's Sync
// implements it and desk wires the two; the records it passes (OutboxOp,
// PullBatch, SyncLog, …) stay in hall, where the store may name them
// without importing the engine (docs/adr/0012).
type Store interface {
	// NextOps returns pending operations in order, at most max of them and
	// about maxBytes of body, skipping those held behind a parked
	// operation of the same case.
	NextOps(ctx context.Context, max, maxBytes int) ([]hall.OutboxOp, error)
	// MarkSending flags operations as in a batch on the way (on) or not.
	MarkSending(ctx context.Context, seqs []int64, on bool) error
	// ClearSending unflags everything: after a crash nothing is on the way.
	ClearSending(ctx context.Context) error
	// SettleOps records the platform's answers in one transaction; for
	// accepted case events it queues the scans the case refers to.
	SettleOps(ctx context.Context, results []hall.OpResult) error

	Cursors(ctx context.Context) (map[string]string, error)
	ApplyPull(ctx context.Context, b hall.PullBatch) (hall.PullApplied, error)

	NextFiles(ctx context.Context, max int) ([]hall.FileUpload, error)
	SaveFileUpload(ctx context.Context, f hall.FileUpload) error

	SyncCounts(ctx context.Context) (hall.SyncCounts, error)

	// NextAudit returns audit records the platform does not hold yet, in
	// order; MarkAuditPushed records how far it holds them.
	NextAudit(ctx context.Context, max int) ([]hall.AuditEntry, error)
	MarkAuditPushed(ctx context.Context, seq int64) error

	// SaveSyncLog keeps the last attempt's outcome across restarts.
	SaveSyncLog(ctx context.Context, l hall.SyncLog) error
	SyncLog(ctx context.Context) (hall.SyncLog, error)

	// SupervisionCursor is where the desk stands in the supervision feed,
	// for user ("" when that user never pulled it: a new user starts over);
	// ApplySupervision writes a page and the cursor in one transaction.
	SupervisionCursor(ctx context.Context, user string) (string, error)
	ApplySupervision(ctx context.Context, user string, page supervision.FeedPage) error

	hall.RecoveryStore // a restored or replaced desk, a restored platform (hall/recovery.go)
}
