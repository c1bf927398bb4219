package hall

import "time"

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
