package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"yichuang/hall"
)

// A pilot's platform moves from its SQLite file to PostgreSQL by CopyTo
// (docs/adr/0024). The copy is one transaction on the
// target: it either commits whole and checked or leaves the target as it
// found it, and it is run again from the start. A pilot's file is small
// enough (a second or two per ten thousand cases) that resuming a half
// copy would save nothing worth a second way of being half done.
//
// Everything is copied as stored: sealed values stay sealed under the same
// platform key, the change log keeps its numbers and the counters they are
// given from, the platform keeps its epoch. A desk that pulled up to n
// from the pilot asks the new platform for what follows n and gets exactly
// that; it re-sends nothing.

// CopyReport is what a copy moved and checked.
type CopyReport struct {
	Tables  []TableCount // every table, in the order copied
	Cases   int          // cases whose hashes matched one by one
	Changes int64        // the change log's counter: the next change is numbered after it
	Took    time.Duration
}

// TableCount is a table's rows, equal on both sides.
type TableCount struct {
	Name string
	Rows int64
}

// copyFirst are the tables others refer to: copied before them.
var copyFirst = []string{"desks", "halls", "cases"}

// CopyTo copies this store, on SQLite, into the PostgreSQL database dsn,
// which must hold no platform data, and checks the copy before it
// commits: every table's rows counted on both sides, every case's hash
// (its row, events and files) compared one by one, the counters equal,
// and the source unchanged since the copy began. The store must not be
// served meanwhile. The source is scanned for anything in clear first
// (SealCheck), so the marker copied with meta is true of what is copied.
func (s *Store) CopyTo(ctx context.Context, dsn string) (CopyReport, error) {
	began := time.Now()
	if s.d.pg {
		return CopyReport{}, hall.Errorf(hall.EInvalid, "迁移的来源须是试点平台的 SQLite 数据库")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return CopyReport{}, hall.Errorf(hall.EInvalid, "PostgreSQL 连接串无效：%s", pgconnMessage(err))
	}
	pc, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return CopyReport{}, hall.Wrap(hall.EInternal, err, "无法连接目标 PostgreSQL 数据库")
	}
	defer pc.Close(context.Background())
	// The schema first, in its own transaction (it takes and frees the
	// schema lock): a copy that then fails leaves empty tables, which a
	// second run accepts as empty.
	if _, err := pc.Exec(ctx, schemaPostgres); err != nil {
		return CopyReport{}, fmt.Errorf("schema %s: %w", redact(cfg), err)
	}
	// The pilot's marker ('sealed_rules' in meta) is copied with its
	// table: the whole pass makes it true first, even of a pilot an older
	// binary wrote to after it was marked.
	if _, err := s.SealCheck(ctx); err != nil {
		return CopyReport{}, fmt.Errorf("seal the pilot: %w", err)
	}
	src, err := s.read.snapshot(ctx)
	if err != nil {
		return CopyReport{}, err
	}
	defer src.Rollback()
	dst, err := pc.Begin(ctx)
	if err != nil {
		return CopyReport{}, err
	}
	defer dst.Rollback(context.Background())
	// An instance started meanwhile waits at its schema for this lock,
	// then finds the copied store.
	if _, err := dst.Exec(ctx, "SELECT pg_advisory_xact_lock(7262201)"); err != nil {
		return CopyReport{}, err
	}
	tables, err := copyTables(ctx, src, dst)
	if err != nil {
		return CopyReport{}, err
	}
	if err := mustBeEmpty(ctx, dst, tables); err != nil {
		return CopyReport{}, err
	}
	rep := CopyReport{}
	for _, t := range tables {
		n, err := copyRows(ctx, src, dst, t)
		if err != nil {
			return CopyReport{}, fmt.Errorf("copy %s: %w", t.name, err)
		}
		rep.Tables = append(rep.Tables, TableCount{t.name, n})
	}
	if err := pastCopied(ctx, dst, tables); err != nil {
		return CopyReport{}, err
	}
	if rep.Cases, err = verifyCopy(ctx, src, dst, rep.Tables); err != nil {
		return CopyReport{}, err
	}
	if err := dst.QueryRow(ctx, "SELECT value FROM counters WHERE name = $1", seqChanges).Scan(&rep.Changes); err != nil {
		return CopyReport{}, err
	}
	if err := s.unchangedSince(ctx, src); err != nil {
		return CopyReport{}, err
	}
	if err := dst.Commit(ctx); err != nil {
		return CopyReport{}, fmt.Errorf("commit the copy: %w", err)
	}
	rep.Took = time.Since(began)
	return rep, nil
}

// tableToCopy is a table as both sides name its columns: PostgreSQL's, in
// their order, which the SQLite table has too.
type tableToCopy struct {
	name     string
	cols     []string
	identity []string // columns PostgreSQL numbers itself (SQLite's rowid)
}

