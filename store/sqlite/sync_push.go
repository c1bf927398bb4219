package sqlite

import (
	"context"
	"strings"

	"yichuang/hall"
)

// Sync implements the sync engine's Store (sync/engine/store.go) and
// hall.SyncQueueService: what the sync engine and the sync screen need of
// the desk's database.
type Sync struct {
	db   *DB
	held *heldKey // the engine's data key (EngineSync); nil: the window's session
}

// Sync returns the sync service of db.
func (db *DB) Sync() *Sync { return &Sync{db: db} }

var _ hall.SyncQueueService = (*Sync)(nil)

// heldSQL is true for a pending operation behind a parked one of the same
// case: sending it would only have it refused, since the platform applies a
// case's events in order.
const heldSQL = `EXISTS (SELECT 1 FROM outbox p WHERE p.case_id = o.case_id AND p.state = 'parked' AND p.seq < o.seq)`

// behindSendingSQL is true for a pending operation while an earlier one of
// its case is on its way: it goes after that batch's answer, so that two
// batches in flight never share a case.
const behindSendingSQL = `EXISTS (SELECT 1 FROM outbox q WHERE q.case_id = o.case_id AND q.state = 'pending'
	AND q.sending = 1 AND q.seq < o.seq)`

// NextOps returns pending operations in the order they were made, at most
// max and about maxBytes of body (always at least one), leaving out those
// on their way already and those that must wait for others.
func (s *Sync) NextOps(ctx context.Context, max, maxBytes int) ([]hall.OutboxOp, error) {
	ctx = s.keyed(ctx) // the engine's key (keys_held.go)
	rows, err := s.db.read.QueryContext(ctx, `SELECT o.seq, o.op_id, o.kind, coalesce(o.case_id, ''),
		coalesce(c.no, ''), o.body, o.attempts, o.created_at
		FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
		WHERE o.state = 'pending' AND o.sending = 0 AND NOT `+heldSQL+` AND NOT `+behindSendingSQL+`
		ORDER BY o.seq LIMIT ?`, max)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.OutboxOp
	size := 0
	for rows.Next() {
		var op hall.OutboxOp
		var body, created string
		if err := rows.Scan(&op.Seq, &op.ID, &op.Kind, &op.CaseID, &op.CaseNo, &body, &op.Attempts, &created); err != nil {
			return nil, err
		}
		if len(out) > 0 && size+len(body) > maxBytes {
			break
		}
		size += len(body)
		// Personal data is sealed at rest; the platform gets it in clear
		// (over TLS), so it leaves only while someone is logged in.
		opened, err := s.db.openJSON(ctx, []byte(body))
		if err != nil {
			return nil, err
		}
		op.Body, op.State, op.CreatedAt = opened, hall.OpPending, parseStamp(created)
		out = append(out, op)
	}
	return out, s.db.classify0(rows.Err())
}

// MarkSending flags operations as on their way, or not.
func (s *Sync) MarkSending(ctx context.Context, seqs []int64, on bool) error {
	if len(seqs) == 0 {
		return nil
	}
	flag := 0
	if on {
		flag = 1
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		args := []any{flag}
		for _, q := range seqs {
			args = append(args, q)
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET sending = ? WHERE seq IN (`+
			placeholders(len(seqs))+`)`, args...)
		return err
	})
}

// ClearSending unflags every operation and file: called when the engine
// starts, since after a crash nothing is on its way.
func (s *Sync) ClearSending(ctx context.Context) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET sending = 0 WHERE sending = 1"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE file_uploads SET sending = 0 WHERE sending = 1")
		return err
	})
}

// SettleOps records the platform's answers in one transaction. An accepted
// case event queues the scans its case refers to: the platform now expects
// them.
func (s *Sync) SettleOps(ctx context.Context, results []hall.OpResult) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		now := stamp(tx.Now)
		for _, r := range results {
			var err error
			switch r.Verdict {
			case hall.OpAccepted:
				_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'done', sending = 0, attempts = attempts + 1,
					parked_code = '', parked_reason = '', done_at = ? WHERE seq = ?`, now, r.Seq)
				if err == nil {
					err = queueFiles(ctx, tx, r.Seq)
				}
			case hall.OpRejected:
				_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'parked', sending = 0, attempts = attempts + 1,
					parked_code = ?, parked_reason = ? WHERE seq = ?`, r.Code, r.Message, r.Seq)
			default:
				_, err = tx.ExecContext(ctx, `UPDATE outbox SET sending = 0, attempts = attempts + 1 WHERE seq = ?`, r.Seq)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// queueFiles adds the scans named in an accepted case event's materials to
// the upload queue; a scan already queued (another case, an earlier event)
// stays as it is.
func queueFiles(ctx context.Context, tx *Tx, seq int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO file_uploads (sha256, case_id, name, created_at)
		SELECT f.value, o.case_id, coalesce(m.value ->> 'name', ''), ?
		FROM outbox o, json_each(o.body, '$.case.materials') m, json_each(m.value, '$.files') f
		WHERE o.seq = ? AND o.kind = 'case.event' AND o.case_id IS NOT NULL
		  AND f.type = 'text' AND length(f.value) = 64
		ON CONFLICT (sha256) DO NOTHING`, stamp(tx.Now), seq)
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
