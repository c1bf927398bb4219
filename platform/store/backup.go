package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"

	"yichuang/hall"
)

// Snapshot writes a consistent copy of the store to path while the server
// goes on: VACUUM INTO reads inside one read transaction (WAL lets writers
// continue). It also lists the files the snapshot says arrived whole, so a
// backup carries exactly those.
func (s *Store) Snapshot(ctx context.Context, path string) ([]string, error) {
	if s.d.pg {
		return nil, hall.Errorf(hall.EInvalid, "PostgreSQL 上的平台数据库用 PostgreSQL 自己的备份（pg_basebackup、pg_dump）")
	}
	// query_only refuses VACUUM INTO on the read pool; a connection of its
	// own that writes only the new file does it.
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(s.path)}).EscapedPath()+"?_pragma=busy_timeout(15000)")
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", path, err)
	}
	snap, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()+"?_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	rows, err := snap.QueryContext(ctx, "SELECT sha256 FROM files ORDER BY sha256")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var shas []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		shas = append(shas, sha)
	}
	return shas, rows.Err()
}

// CheckSnapshot checks a staged copy before it replaces the store: SQLite's
// integrity check, that it is a platform store at all, and that it was
// sealed under key. It returns the files the copy expects.
func CheckSnapshot(ctx context.Context, path string, key *Key) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()+"?_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		return nil, fmt.Errorf("integrity check: %v %s", err, ok)
	}
	var desks int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM desks").Scan(&desks); err != nil {
		return nil, fmt.Errorf("not a platform store: %w", err)
	}
	var id string
	if err := db.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'key_id'").Scan(&id); err == nil && id != key.ID() {
		return nil, hall.Errorf(hall.EForbidden, "备份中的平台数据库由另一把平台密钥（指纹 %s）加密，不是 %s：请用 --key 指定备份时所用的密钥文件。平台数据未作任何改动", id, key.ID())
	}
	rows, err := db.QueryContext(ctx, "SELECT sha256 FROM files")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var shas []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		shas = append(shas, sha)
	}
	return shas, rows.Err()
}
