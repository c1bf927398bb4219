package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

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
