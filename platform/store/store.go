// Package store is the reference platform's SQLite store: desks, the
// operations applied (by id, for exactly-once), cases with their events and
// files, and the change log desks pull. It is pure Go (modernc.org/sqlite),
// so the platform builds with CGO_ENABLED=0.
package store

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"
)

//go:embed schema.sql
var schema string

// Store is the platform's database. Admin commands may open the same file
// from another process while the server runs: WAL and a busy timeout make
// them wait for each other instead of failing.
type Store struct {
	write *sql.DB
	read  *sql.DB
	path  string
	// Now is the platform's clock; tests replace it.
	Now func() time.Time
}

// Open opens (creating if absent) the store at path.
func Open(ctx context.Context, path string) (*Store, error) {
	u := url.URL{Path: filepath.ToSlash(path)}
	dsn := "file:" + u.EscapedPath() + "?_pragma=busy_timeout(15000)&_pragma=foreign_keys(1)" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if _, err := w.ExecContext(ctx, schema); err != nil {
		w.Close()
		return nil, fmt.Errorf("schema %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	return &Store{write: w, read: r, path: path, Now: time.Now}, nil
}

// Close closes the store.
func (s *Store) Close() error {
	_, _ = s.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return errors.Join(s.read.Close(), s.write.Close())
}

// update runs fn in one write transaction.
func (s *Store) update(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx, s.Now().UTC()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// stamp is how times are stored: UTC RFC 3339 with nanoseconds.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func bump(ctx context.Context, tx *sql.Tx, name string, by int) error {
	if by == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`, name, by)
	return err
}
