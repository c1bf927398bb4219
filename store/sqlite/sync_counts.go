package sqlite

import (
	"context"

	"yichuang/hall"
)

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
)

// SaveSyncLog keeps the last attempt's outcome.
func (s *Sync) SaveSyncLog(ctx context.Context, l hall.SyncLog) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		for k, v := range map[string]string{logLastAttempt: stamp(l.LastAttempt),
			logLastSuccess: stamp(l.LastSuccess), logLastError: l.LastError} {
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
		}
	}
	return l, s.db.classify0(rows.Err())
}
