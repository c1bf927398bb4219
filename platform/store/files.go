package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// MaxOpenUploads caps the uploads one desk may have started and not
// finished: partial files cannot fill the platform's disk.
const MaxOpenUploads = 32

// UploadStarted records a tus upload the moment it is created, so the
// platform can tell partial files from whole ones. An upload belongs to a
// case of the desk that refers to the file; a desk with MaxOpenUploads
// unfinished uploads must finish one first.
func (s *Store) UploadStarted(ctx context.Context, id, deskID, caseID string, size int64) error {
	return s.update(ctx, func(tx *txn, now time.Time) error {
		var refers int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases c JOIN case_files cf ON cf.case_id = c.id
			WHERE c.id = ? AND c.desk_id = ? AND cf.sha256 = ?`, caseID, deskID, id).Scan(&refers); err != nil {
			return err
		}
		if refers == 0 {
			return hall.Errorf(hall.EInvalid, "平台上本窗口的办件（%s）没有引用这个扫描件：先同步办件，再上传其扫描件", caseID)
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM uploads WHERE desk_id = ? AND finished_at = ''`,
			deskID).Scan(&open); err != nil {
			return err
		}
		if open >= MaxOpenUploads {
			return hall.Errorf(hall.ETransient, "本窗口已有 %d 个未传完的扫描件，先传完它们再开始新的", open)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO uploads (id, desk_id, case_id, size, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, id, deskID, caseID, size, stamp(now))
		return err
	})
}

// DeskRefers reports whether a case of the desk refers to the file: only
// then does the platform tell the desk anything about it.
func (s *Store) DeskRefers(ctx context.Context, deskID, sha string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM cases c JOIN case_files cf ON cf.case_id = c.id
		WHERE c.desk_id = ? AND cf.sha256 = ?`, deskID, sha).Scan(&n)
	return n > 0, err
}

// FileVerified records a file that arrived whole and matched its SHA-256,
// and closes its upload. Cases that refer to it may now be complete.
//
// path is the sealed file and fileKey its key as SealFile returned it.
func (s *Store) FileVerified(ctx context.Context, sha string, size int64, path, fileKey string) error {
	return s.update(ctx, func(tx *txn, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, path, file_key, verified_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, sha, size, path, fileKey, stamp(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE uploads SET finished_at = ? WHERE id = ? AND finished_at = ''", stamp(now), sha)
		return err
	})
}

// UploadDiscarded forgets an upload whose content did not match its hash.
func (s *Store) UploadDiscarded(ctx context.Context, id string) error {
	return s.update(ctx, func(tx *txn, now time.Time) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM uploads WHERE id = ?", id)
		return err
	})
}

// File returns a verified file, ok false when it has not arrived whole.
func (s *Store) File(ctx context.Context, sha string) (protocol.FileStatus, bool, error) {
	st := protocol.FileStatus{SHA256: sha}
	err := s.read.QueryRowContext(ctx, "SELECT size FROM files WHERE sha256 = ?", sha).Scan(&st.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	st.Verified = err == nil
	return st, err == nil, err
}

// Stats counts what the platform holds.
func (s *Store) Stats(ctx context.Context) (protocol.Stats, error) {
	var st protocol.Stats
	q := []struct {
		sql  string
		dest *int
	}{
		{"SELECT count(*) FROM cases", &st.Cases},
		{`SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_files cf WHERE cf.case_id = c.id
			AND NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = cf.sha256))`, &st.CasesComplete},
		{"SELECT count(*) FROM case_events", &st.Events},
		{"SELECT coalesce((SELECT CAST(sum(value) AS BIGINT) FROM tallies WHERE name = 'ops_applied'), 0)", &st.OpsApplied},
		{"SELECT coalesce((SELECT CAST(sum(value) AS BIGINT) FROM tallies WHERE name = 'ops_duplicate'), 0)", &st.OpsDuplicate},
		{"SELECT coalesce((SELECT CAST(sum(value) AS BIGINT) FROM tallies WHERE name = 'ops_rejected'), 0)", &st.OpsRejected},
		{"SELECT count(*) FROM files", &st.Files},
		{"SELECT count(*) FROM uploads WHERE finished_at = ''", &st.UploadsOpen},
		{"SELECT count(*) FROM desks", &st.Desks},
		{"SELECT count(*) FROM changes", &st.Changes},
		{"SELECT count(*) FROM audit_records", &st.AuditRecords},
	}
	for _, x := range q {
		if err := s.read.QueryRowContext(ctx, x.sql).Scan(x.dest); err != nil {
			return st, err
		}
	}
	return st, nil
}

// CaseRefers reports whether the desk's case caseID refers to the file.
func (s *Store) CaseRefers(ctx context.Context, deskID, caseID, sha string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM cases c JOIN case_files cf ON cf.case_id = c.id
		WHERE c.id = ? AND c.desk_id = ? AND cf.sha256 = ?`, caseID, deskID, sha).Scan(&n)
	return n > 0, err
}
