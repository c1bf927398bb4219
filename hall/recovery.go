package hall

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Disaster recovery (docs/adr/0016): settings of a desk restored from a
// backup or registered as a replacement, until its first sync brings its
// cases back.
const (
	// SettingRecovering is set ("1") by a restore or a registration as
	// a known desk: the next sync first asks the platform for the
	// generation and pulls back the desk's own cases.
	SettingRecovering = "recovery.pending"
	// SettingRecoveryClaim identifies the restore (or registration) that
	// set the generation, the same on every retry of its recovery.
	SettingRecoveryClaim = "recovery.claim"
	// SettingPlatformEpoch is the platform's epoch as last seen: a new
	// one means the platform was restored and may have lost what the
	// desk sent.
	SettingPlatformEpoch = "platform.epoch"
)

// AuditResumeMark is how a restore's audit record names the record its
// chain resumes after; the platform accepts the chain leaving the one it
// holds only at a record that says so (fmt verb: that record's number).
const AuditResumeMark = "审计日志续接第 %d 条记录"

// RestoreReport says what a restore brought back and what it could not.
type RestoreReport struct {
	BackupAt     time.Time // when the backup was made
	LastCaseNo   string    // the last case number the backup holds ("" if none)
	Generation   int       // the generation the desk numbers with from now on
	ResumesAfter int64     // the audit record the chain resumes after
}

// RecoveryState is where a desk stands in its recovery.
type RecoveryState struct {
	Pending    bool   // restored or re-registered: the next sync recovers first
	Generation int    // the generation it numbers with
	Claim      string // the restore (or registration) that set it
	Epoch      string // the platform's epoch as last seen, "" if never
}

// RecoveredCase is one of the desk's own cases as the platform holds it,
// with every event in order and where each came from ("desk" or
// "platform").
type RecoveredCase struct {
	Case    Case
	Events  []Event
	Origins []string
}

// OwnCaseRef is one of the desk's cases in the platform's list.
type OwnCaseRef struct {
	ID     string
	No     string
	Events int
}

// PlatformLoss is what a restored platform says it holds of this desk:
// the desk re-sends what it settled after BackupAt (less a margin for
// clocks), and its cursors and audit mark go back to where the platform
// stands.
type PlatformLoss struct {
	Epoch          string
	BackupAt       time.Time
	ChangesThrough int64
	AuditThrough   int64
}

// PlatformLossMargin covers the difference between the desk's clock, by
// which it recorded what it settled, and the platform's, by which the
// backup was made: a resend of what the platform kept costs a duplicate.
const PlatformLossMargin = 15 * time.Minute

// RecoveryStore is what the sync engine needs of the desk's store to
// recover (part of SyncStore).
type RecoveryStore interface {
	RecoveryState(ctx context.Context) (RecoveryState, error)
	// SetGeneration raises the generation to the platform's answer (never
	// lowers it) and records the platform's epoch if none was known.
	SetGeneration(ctx context.Context, g int, claim, epoch string) error
	SetPlatformEpoch(ctx context.Context, epoch string) error
	MissingOwnCases(ctx context.Context, refs []OwnCaseRef) ([]string, error)
	ApplyOwnCases(ctx context.Context, cases []RecoveredCase) (int, error)
	RecoveryDone(ctx context.Context) error
	PlatformRestored(ctx context.Context, loss PlatformLoss) (ops, files int, err error)
}

// ResumePosition reads the record number a restore record names with
// AuditResumeMark; false when the detail names none.
func ResumePosition(detail string) (int64, bool) {
	prefix, _, _ := strings.Cut(AuditResumeMark, "%d")
	_, rest, ok := strings.Cut(detail, prefix)
	if !ok {
		return 0, false
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end <= 0 {
		return 0, false
	}
	k, err := strconv.ParseInt(rest[:end], 10, 64)
	return k, err == nil
}
