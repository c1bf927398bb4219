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
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"yichuang/hall"

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
	path  string // the database file, for a backup's snapshot
	key   *Key
	// nonceAdds counts nonces recorded, to forget old ones now and then.
	nonceAdds atomic.Int64
	// Now is the platform's clock; tests replace it.
	Now func() time.Time
}

// Open opens (creating if absent) the store at path under key. The file is
// made readable by its owner only; a store is never opened with a key other
// than the one it was first opened with.
func Open(ctx context.Context, path string, key *Key) (*Store, error) {
	if key == nil {
		return nil, errors.New("platform store: no key")
	}
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
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
	s := &Store{write: w, read: r, key: key, path: path, Now: time.Now}
	if err := s.checkKey(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.sealClear(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("seal %s: %w", path, err)
	}
	if err := s.backfillSupervision(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("supervision feed %s: %w", path, err)
	}
	return s, nil
}

// Key is the store's key (the server seals scans with it).
func (s *Store) Key() *Key { return s.key }

// ownerOnly creates the database file readable by its owner only, or
// narrows an existing one; SQLite gives its -wal and -shm files the same
// mode.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// checkKey records the key's fingerprint in a new store and refuses a key
// whose fingerprint is not the recorded one.
func (s *Store) checkKey(ctx context.Context) error {
	return s.update(ctx, func(tx *sql.Tx, now time.Time) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'key_id'").Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, "INSERT INTO meta (name, value) VALUES ('key_id', ?)", s.key.ID())
			return err
		}
		if err != nil {
			return err
		}
		if id != s.key.ID() {
			return hall.Errorf(hall.EForbidden, "平台密钥（指纹 %s）不是这个数据库的密钥（指纹 %s）：请用创建数据库时的密钥文件", s.key.ID(), id)
		}
		return nil
	})
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
