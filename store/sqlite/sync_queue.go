package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"yichuang/hall"
)

// SyncQueue lists what has not reached the platform: parked entries and
// conflicts first (they need someone), then pending operations and scans,
// oldest first.
func (s *Sync) SyncQueue(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	if limit <= 0 {
		limit = 200
	}
	var out []hall.QueueEntry
	lists := []func(context.Context, int) ([]hall.QueueEntry, error){
		s.parkedOps, s.parkedFiles, s.openConflicts, s.pendingOps, s.pendingFiles,
	}
	for _, list := range lists {
		if len(out) >= limit {
			break
		}
		es, err := list(ctx, limit-len(out))
		if err != nil {
			return nil, s.db.classify(err)
		}
		out = append(out, es...)
	}
	return out, nil
}

const opEntrySQL = `SELECT o.seq, coalesce(c.no, ''), coalesce(o.body ->> '$.event.action', o.kind), o.attempts,
	o.parked_reason, o.created_at, o.sending, ` + heldSQL + ` FROM outbox o LEFT JOIN cases c ON c.id = o.case_id `

func (s *Sync) parkedOps(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	return s.opEntries(ctx, opEntrySQL+`WHERE o.state = 'parked' ORDER BY o.seq LIMIT ?`, limit)
}

func (s *Sync) pendingOps(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	return s.opEntries(ctx, opEntrySQL+`WHERE o.state = 'pending' ORDER BY o.seq LIMIT ?`, limit)
}

func (s *Sync) opEntries(ctx context.Context, query string, limit int) ([]hall.QueueEntry, error) {
	return queryList(ctx, s.db.read, scanOpEntry, query, limit)
}

func scanOpEntry(rows *sql.Rows) (hall.QueueEntry, error) {
	var e hall.QueueEntry
	var seq int64
	var action, at string
	var sending, held bool
	if err := rows.Scan(&seq, &e.CaseNo, &action, &e.Attempts, &e.Reason, &at, &sending, &held); err != nil {
		return e, err
	}
	e.Kind, e.Key, e.What, e.At = hall.QueueOp, strconv.FormatInt(seq, 10), hall.Action(action).Name(), parseStamp(at)
	if action == hall.OpCaseDue {
		e.What = "办结期限重算"
	}
	switch {
	case e.Reason != "":
		e.State = hall.SyncRejected
	case sending:
		e.State = hall.SyncSending
	default:
		e.State = hall.SyncPending
	}
	if held {
		e.Reason = "等待本办件被退回的前一条记录处理后再发送"
	}
	return e, nil
}

func (s *Sync) parkedFiles(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	return s.fileEntries(ctx, "parked", limit)
}

func (s *Sync) pendingFiles(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	return s.fileEntries(ctx, "pending", limit)
}

func (s *Sync) fileEntries(ctx context.Context, state string, limit int) ([]hall.QueueEntry, error) {
	return queryList(ctx, s.db.read, func(rows *sql.Rows) (hall.QueueEntry, error) {
		var e hall.QueueEntry
		var at string
		var sending bool
		if err := rows.Scan(&e.Key, &e.CaseNo, &e.What, &e.Attempts, &e.Reason, &at, &sending); err != nil {
			return e, err
		}
		e.Kind, e.At, e.What = hall.QueueFile, parseStamp(at), e.What+"（扫描件）"
		switch {
		case state == "parked":
			e.State = hall.SyncRejected
		case sending:
			e.State = hall.SyncSending
		default:
			e.State = hall.SyncPending
		}
		return e, nil
	}, `SELECT f.sha256, coalesce(c.no, ''), f.name, f.attempts, f.reason,
		f.created_at, f.sending FROM file_uploads f LEFT JOIN cases c ON c.id = f.case_id
		WHERE f.state = ? ORDER BY f.rowid LIMIT ?`, state, limit)
}

func (s *Sync) openConflicts(ctx context.Context, limit int) ([]hall.QueueEntry, error) {
	return queryList(ctx, s.db.read, func(rows *sql.Rows) (hall.QueueEntry, error) {
		var e hall.QueueEntry
		var id int64
		var stream, at string
		if err := rows.Scan(&id, &e.CaseNo, &stream, &e.Reason, &at); err != nil {
			return e, err
		}
		e.Kind, e.Key, e.State, e.At = hall.QueueConflict, strconv.FormatInt(id, 10), hall.SyncRejected, parseStamp(at)
		e.What = streamName(stream)
		return e, nil
	}, `SELECT k.id, coalesce(c.no, ''), k.stream, k.reason, k.created_at
		FROM sync_conflicts k LEFT JOIN cases c ON c.id = k.case_id WHERE k.seen_at = '' ORDER BY k.id LIMIT ?`, limit)
}

func streamName(s string) string {
	switch s {
	case "catalog":
		return "平台下发的事项"
	case "calendar":
		return "平台下发的节假日表"
	case "users":
		return "平台下发的用户"
	case "decisions":
		return "平台下发的办理结果"
	}
	return s
}

// Retry puts a parked operation or scan back in the queue. A conflict is
// tried again when it is a decision (the case may have moved since) and
// otherwise marked seen.
func (s *Sync) Retry(ctx context.Context, kind hall.QueueKind, key string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var res sql.Result
		var err error
		switch kind {
		case hall.QueueOp:
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', parked_code = '', parked_reason = ''
				WHERE seq = ? AND state = 'parked'`, key)
		case hall.QueueFile:
			res, err = tx.ExecContext(ctx, `UPDATE file_uploads SET state = 'pending', attempts = 0, reason = ''
				WHERE sha256 = ? AND state = 'parked'`, key)
		case hall.QueueConflict:
			return retryConflict(ctx, tx, key)
		default:
			return hall.Errorf(hall.EInvalid, "未知的同步记录类型“%s”", kind)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hall.Errorf(hall.ENotFound, "该记录已不在退回列表中，可能已重新发送")
		}
		return nil
	})
}

func retryConflict(ctx context.Context, tx *Tx, key string) error {
	var stream, doc string
	err := tx.QueryRowContext(ctx, "SELECT stream, doc FROM sync_conflicts WHERE id = ? AND seen_at = ''", key).Scan(&stream, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return hall.Errorf(hall.ENotFound, "该冲突记录已处理")
	}
	if err != nil {
		return err
	}
	reason := ""
	if stream == "decisions" {
		var ev hall.Event
		if json.Unmarshal([]byte(doc), &ev) == nil {
			if _, err := applyDecision(ctx, tx, ev); err != nil {
				if !mergeable(err) {
					return err
				}
				reason = hall.ErrorMessage(err)
			}
		}
	}
	if reason != "" {
		return hall.Errorf(hall.EConflict, "仍无法并入：%s", reason)
	}
	_, err = tx.ExecContext(ctx, "UPDATE sync_conflicts SET seen_at = ? WHERE id = ?", stamp(tx.Now), key)
	return err
}
