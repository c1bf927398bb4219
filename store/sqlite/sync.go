package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"yichuang/hall"
)

// LocalCase returns a case as the desk holds it, by case number, opened
// but not masked, with its events in order: what the platform's copy must
// equal once everything is synced (the checks of the sync tests and of an
// admin comparing the two).
func (s *Sync) LocalCase(ctx context.Context, no string) (caseDoc []byte, events [][]byte, err error) {
	ctx = s.keyed(ctx) // the engine's key (keys_held.go)
	err = s.db.View(ctx, func(tx *sql.Tx) error {
		var id, doc string
		err := tx.QueryRowContext(ctx, "SELECT id, doc FROM cases WHERE no = ?", no).Scan(&id, &doc)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "本机没有办件 %s", no)
		}
		if err != nil {
			return err
		}
		if caseDoc, err = s.db.openJSON(ctx, []byte(doc)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				return err
			}
			b, err := s.db.openJSON(ctx, []byte(d))
			if err != nil {
				return err
			}
			events = append(events, b)
		}
		return rows.Err()
	})
	return caseDoc, events, err
}

// CaseNumbers lists the desk's case numbers.
func (s *Sync) CaseNumbers(ctx context.Context) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT no FROM cases ORDER BY no")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, err
		}
		out = append(out, no)
	}
	return out, rows.Err()
}

// OutboxDone counts the operations the platform has accepted.
func (s *Sync) OutboxDone(ctx context.Context) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, "SELECT count(*) FROM outbox WHERE state = 'done'").Scan(&n)
	return n, s.db.classify0(err)
}