// copyTables lists the tables to copy, parents first. A SQLite table or
// column that PostgreSQL's schema lacks refuses the copy: it would be lost.
func copyTables(ctx context.Context, src *txn, dst pgx.Tx) ([]tableToCopy, error) {
	rows, err := dst.Query(ctx, `SELECT table_name, column_name, is_identity FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, err
	}
	byName := map[string]*tableToCopy{}
	var names []string
	for rows.Next() {
		var tn, cn, ident string
		if err := rows.Scan(&tn, &cn, &ident); err != nil {
			return nil, err
		}
		t := byName[tn]
		if t == nil {
			t = &tableToCopy{name: tn}
			byName[tn] = t
			names = append(names, tn)
		}
		t.cols = append(t.cols, cn)
		if ident == "YES" {
			t.identity = append(t.identity, cn)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	srcCols, err := sqliteColumns(ctx, src)
	if err != nil {
		return nil, err
	}
	for tn, cols := range srcCols {
		t := byName[tn]
		if t == nil {
			return nil, hall.Errorf(hall.EInternal, "PostgreSQL 的表结构中没有表 %s：迁移会丢失它，已停止", tn)
		}
		for _, c := range cols {
			if !slices.Contains(t.cols, c) {
				return nil, hall.Errorf(hall.EInternal, "PostgreSQL 的表 %s 中没有列 %s：迁移会丢失它，已停止", tn, c)
			}
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := slices.Index(copyFirst, a), slices.Index(copyFirst, b)
		if ia < 0 {
			ia = len(copyFirst)
		}
		if ib < 0 {
			ib = len(copyFirst)
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	out := make([]tableToCopy, 0, len(names))
	for _, n := range names {
		if srcCols[n] == nil {
			return nil, hall.Errorf(hall.EInternal, "试点平台的数据库中没有表 %s：请先用当前版本的平台打开它", n)
		}
		out = append(out, *byName[n])
	}
	return out, nil
}

// sqliteColumns are the source's tables and their declared columns.
func sqliteColumns(ctx context.Context, src *txn) (map[string][]string, error) {
	rows, err := src.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// mustBeEmpty refuses a target that holds anything but what the schema
// itself puts in a new database (the epoch row, the counters at zero), and
// clears that.
func mustBeEmpty(ctx context.Context, dst pgx.Tx, tables []tableToCopy) error {
	for _, t := range tables {
		var n int64
		q := "SELECT count(*) FROM " + pgx.Identifier{t.name}.Sanitize()
		switch t.name {
		case "platform_epoch":
			q += " WHERE backup_at != '' OR changes_through != 0 OR restored_at != ''"
		case "counters":
			q += " WHERE value != 0"
		}
		if err := dst.QueryRow(ctx, q).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return hall.Errorf(hall.EConflict, "目标 PostgreSQL 数据库不是空的：表 %s 已有 %d 行。迁移只写入空数据库，请换一个新建的数据库", t.name, n)
		}
	}
	_, err := dst.Exec(ctx, "DELETE FROM platform_epoch; DELETE FROM counters")
	return err
}

// copyRows streams a table from the SQLite snapshot into PostgreSQL with
// COPY (which writes identity columns as given).
func copyRows(ctx context.Context, src *txn, dst pgx.Tx, t tableToCopy) (int64, error) {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = `"` + c + `"`
	}
	rows, err := src.QueryContext(ctx, "SELECT "+strings.Join(quoted, ", ")+` FROM "`+t.name+`"`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n, err := dst.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromFunc(func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		return vals, nil
	}))
	if err != nil {
		return n, err
	}
	return n, rows.Err()
}

// pastCopied sets every identity column's sequence past the highest value
// copied, so that the next row PostgreSQL numbers takes no copied number.
func pastCopied(ctx context.Context, dst pgx.Tx, tables []tableToCopy) error {
	for _, t := range tables {
		for _, c := range t.identity {
			tn, cn := pgx.Identifier{t.name}.Sanitize(), pgx.Identifier{c}.Sanitize()
			if _, err := dst.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2),
				coalesce((SELECT max(%s) FROM %s), 0) + 1, false)`, cn, tn), tn, c); err != nil {
				return fmt.Errorf("sequence of %s.%s: %w", t.name, c, err)
			}
		}
	}
	return nil
}

// unchangedSince refuses the copy if the pilot wrote after the snapshot
// was taken: what it wrote would be missing from the copy.
func (s *Store) unchangedSince(ctx context.Context, snap *txn) error {
	const q = `SELECT (SELECT count(*) FROM ops) || '/' || (SELECT count(*) FROM uploads) || '/' ||
		(SELECT count(*) FROM audit_records) || '/' || (SELECT count(*) FROM nonces) || '/' ||
		(SELECT group_concat(name || '=' || value, ',') FROM (SELECT name, value FROM counters ORDER BY name)) || '/' ||
		(SELECT coalesce(sum(value), 0) FROM tallies)`
	var then, now sql.NullString
	if err := snap.QueryRowContext(ctx, q).Scan(&then); err != nil {
		return err
	}
	if err := s.read.QueryRowContext(ctx, q).Scan(&now); err != nil {
		return err
	}
	if then != now {
		return hall.Errorf(hall.EConflict, "迁移期间试点平台仍在写入数据库：请先停止试点平台的 serve，再重新迁移（目标数据库未作改动）")
	}
	return nil
}

// errCopyDiffers marks a copy whose check failed.
var errCopyDiffers = errors.New("copy differs from its source")
