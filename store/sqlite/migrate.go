package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"yichuang/hall"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its version: %w", n, err)
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	return out, nil
}

// SchemaVersion is the newest schema this program knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies every migration not yet recorded, each in its own
// transaction, in version order. It looks for each missing version rather
// than for versions above the highest applied, so a migration numbered
// below one that is already applied (features built side by side) is not
// skipped forever. A database from a newer program is refused untouched.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return db.classify(err)
	}
	var current int
	if err := db.write.QueryRowContext(ctx,
		"SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return db.classify(err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	if known := SchemaVersion(); current > known {
		return hall.Errorf(hall.EUnsupported,
			"数据库 %s 的版本（%d）比本程序支持的版本（%d）新，请安装新版一窗后再打开。文件未作任何改动", db.path, current, known)
	}
	applied := map[int]bool{}
	rows, err := db.write.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return db.classify(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		db.log.Info("schema migrated", "version", m.version, "name", m.name)
	}
	return nil
}

// noForeignKeys marks a migration that rebuilds a table other tables refer
// to: SQLite's prescribed way needs foreign keys off while the old table is
// dropped and the new one renamed, and checks them before the commit.
const noForeignKeys = "-- foreign_keys: off\n"

func (db *DB) apply(ctx context.Context, m migration) error {
	conn, err := db.write.Conn(ctx) // the pragma below belongs to one connection
	if err != nil {
		return db.classify(err)
	}
	defer conn.Close()
	if !strings.HasPrefix(m.sql, noForeignKeys) {
		return db.applyOn(ctx, conn, m, false)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return db.classify(err)
	}
	err = db.applyOn(ctx, conn, m, true)
	// The connection is the one writer: it must never go on without
	// foreign keys, whatever became of the migration.
	var on int
	if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); ferr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // drop it; the pool opens a fresh one with the DSN's pragmas
		return errors.Join(err, db.classify(ferr))
	}
	if ferr := conn.QueryRowContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys").Scan(&on); ferr != nil || on != 1 {
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(err, fmt.Errorf("foreign keys stayed off after migration %s", m.name))
	}
	return err
}

// applyOn runs one migration in its own transaction on conn; a rebuild
// (foreign keys off) is checked for references to missing rows before it
// commits.
func (db *DB) applyOn(ctx context.Context, conn *sql.Conn, m migration, rebuild bool) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return db.classify(err)
	}
	if rebuild {
		var table string
		var rowid, parent, fk any
		switch err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk); {
		case err == nil:
			return fmt.Errorf("a row of %s refers to a missing row of %v", table, parent)
		case !errors.Is(err, sql.ErrNoRows):
			return db.classify(err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, db.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return db.classify(err)
	}
	return tx.Commit()
}

// CurrentSchema reports the version the open database is at.
func (db *DB) CurrentSchema(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}
