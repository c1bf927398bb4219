package sqlite

import (
	"context"

	"yichuang/hall"
)

// fillSyncNotes gives each case the platform sent back the platform's
// reason (its first parked operation's, else its first parked scan's).
// Only those rows are looked up: a list of thousands has a handful.
func (db *DB) fillSyncNotes(ctx context.Context, cases []hall.CaseSummary) error {
	for i := range cases {
		if cases[i].Sync != hall.SyncRejected {
			continue
		}
		err := db.read.QueryRowContext(ctx, `SELECT coalesce(
			(SELECT parked_reason FROM outbox WHERE case_id = ?1 AND state = 'parked' ORDER BY seq LIMIT 1),
			(SELECT reason FROM file_uploads WHERE case_id = ?1 AND state = 'parked' ORDER BY rowid LIMIT 1), '')`,
			cases[i].ID).Scan(&cases[i].SyncNote)
		if err != nil {
			return db.classify(err)
		}
	}
	return nil
}
