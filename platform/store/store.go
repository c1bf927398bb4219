// Package store is the reference platform's store: desks, the operations
// applied (by id, for exactly-once), cases with their events and files,
// and the change log desks pull. It keeps them in SQLite (a pilot, one
// process) or in PostgreSQL (a province, several instances on one
// database), with one SQL and a small dialect seam (dialect.go). It is
// pure Go (modernc.org/sqlite, pgx), so the platform builds with
// CGO_ENABLED=0.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"yichuang/hall"

	_ "modernc.org/sqlite"
)

//go:embed schema.sql
var schema string

//go:embed schema_postgres.sql
var schemaPostgres string

// Store is the platform's database. Admin commands may open the same file
// from another process while the server runs: WAL and a busy timeout make
// them wait for each other instead of failing. On PostgreSQL several
// platform instances share one database: nothing that matters lives in a
// Store's memory (docs/adr/0024).
type Store struct {
	write *db
	read  *db
	d     dialect
	path  string // the SQLite file, for a backup's snapshot; "" on PostgreSQL
	// target is what Open was given: the SQLite file or the PostgreSQL URL.
	target string
	key    *Key
	// sealedAtOpen is what Open found in clear and sealed (seal.go).
	sealedAtOpen SealReport
	// num numbers the logs on PostgreSQL (sequence.go); nil on SQLite,
	// whose writer numbers its own rows.
	num *numberer
	// items remembers the catalog's items by the number of their change
	// (noteItems).
	items catalogItems
	// nonceAdds counts nonces recorded, to forget old ones now and then.
	nonceAdds atomic.Int64
	// Now is the platform's clock; tests replace it.
	Now func() time.Time
}

// IsPostgres reports whether target names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Open opens (creating if absent) the store at target under key: a SQLite
// file path, or a PostgreSQL URL (IsPostgres). A SQLite file is made
// readable by its owner only; a store is never opened with a key other
// than the one it was first opened with.
func Open(ctx context.Context, target string, key *Key) (*Store, error) {
	if key == nil {
		return nil, errors.New("platform store: no key")
	}
	var s *Store
	var err error
	if IsPostgres(target) {
		s, err = openPostgres(ctx, target, key)
	} else {
		s, err = openSQLite(ctx, target, key)
	}
	if err != nil {
		return nil, err
	}
	s.target = target
	where := s.Where()
	if err := s.checkKey(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.sealedAtOpen, err = s.sealClear(ctx, false); err != nil {
		s.Close()
		return nil, fmt.Errorf("seal %s: %w", where, err)
	}
	if err := s.backfillSupervision(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("supervision feed %s: %w", where, err)
	}
	return s, nil
}

func openSQLite(ctx context.Context, path string, key *Key) (*Store, error) {
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
	d := sqliteDialect
	return &Store{write: &db{DB: w, d: d, stmts: newStmtCache()}, read: &db{DB: r, d: d}, d: d, key: key, path: path,
		Now: time.Now}, nil
}

// openPostgres opens a PostgreSQL database through pgx's database/sql
// driver. Its schema file takes a lock for its run, so instances started
// together do not create the tables twice. Writers and readers share one
// pool: PostgreSQL runs them side by side.
func openPostgres(ctx context.Context, dsn string, key *Key) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, hall.Errorf(hall.EInvalid, "PostgreSQL 连接串无效：%s", pgconnMessage(err))
	}
	p := stdlib.OpenDB(*cfg)
	p.SetMaxOpenConns(PostgresConns)
	p.SetMaxIdleConns(PostgresConns)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := ensureSchemaPostgres(ctx, p); err != nil {
		p.Close()
		return nil, fmt.Errorf("schema %s: %w", redact(cfg), err)
	}
	d := postgresDialect
	pool := &db{DB: p, d: d}
	// The numberer's own connection: writers waiting for it hold none.
	// Its statements are planned at each run with their values (pgx's
	// unnamed statement), never from a plan cached for the connection: a
	// plan made while the tables were nearly empty (an instance's first
	// numberings) scanned the whole feed for the cases' rows at every
	// numbering once it held a province's day.
	ncfg := cfg.Copy()
	ncfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	nc := stdlib.OpenDB(*ncfg)
	nc.SetMaxOpenConns(1)
	nc.SetMaxIdleConns(1)
	s := &Store{write: pool, read: pool, d: d, key: key, Now: time.Now, num: startNumberer(&db{DB: nc, d: d})}
	// Rows an instance committed and never numbered (it stopped in
	// between) are numbered before this one serves.
	if err := s.num.wait(ctx, allLogs); err != nil {
		s.Close()
		return nil, fmt.Errorf("number the logs %s: %w", redact(cfg), err)
	}
	return s, nil
}

