package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// heldHashes are the hashes the platform holds for the desk's records
// from..to (from 0 is the chain's start).
func heldHashes(ctx context.Context, tx *txn, deskID string, from, to int64) (map[int64]string, error) {
	held := map[int64]string{0: secure.Genesis}
	rows, err := tx.QueryContext(ctx, `SELECT seq, hash FROM audit_records WHERE desk_id = ? AND seq BETWEEN ? AND ?`,
		deskID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			return nil, err
		}
		held[seq] = h
	}
	return held, rows.Err()
}

// resumesAfterRestore reports whether r, where a desk's chain leaves the
// one the platform holds, is the record a restore writes: action 恢复,
// naming the record it resumes after, linked to that record's hash as the
// platform holds it. Nothing else may differ from what the platform holds.
func resumesAfterRestore(r protocol.AuditRecord, prev string, held map[int64]string) bool {
	k := r.Seq - 1
	h, ok := held[k]
	return ok && prev == h && r.Action == string(hall.AuditRestore) &&
		strings.Contains(r.Detail, fmt.Sprintf(hall.AuditResumeMark, k))
}

// supersede moves the desk's records from seq on into audit_superseded:
// the old chain's tail, kept, replaced by the restored desk's.
func supersede(ctx context.Context, tx *txn, deskID string, from int64, byRestore string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_superseded (desk_id, seq, id, hash, doc, received_at,
		superseded_at, by_restore) SELECT desk_id, seq, id, hash, doc, received_at, ?, ? FROM audit_records
		WHERE desk_id = ? AND seq >= ?`, stamp(now), byRestore, deskID, from); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM audit_records WHERE desk_id = ? AND seq >= ?", deskID, from)
	return err
}
