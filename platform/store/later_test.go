package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Deferred writes (txn.later) keep their place among the transaction's
// statements — the next statement sees them — and a deferred write that
// fails is the transaction's error, not the statement that sent it.
func TestDeferredWritesKeepTheirOrderAndTheirError(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		if err := tx.later(ctx, "INSERT INTO nonces (key, seen_at) VALUES (?, ?)", "later-1", stamp(now)); err != nil {
			return err
		}
		if s.d.pg && len(tx.pend) != 1 {
			t.Errorf("on PostgreSQL the write waits for the next statement: %d waiting", len(tx.pend))
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM nonces WHERE key = ?", "later-1").Scan(&n); err != nil || n != 1 {
			t.Errorf("the next statement saw %d rows, %v", n, err)
		}
		return tx.later(ctx, "INSERT INTO nonces (key, seen_at) VALUES (?, ?)", "later-2", stamp(now)) // sent at commit
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM nonces WHERE key IN (?, ?)", "later-1", "later-2").Scan(&n); err != nil || n != 2 {
		t.Fatalf("committed: %d of the 2 rows, %v", n, err)
	}
	// An event of no case: the foreign key refuses it, whichever statement
	// sends it, and nothing of the transaction stays.
	err = s.update(ctx, func(tx *txn, now time.Time) error {
		if err := tx.later(ctx, "INSERT INTO nonces (key, seen_at) VALUES (?, ?)", "later-3", stamp(now)); err != nil {
			return err
		}
		if err := tx.later(ctx, "INSERT INTO case_events (id, case_id, seq, origin, at, doc) VALUES (?, ?, ?, ?, ?, ?)",
			"ev-orphan", "no-such-case", 1, "desk", stamp(now), "{}"); err != nil {
			return err
		}
		var one int
		return tx.QueryRowContext(ctx, "SELECT 1").Scan(&one)
	})
	var pe *pgconn.PgError
	switch {
	case err == nil:
		t.Fatal("an event of no case was written")
	case s.d.pg && (!errors.As(err, &pe) || pe.Code != "23503"):
		t.Fatalf("want the foreign key's error (23503), got %v", err)
	case !s.d.pg && !strings.Contains(err.Error(), "FOREIGN KEY"):
		t.Fatalf("want the foreign key's error, got %v", err)
	}
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM nonces WHERE key = ?", "later-3").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the failed transaction left %d rows, %v", n, err)
	}
	// Sent at commit, a failing write fails the commit.
	err = s.update(ctx, func(tx *txn, now time.Time) error {
		return tx.later(ctx, "INSERT INTO case_events (id, case_id, seq, origin, at, doc) VALUES (?, ?, ?, ?, ?, ?)",
			"ev-orphan", "no-such-case", 1, "desk", stamp(now), "{}")
	})
	if err == nil {
		t.Fatal("an event of no case was committed")
	}
}
