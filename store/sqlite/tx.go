package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// Tx is one write transaction. Now is fixed when it begins, so every row
// written by one user action carries the same time.
type Tx struct {
	*sql.Tx
	Now time.Time
	db  *DB // session, keys and desk secret for sealing and auditing (users.go)
}

// stamp is how times are stored: UTC, RFC 3339 with nanoseconds, so text
// order is time order.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseStamp(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// Update runs fn in one write transaction (BEGIN IMMEDIATE) and commits it
// when fn returns nil; any error rolls everything back.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	tx := &Tx{Tx: t, Now: db.Now(), db: db}
	if err := fn(tx); err != nil {
		_ = t.Rollback()
		return db.classify(err)
	}
	if err := t.Commit(); err != nil {
		return db.classify(err)
	}
	return nil
}

// View runs fn in one read transaction: a consistent snapshot.
func (db *DB) View(ctx context.Context, fn func(tx *sql.Tx) error) error {
	t, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return db.classify(err)
	}
	defer t.Rollback()
	return db.classify0(fn(t))
}

func (db *DB) classify0(err error) error {
	if err == nil {
		return nil
	}
	return db.classify(err)
}
