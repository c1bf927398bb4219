package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"yichuang/hall"
	"yichuang/hall/calendar"
)

// calendarState is the desk's working-day calendar: the bundled tables the
// program ships, overlaid with the years stored in calendar_years (later
// years and corrections from the platform). It is rebuilt when the stored
// years change, which a cheap look at (count, max rev) tells.
type calendarState struct {
	mu      sync.Mutex
	bundled map[int]calendar.Year
	sig     calendarSig
	cal     *calendar.Calendar
}

type calendarSig struct{ years, rev int64 }

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// UseBundledCalendar gives the store the tables the program ships (2024–2026
// today). Without them the store counts only with stored years, and a desk
// with neither leaves due dates to the caller.
func (db *DB) UseBundledCalendar(tables map[int]calendar.Year) {
	db.cal.mu.Lock()
	defer db.cal.mu.Unlock()
	db.cal.bundled = tables
	db.cal.cal = nil
}

// Calendar returns the calendar the desk counts with: bundled years
// overlaid with stored ones.
func (db *DB) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	cal, _, err := db.calendarFrom(ctx, db.read, true)
	return cal, db.classify0(err)
}

// calendarFrom builds the calendar from what q sees. ok is false when there
// is nothing to count with. Only committed state may be cached: a write
// transaction passes cache=false, so a rolled-back save never lingers.
func (db *DB) calendarFrom(ctx context.Context, q querier, cache bool) (cal *calendar.Calendar, ok bool, err error) {
	var sig calendarSig
	if err := q.QueryRowContext(ctx, "SELECT count(*), coalesce(max(rev), 0) FROM calendar_years").
		Scan(&sig.years, &sig.rev); err != nil {
		return nil, false, err
	}
	st := &db.cal
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.cal != nil && st.sig == sig {
		return st.cal, len(st.bundled) > 0 || sig.years > 0, nil
	}
	stored, err := storedYears(ctx, q)
	if err != nil {
		return nil, false, err
	}
	tables := make(map[int]calendar.Year, len(st.bundled)+len(stored))
	for y, t := range st.bundled {
		tables[y] = t
	}
	for y, t := range stored {
		tables[y] = t // a stored year replaces the bundled one
	}
	cal = calendar.New(tables)
	if cache {
		st.cal, st.sig = cal, sig
	}
	return cal, len(tables) > 0, nil
}

// storedYears reads calendar_years. A row that no longer parses (written by
// a newer program?) is an error, not a silently missing year.
func storedYears(ctx context.Context, q querier) (map[int]calendar.Year, error) {
	rows, err := q.QueryContext(ctx, "SELECT year, doc FROM calendar_years ORDER BY year")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]calendar.Year{}
	for rows.Next() {
		var year int
		var doc string
		if err := rows.Scan(&year, &doc); err != nil {
			return nil, err
		}
		y, err := calendar.ParseYear(year, []byte(doc))
		if err != nil {
			return nil, hall.Wrap(hall.ECorrupt, err, "本机保存的%d年节假日表无法读取：%s", year, hall.ErrorMessage(err))
		}
		out[year] = y
	}
	return out, rows.Err()
}

// SaveCalendarYear stores one year's holiday table (the per-year JSON shape)
// and recounts the due dates it moves, in one transaction; source says
// where it came from (平台, 管理员). It returns how many cases' dates moved.
func (db *DB) SaveCalendarYear(ctx context.Context, year int, table []byte, source string) (int, error) {
	var moved int
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		moved, err = db.SaveCalendarYearTx(ctx, tx, year, table, source)
		return err
	})
	return moved, err
}

// SaveCalendarYearTx is SaveCalendarYear inside the caller's transaction:
// the sync engine calls it with the pull's cursor, so the year, the due
// dates it moves and the cursor commit together. A table that does not
// parse is an EInvalid error naming the year and the date.
func (db *DB) SaveCalendarYearTx(ctx context.Context, tx *Tx, year int, table []byte, source string) (int, error) {
	y, err := calendar.ParseYear(year, table)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, doc, source, rev, updated_at)
		VALUES (?1, ?2, ?3, (SELECT coalesce(max(rev), 0) + 1 FROM calendar_years), ?4)
		ON CONFLICT (year) DO UPDATE SET doc = excluded.doc, source = excluded.source, rev = excluded.rev,
		updated_at = excluded.updated_at`, year, string(calendar.FormatYear(y)), source, stamp(tx.Now)); err != nil {
		return 0, fmt.Errorf("save calendar %d: %w", year, err)
	}
	if err := db.recountFeed(ctx, tx); err != nil { // the other windows' cases too (feed.go)
		return 0, fmt.Errorf("recount the supervision feed: %w", err)
	}
	return db.recountOpenDueDates(ctx, tx, year)
}

// ReadCalendarYears reads the holiday tables stored in the database at
// path, for a headless command that must give the same due dates as the
// running window without taking its lock: the file is opened read-only,
// never migrated, never written. A missing file or a database from before
// calendar_years existed has none.
func ReadCalendarYears(ctx context.Context, path string) (map[int]calendar.Year, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	ro, err := sql.Open("sqlite", "file:"+u.EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer ro.Close()
	var id int64
	var tables int
	if err := ro.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return nil, corruptErr(path, err)
	}
	if id != appID {
		return nil, hall.Errorf(hall.ECorrupt, "数据库文件 %s 不是一窗的数据库", path)
	}
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
		WHERE type = 'table' AND name = 'calendar_years'`).Scan(&tables); err != nil || tables == 0 {
		return nil, err
	}
	return storedYears(ctx, ro)
}
