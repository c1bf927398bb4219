package sqlite

import (
	"context"
	"strings"

	"yichuang/hall"
)

// enqueue adds an operation to the outbox inside the caller's transaction:
// the change and the promise to push it commit together.
func enqueue(ctx context.Context, tx *Tx, opID, kind, caseID string, body any) error {
	b, err := sealDoc(ctx, tx, body) // personal data sealed at rest (keys.go)
	if err != nil {
		return err
	}
	var cid any
	if caseID != "" {
		cid = caseID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (op_id, kind, case_id, body, created_at)
		VALUES (?, ?, ?, ?, ?)`, opID, kind, cid, string(b), stamp(tx.Now))
	return err
}

// OutboxStats counts pending and parked operations.
func (db *DB) OutboxStats(ctx context.Context) (hall.OutboxStats, error) {
	var st hall.OutboxStats
	var oldest string
	err := db.read.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE state = 'pending'),
		count(*) FILTER (WHERE state = 'parked'),
		coalesce(min(created_at) FILTER (WHERE state = 'pending'), '')
		FROM outbox`).Scan(&st.Pending, &st.Parked, &oldest)
	st.Oldest = parseStamp(oldest)
	return st, db.classify0(err)
}

var _ hall.OutboxService = (*DB)(nil)

func isConstraint(err error) bool {
	return err != nil && strings.Contains(err.Error(), "constraint failed")
}
