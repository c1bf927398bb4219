package hall

import (
	"context"
	"time"
)

// BackupInfo says what a backup file holds.
type BackupInfo struct {
	File     string
	Bytes    int64 // size of the backup file
	Files    int   // scans in it
	Skipped  int   // scans left out because their content no longer matched their name
	Created  time.Time
	HallName string
	DeskCode string
	KeptAt   string // after a restore: where the replaced data was kept
	// Restored: after a restore, what it brought back and what was lost
	// with the disk (docs/adr/0016).
	Restored RestoreReport
}

// BackupService backs the desk up to an encrypted file and prepares a
// restore (applied at the next start, when nothing has the database open).
// Admin only in the window.
type BackupService interface {
	Backup(ctx context.Context, file, password string) (BackupInfo, error)
	StageRestore(ctx context.Context, file, password string) (BackupInfo, error)
}
