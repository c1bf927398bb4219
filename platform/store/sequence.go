package store

import (
	"context"
	"fmt"
	"slices"
)

// Two logs are read by cursor: the change log desks pull (seq) and the
// supervision feed (seq). A reader that has seen number n never looks at
// n or below again, so a number must never become visible after a higher
// one. With one writer (SQLite) that holds by itself. With several
// writers (PostgreSQL, several instances) a number taken early in a
// transaction could commit after a higher one taken by a shorter
// transaction, and a reader between the two commits would skip it for
// ever.
//
// So numbers are taken from a counter row as the transaction's last step:
// the UPDATE of the counter row locks it until the transaction commits, so
// the next transaction that numbers waits, then reads the counter as the
// first one committed it. Numbers become visible in the order they were
// given (docs/adr/0024). What a transaction logs is gathered in the txn
// (logChange, noteCase) and written here.

// Counter rows (table counters) the logs are numbered from.
const (
	seqChanges     = "seq:changes"
	seqSupervision = "seq:supervision"
)

// logChange adds a change desks pull, numbered at commit.
func (t *txn) logChange(c change) { t.changes = append(t.changes, c) }

// noteCase marks a case whose supervision feed row is rebuilt, and moved to
// the feed's end, at commit.
func (t *txn) noteCase(id string) { t.sup = append(t.sup, id) }

// bump moves a counter by by, at commit.
func (t *txn) bump(name string, by int) {
	if by == 0 {
		return
	}
	if t.bumps == nil {
		t.bumps = map[string]int{}
	}
	t.bumps[name] += by
}

// finish writes what the transaction gathered, numbering last. Every lock
// it takes is taken in one order (item rows, counters by name, the feed's
// counter, the log's counter), so two transactions finishing at once wait
// for each other instead of deadlocking.
func (s *Store) finish(ctx context.Context, t *txn) error {
	rows, err := s.supervisionRows(ctx, t)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(t.bumps))
	for n := range t.bumps {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if _, err := t.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value`, n, t.bumps[n]); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		next, err := take(ctx, t, seqSupervision, len(rows))
		if err != nil {
			return err
		}
		for i, r := range rows {
			if _, err := t.ExecContext(ctx, `INSERT INTO supervision (case_id, hall_code, item_code, seq, doc)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET hall_code = excluded.hall_code,
				item_code = excluded.item_code, seq = excluded.seq, doc = excluded.doc`,
				r.id, r.hall, r.item, next+int64(i), r.doc); err != nil {
				return err
			}
		}
	}
	if len(t.changes) > 0 {
		next, err := take(ctx, t, seqChanges, len(t.changes))
		if err != nil {
			return err
		}
		for i, c := range t.changes {
			if c.replace {
				// An older change of the same stream and key goes: a desk
				// behind it gets this one instead, a desk past it has it.
				if _, err := t.ExecContext(ctx, "DELETE FROM changes WHERE stream = ? AND key = ?", c.stream, c.key); err != nil {
					return err
				}
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO changes (seq, stream, key, hall_code, desk_id, doc, at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, next+int64(i), c.stream, c.key, c.hall, c.desk, c.doc, c.at); err != nil {
				return err
			}
		}
	}
	return nil
}

// take reserves n numbers from counter name and returns the first. The
// counter row stays locked until the transaction ends.
func take(ctx context.Context, t *txn, name string, n int) (int64, error) {
	var last int64
	err := t.QueryRowContext(ctx, "UPDATE counters SET value = value + ? WHERE name = ? RETURNING value", n, name).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	return last - int64(n) + 1, nil
}