// PlatformUsers lists the accounts the platform published to this desk.
func (s *Sync) PlatformUsers(ctx context.Context) ([]hall.PlatformUser, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT id, name, hall, role, active FROM platform_users ORDER BY id")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.PlatformUser
	for rows.Next() {
		var u hall.PlatformUser
		if err := rows.Scan(&u.ID, &u.Name, &u.Hall, &u.Role, &u.Active); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// NextAudit returns the audit records the platform does not hold yet.
func (s *Sync) NextAudit(ctx context.Context, max int) ([]hall.AuditEntry, error) {
	return s.db.NextAudit(ctx, max)
}

// MarkAuditPushed records how far the platform holds the audit log.
func (s *Sync) MarkAuditPushed(ctx context.Context, seq int64) error {
	return s.db.MarkAuditPushed(ctx, seq)
}

// SyncCounts sizes what waits for the platform. Each count is its own
// indexed query: the outbox keeps every done operation, and the status bar
// asks every few seconds.
func (s *Sync) SyncCounts(ctx context.Context) (hall.SyncCounts, error) {
	var c hall.SyncCounts
	var oldest string
	queries := []struct {
		sql  string
		dest []any
	}{
		{`SELECT count(*), count(*) FILTER (WHERE sending = 1), coalesce(min(created_at), '')
			FROM outbox WHERE state = 'pending'`, []any{&c.Pending, &c.Sending, &oldest}},
		{`SELECT count(*) FROM outbox WHERE state = 'parked'`, []any{&c.Parked}},
		{`SELECT count(*) FROM outbox o WHERE o.state = 'pending' AND ` + heldSQL, []any{&c.Held}},
		{`SELECT count(*) FROM file_uploads WHERE state = 'pending'`, []any{&c.FilesPending}},
		{`SELECT count(*) FROM file_uploads WHERE state = 'parked'`, []any{&c.FilesParked}},
		{`SELECT count(*) FROM sync_conflicts WHERE seen_at = ''`, []any{&c.Conflicts}},
	}
	for _, q := range queries {
		if err := s.db.read.QueryRowContext(ctx, q.sql).Scan(q.dest...); err != nil {
			return c, s.db.classify(err)
		}
	}
	c.Oldest = parseStamp(oldest)
	return c, nil
}

// Keys of sync_log.
const (
	logLastAttempt = "last_attempt"
	logLastSuccess = "last_success"
	logLastError   = "last_error"
	logDelivered   = "last_delivered"
)

// SaveSyncLog keeps the last attempt's outcome.
func (s *Sync) SaveSyncLog(ctx context.Context, l hall.SyncLog) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		for k, v := range map[string]string{logLastAttempt: stamp(l.LastAttempt),
			logLastSuccess: stamp(l.LastSuccess), logLastError: l.LastError, logDelivered: stamp(l.LastDelivered)} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_log (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// SyncLog reads what SaveSyncLog kept.
func (s *Sync) SyncLog(ctx context.Context) (hall.SyncLog, error) {
	var l hall.SyncLog
	rows, err := s.db.read.QueryContext(ctx, "SELECT key, value FROM sync_log")
	if err != nil {
		return l, s.db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return l, err
		}
		switch k {
		case logLastAttempt:
			l.LastAttempt = parseStamp(v)
		case logLastSuccess:
			l.LastSuccess = parseStamp(v)
		case logLastError:
			l.LastError = v
		case logDelivered:
			l.LastDelivered = parseStamp(v)
		}
	}
	return l, s.db.classify0(rows.Err())
}

// NextFiles returns scans still to upload, in the order their cases were
// accepted by the platform.
func (s *Sync) NextFiles(ctx context.Context, max int) ([]hall.FileUpload, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT f.sha256, f.case_id, coalesce(c.no, ''), f.name, f.url,
		f.state, f.attempts, f.reason FROM file_uploads f LEFT JOIN cases c ON c.id = f.case_id
		WHERE f.state = 'pending' ORDER BY f.rowid LIMIT ?`, max)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.FileUpload
	for rows.Next() {
		var f hall.FileUpload
		if err := rows.Scan(&f.SHA256, &f.CaseID, &f.CaseNo, &f.Name, &f.URL, &f.State, &f.Attempts, &f.Reason); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, s.db.classify0(rows.Err())
}

// SaveFileUpload records how far a scan's upload went: its upload address
// as soon as the platform gives one (so an interrupted upload resumes),
// then done or parked.
func (s *Sync) SaveFileUpload(ctx context.Context, f hall.FileUpload) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		sending, done := 0, ""
		if f.Sending {
			sending = 1
		}
		if f.State == hall.OpDone {
			done = stamp(tx.Now)
		}
		_, err := tx.ExecContext(ctx, `UPDATE file_uploads SET url = ?, state = ?, attempts = ?, reason = ?,
			sending = ?, done_at = ? WHERE sha256 = ?`, f.URL, f.State, f.Attempts, f.Reason, sending, done, f.SHA256)
		return err
	})
}

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

// applyDecision appends a back-office event pulled from the platform to its
// case: the same state machine as at the window, no outbox entry (it came
// from the platform). A rating (hall.ActRate) also gets its ratings row.
// An event already here is skipped, so a pull repeated
// after a crash changes nothing. A case the desk does not have, or one the
// event does not fit, is an EConflict/ENotFound for the caller to keep.
func applyDecision(ctx context.Context, tx *Tx, ev hall.Event) (bool, error) {
	if ev.ID == "" || ev.CaseID == "" {
		return false, hall.Errorf(hall.EInvalid, "平台下发的办理结果缺少事件编号或办件编号")
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM case_events WHERE id = ?", ev.ID).Scan(&n); err != nil {
		return false, hall.Wrap(hall.EInternal, err, "读取办件事件失败")
	}
	if n > 0 {
		return false, nil
	}
	c, err := loadCase(ctx, tx.Tx, ev.CaseID)
	if err != nil {
		var he *hall.Error
		if errors.As(err, &he) {
			return false, err
		}
		return false, hall.Wrap(hall.EInternal, err, "读取办件失败")
	}
	// The same sequence as the desk's own events (cases.go): a clock stop
	// starting or ending moves the due dates here as well.
	applied, err := applyEvent(ctx, tx, c, ev, func(err error) error {
		return hall.Wrap(hall.EConflict, err, "平台的“%s”无法并入本机办件 %s：%s",
			ev.Action.Name(), c.No, hall.ErrorMessage(err))
	})
	if err != nil {
		return false, err
	}
	doc, err := sealDoc(ctx, tx, applied)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (id, case_id, seq, action, from_state,
		to_state, at, actor, origin, doc) VALUES (?, ?,
		(SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?, ?, ?, 'platform', ?)`,
		applied.ID, c.ID, c.ID, string(applied.Action), string(applied.From), string(applied.To),
		stamp(applied.At), applied.Actor, string(doc)); err != nil {
		return false, hall.Wrap(hall.EInternal, err, "保存平台事件失败")
	}
	// A 好差评 given on the platform (the receipt's QR code) is counted
	// like one given at the window: its row in ratings, in this
	// transaction; the event's id keeps it to one row.
	if err := insertRating(ctx, tx, c, applied); err != nil {
		return false, err
	}
	return true, nil
}
