package sqlite

import (
	"context"

	"yichuang/hall"
)

// NextFiles returns scans still to upload, in the order their cases were
// accepted by the platform.
func (s *Sync) NextFiles(ctx context.Context, max int) ([]hall.FileUpload, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT f.sha256, f.case_id, coalesce(c.no, ''), f.name, f.url,
		f.state, f.attempts, f.reason FROM file_uploads f LEFT JOIN cases c ON c.id = f.case_id
		WHERE f.state = 'pending' ORDER BY f.rowid LIMIT ?`, max)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.FileUpload
	for rows.Next() {
		var f hall.FileUpload
		if err := rows.Scan(&f.SHA256, &f.CaseID, &f.CaseNo, &f.Name, &f.URL, &f.State, &f.Attempts, &f.Reason); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, s.db.classify0(rows.Err())
}

// SaveFileUpload records how far a scan's upload went: its upload address
// as soon as the platform gives one (so an interrupted upload resumes),
// then done or parked.
func (s *Sync) SaveFileUpload(ctx context.Context, f hall.FileUpload) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		sending, done := 0, ""
		if f.Sending {
			sending = 1
		}
		if f.State == hall.OpDone {
			done = stamp(tx.Now)
		}
		_, err := tx.ExecContext(ctx, `UPDATE file_uploads SET url = ?, state = ?, attempts = ?, reason = ?,
			sending = ?, done_at = ? WHERE sha256 = ?`, f.URL, f.State, f.Attempts, f.Reason, sending, done, f.SHA256)
		return err
	})
}
