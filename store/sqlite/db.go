package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"yichuang/catalog/search"
	"yichuang/hall"
)

// appID marks a database as ours (PRAGMA application_id, "yich").
const appID = 0x79696368

// DB is the desk's database.
type DB struct {
	path  string
	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // readers, query_only
	log   *slog.Logger

	search search.Engine // the catalog's in-memory search (catalog/search, fed by search.go)
	sec    security      // accounts session, data key, desk secret (users.go)

	cal calendarState // the working-day calendar (calendar.go)

	// Now is the clock every transaction reads once at its start: the
	// hall's (hall.Clock); tests replace it.
	Now func() time.Time
}

// Open opens (creating if absent) the database at path and brings its schema
// up to date. A damaged file, a file of another program or a database from
// a newer version of the app is refused with a Chinese message and left
// exactly as it was.
func Open(ctx context.Context, path string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db := &DB{path: path, log: log, Now: hall.SystemClock}
	if err := db.inspect(ctx); err != nil {
		return nil, err
	}
	// A new database is the owner's alone (its -wal and -shm files take
	// the same mode from it): other accounts of the PC read nothing.
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法创建数据库文件 %s", path)
	}
	f.Close()
	ownerOnly(path, path+"-wal", path+"-shm", DeskSecretPath(path))
	if db.write, err = sql.Open("sqlite", writeDSN(path)); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	if err := db.setup(ctx); err != nil {
		db.write.Close()
		return nil, err
	}
	if db.read, err = sql.Open("sqlite", dsn(path, "&_pragma=query_only(1)")); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(4)
	return db, nil
}

// ownerOnly takes group and other access from files an older build
// created 0644 (the database, its WAL and shared memory, the desk key).
// Windows has no such bits; there the directory's ACL protects them.
func ownerOnly(paths ...string) {
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, st.Mode().Perm()&0o700)
		}
	}
}

// dsn names the file with the pragmas every connection needs; secure_delete
// overwrites what a change frees, so a record sealed or purged leaves no
// copy of its old bytes in free pages. The driver
// runs the _pragma list before its shorthand keys (journal mode among
// them), which is what lets page_size take effect on a new database.
func dsn(path, extra string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	return "file:" + u.EscapedPath() +
		"?_busy_timeout=10000&_foreign_keys=1&_journal_mode=WAL&_synchronous=FULL" +
		"&_pragma=temp_store(MEMORY)&_pragma=secure_delete(ON)" + extra
}

// pageSize is the page size of a database this program creates. An item's
// document is about 2.5 KB: at 4 KB pages each took a page of its own and
// left a third of it empty; 8 KB pages hold three. A database created with
// other pages keeps them (a WAL database changes page size only by a
// rebuild), so the pragma must run before the switch to WAL.
const pageSize = 8192

// writeDSN is the one writing connection's: it creates a new database with
// pageSize pages, takes the write lock when a transaction begins (so two
// writers never deadlock on an upgrade), and keeps statement journals in
// memory (dsn): a statement that may fail halfway through an import would
// otherwise copy each page it touches to a temporary file first.
func writeDSN(path string) string {
	return dsn(path, fmt.Sprintf("&_pragma=page_size(%d)&_txlock=immediate", pageSize))
}

// checkHeader refuses a file that is not an SQLite database before SQLite
// sees it, so nothing is ever written beside a stranger's file.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "无法读取数据库文件 %s", path)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil // an empty file is an empty database
	}
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return corruptErr(path, nil)
	}
	return nil
}

func corruptErr(path string, err error) error {
	return hall.Wrap(hall.ECorrupt, err,
		"数据库文件 %s 已损坏或不是一窗的数据库。文件未作任何改动，请从备份恢复（yichuang restore）或联系管理员", path)
}

// inspect looks at an existing file through a read-only connection with no
// pragmas, so that a stranger's file or a newer database is refused before
// anything (even the switch to WAL) writes to it.
func (db *DB) inspect(ctx context.Context) error {
	if st, err := os.Stat(db.path); err != nil || st.Size() == 0 {
		return nil
	}
	u := url.URL{Path: filepath.ToSlash(db.path)}
	ro, err := sql.Open("sqlite", "file:"+u.EscapedPath()+"?mode=ro")
	if err != nil {
		return fmt.Errorf("open %s: %w", db.path, err)
	}
	defer ro.Close()
	var id int64
	var tables, ours int
	if err := ro.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return db.classify(err)
	}
	if err := ro.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
		FROM sqlite_schema WHERE type = 'table'`).Scan(&tables, &ours); err != nil {
		return db.classify(err)
	}
	if tables == 0 && id == 0 {
		return nil
	}
	if id != appID {
		return hall.Errorf(hall.ECorrupt,
			"数据库文件 %s 属于其他程序，不是一窗的数据库。文件未作任何改动", db.path)
	}
	if ours == 0 {
		return nil
	}
	var current int
	if err := ro.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return db.classify(err)
	}
	if known := SchemaVersion(); current > known {
		return hall.Errorf(hall.EUnsupported,
			"数据库 %s 的版本（%d）比本程序支持的版本（%d）新，请安装新版一窗后再打开。文件未作任何改动", db.path, current, known)
	}
	return nil
}

// setup marks a new database as ours and migrates it.
func (db *DB) setup(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", appID)); err != nil {
		return db.classify(err)
	}
	return db.migrate(ctx)
}

// classify turns SQLite's errors about the file into the project's errors.
func (db *DB) classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return corruptErr(db.path, err)
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return hall.Wrap(hall.EInternal, err, "无法写入数据库文件 %s，请检查数据目录的权限", db.path)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return hall.Wrap(hall.ETransient, err, "数据库正忙，请稍后再试")
		case sqlite3.SQLITE_FULL:
			return hall.Wrap(hall.EInternal, err, "磁盘空间已满，数据未保存，请清理磁盘后重试")
		}
	}
	if strings.Contains(err.Error(), "not a database") {
		return corruptErr(db.path, err)
	}
	return err
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close checkpoints the WAL and closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		_, _ = db.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}
