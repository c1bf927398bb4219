package hall

import (
	"context"
	"time"
)

// QueueEntry is one line of the sync screen: an operation or a scan that
// has not reached the platform, or a pulled change that could not merge.
type QueueEntry struct {
	Kind     QueueKind
	Key      string // op seq, file SHA-256 or conflict id: what Retry takes
	CaseNo   string
	What     string // the action's name, the file's name, the change's stream
	State    SyncState
	Attempts int
	Reason   string // the platform's reason for a parked entry, Chinese
	At       time.Time
}

// QueueKind tells operations, files and conflicts apart.
type QueueKind string

// Queue entry kinds.
const (
	QueueOp       QueueKind = "op"
	QueueFile     QueueKind = "file"
	QueueConflict QueueKind = "conflict"
)

// SyncQueueService lets the sync screen list and retry what waits.
type SyncQueueService interface {
	SyncCounts(ctx context.Context) (SyncCounts, error)
	// SyncQueue lists parked entries and conflicts first, then what is
	// pending, oldest first, at most limit of them.
	SyncQueue(ctx context.Context, limit int) ([]QueueEntry, error)
	// Retry puts a parked entry back in the queue (with the operations of
	// the same case held behind it); a conflict is marked seen.
	Retry(ctx context.Context, kind QueueKind, key string) error
}