// ensureSchemaPostgres runs the schema file only when the database does
// not already hold this version of it (meta 'schema_postgres', the file's
// digest). Even a schema that changes nothing takes its tables' locks
// (CREATE INDEX IF NOT EXISTS locks the table before it looks), and an
// instance starting beside others at work would then deadlock with their
// writes; a run that still meets one (an upgrade while others work) is
// tried again.
func ensureSchemaPostgres(ctx context.Context, p *sql.DB) error {
	sum := sha256.Sum256([]byte(schemaPostgres))
	version := hex.EncodeToString(sum[:8])
	var have string
	err := p.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'schema_postgres'").Scan(&have)
	if err == nil && have == version {
		return nil
	}
	for try := 1; ; try++ {
		_, err = p.ExecContext(ctx, schemaPostgres)
		if err == nil || !retryable(err) || try == 5 {
			break
		}
		time.Sleep(time.Duration(try) * 50 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	_, err = p.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('schema_postgres', $1)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, version)
	return err
}

// PostgresConns is how many connections one instance opens to PostgreSQL
// for its requests; the numberer (sequence.go) has one more of its own.
var PostgresConns = 16

// redact names a PostgreSQL database without its password.
func redact(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// pgconnMessage is a parse error without the connection string it may
// quote (with its password).
func pgconnMessage(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return pe.Unwrap().Error()
	}
	return "无法解析"
}

// Where names the store: its file, or its PostgreSQL database without the
// password.
func (s *Store) Where() string {
	if s.d.pg {
		return "PostgreSQL"
	}
	return s.path
}

// DatabaseSize is the PostgreSQL database's size in bytes, for an
// operator sizing the province (SQLite's is its files').
func (s *Store) DatabaseSize(ctx context.Context) (int64, error) {
	if !s.d.pg {
		return 0, errors.New("platform store: DatabaseSize is PostgreSQL's")
	}
	var n int64
	err := s.read.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&n)
	return n, err
}

// Postgres reports whether the store is on PostgreSQL.
func (s *Store) Postgres() bool { return s.d.pg }

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
	return s.update(ctx, func(tx *txn, now time.Time) error {
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
	if s.d.pg {
		s.num.close()
		return s.write.Close()
	}
	s.write.stmts.close()
	_, _ = s.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return errors.Join(s.read.Close(), s.write.Close())
}

// update runs fn in one write transaction, then writes what fn gathered to
// be numbered (sequence.go), then commits; what it logged is numbered, and
// visible to readers by cursor, when update returns. On PostgreSQL
// the transaction is READ COMMITTED: the rows it changes are locked as it
// reads them (dialect.lockRow), unique keys catch two instances inserting
// the same row, and a transaction that lost such a race, or a deadlock,
// runs again from the start, where it sees what the other committed.
func (s *Store) update(ctx context.Context, fn func(tx *txn, now time.Time) error) error {
	for attempt := 1; ; attempt++ {
		err := s.updateOnce(ctx, fn)
		if err == nil || !s.d.pg || !retryable(err) || attempt == maxAttempts {
			return err
		}
		if err := backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

func (s *Store) updateOnce(ctx context.Context, fn func(tx *txn, now time.Time) error) error {
	var conn *sql.Conn
	if s.d.pg {
		// Its own connection, for the writes it defers (txn.later).
		c, err := s.write.DB.Conn(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		conn = c
	}
	var t *sql.Tx
	var err error
	if conn != nil {
		t, err = conn.BeginTx(ctx, nil)
	} else {
		t, err = s.write.DB.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	tx := &txn{Tx: t, d: s.d, stmts: s.write.stmts, conn: conn}
	if tx.stmts != nil {
		defer tx.stmts.prepareWanted(ctx, s.write.DB)
	}
	if err := fn(tx, s.Now().UTC()); err != nil {
		_ = tx.Rollback()
		return tx.failed(err)
	}
	logged, err := s.finish(ctx, tx)
	if err == nil && logged.any() && !s.d.pg {
		// The only writer, numbering before it commits: no row but its
		// own is unnumbered, and no dead index entries slow the scan.
		err = number(ctx, tx, s.d, logs{feed: logged.feed, changes: logged.changes})
	}
	if err != nil {
		_ = tx.Rollback()
		return tx.failed(err)
	}
	if err := tx.commit(ctx); err != nil {
		return err
	}
	if logged.any() && s.d.pg {
		// Committed: a numbering failure here is not the transaction's,
		// so it is not run again (%v, not %w: retryable must not see a
		// conflict in it); the tick numbers its rows anyway.
		if err := s.num.wait(ctx, logged); err != nil {
			return fmt.Errorf("number the logs: %v", err)
		}
	}
	return nil
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

// Holds reports whether target (as Open takes it) holds a platform store
// already: a SQLite file that exists, or a PostgreSQL database with the
// store's key fingerprint. It creates nothing.
func Holds(ctx context.Context, target string) (bool, error) {
	if !IsPostgres(target) {
		_, err := os.Stat(target)
		return err == nil, nil
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return false, hall.Errorf(hall.EInvalid, "PostgreSQL 连接串无效：%s", pgconnMessage(err))
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer c.Close(ctx)
	var n int
	err = c.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_name = 'meta'`).Scan(&n)
	if err != nil || n == 0 {
		return false, err
	}
	err = c.QueryRow(ctx, "SELECT count(*) FROM meta WHERE name = 'key_id'").Scan(&n)
	return n > 0, err
}
