package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// ReplaceDesk is for a desk whose PC is lost or replaced without notice:
// the desk's secret is revoked at once (the old PC, if it still runs, can
// no longer push or pull) and a one-time code registers the new PC as the
// same desk. Registering raises the desk's generation (docs/adr/0016).
func (s *Store) ReplaceDesk(ctx context.Context, hallCode, deskCode string) (string, error) {
	code := newEnrolCode()
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		var id, registered string
		err := tx.QueryRowContext(ctx, `SELECT id, registered_at FROM desks WHERE hall_code = ? AND desk_code = ?`,
			hallCode, deskCode).Scan(&id, &registered)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "平台上没有窗口 %s-%s：新窗口请用 desk add", hallCode, deskCode)
		}
		if err != nil {
			return err
		}
		if registered == "" {
			return hall.Errorf(hall.EConflict, "窗口 %s-%s 从未注册，无需更换：请用 desk add 重新生成注册码", hallCode, deskCode)
		}
		_, err = tx.ExecContext(ctx, `UPDATE desks SET secret = '', enrol_hash = ?, enrol_expires = ? WHERE id = ?`,
			enrolHash(code), stamp(now.Add(EnrolValidity)), id)
		if err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO desk_generations (desk_id, generation, replaced_at) VALUES (?, 0, ?)
				ON CONFLICT (desk_id) DO UPDATE SET replaced_at = excluded.replaced_at`, id, stamp(now))
		}
		return err
	})
	return code, err
}

// newGeneration gives a desk registering again (a new PC for a known
// identity) a generation above every one it has used, inside Register's
// transaction.
func newGeneration(ctx context.Context, tx *txn, deskID string, now time.Time) (int, string, error) {
	known, _, err := generationOf(ctx, tx, deskID)
	if err != nil {
		return 0, "", err
	}
	g, claim := known+1, uuid.Must(uuid.NewV7()).String()
	if g > hall.MaxGeneration {
		return 0, "", hall.Errorf(hall.EConflict, "该窗口已更换或恢复 %d 次，编号代号已用完：请为新电脑分配新的窗口编码", known)
	}
	// The new PC starts its own audit chain: the old PC's is kept, whole.
	if err := supersede(ctx, tx, deskID, 1, "register:"+claim, now); err != nil {
		return 0, "", err
	}
	return g, claim, setGeneration(ctx, tx, deskID, g, claim)
}

// generationOf is the highest generation the desk is known to have used:
// the one recorded, or a higher one seen in its case numbers.
func generationOf(ctx context.Context, tx *txn, deskID string) (int, string, error) {
	var g int
	var claim string
	err := tx.QueryRowContext(ctx, "SELECT generation, claim FROM desk_generations WHERE desk_id = ?", deskID).Scan(&g, &claim)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", err
	}
	rows, err := tx.QueryContext(ctx, "SELECT no FROM cases WHERE desk_id = ?", deskID)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return 0, "", err
		}
		if n, err := hall.ParseCaseNumber(no); err == nil && n.Generation > g {
			g, claim = n.Generation, ""
		}
	}
	return g, claim, rows.Err()
}

func setGeneration(ctx context.Context, tx *txn, deskID string, g int, claim string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO desk_generations (desk_id, generation, claim) VALUES (?, ?, ?)
		ON CONFLICT (desk_id) DO UPDATE SET generation = excluded.generation, claim = excluded.claim`, deskID, g, claim)
	return err
}

// Recover answers a desk that was restored, replaced, or found the
// platform restored: the generation it numbers with from now on (its own
// if no other restore has used it, else a new one), and how far the
// platform holds this desk.
func (s *Store) Recover(ctx context.Context, desk Desk, req protocol.RecoverRequest) (protocol.RecoverResponse, error) {
	var res protocol.RecoverResponse
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		known, claim, err := generationOf(ctx, tx, desk.ID)
		if err != nil {
			return err
		}
		g := req.Generation
		switch {
		case g > known:
			err = setGeneration(ctx, tx, desk.ID, g, req.Claim)
		case g == known && (g == 0 || (req.Claim != "" && req.Claim == claim)):
			// the desk's own: never restored, or this restore asking again
		default:
			// Another restore (of the same backup) numbers with g already.
			if g = known + 1; g > hall.MaxGeneration {
				return hall.Errorf(hall.EConflict, "该窗口已更换或恢复 %d 次，编号代号已用完：请为它分配新的窗口编码", known)
			}
			err = setGeneration(ctx, tx, desk.ID, g, req.Claim)
		}
		if err != nil {
			return err
		}
		res.Generation = g
		if err := epochRow(ctx, tx, &res); err != nil {
			return err
		}
		if res.AuditThrough, _, err = auditTail(ctx, tx, desk.ID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM cases WHERE desk_id = ?", desk.ID).Scan(&res.Cases)
	})
	return res, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func epochRow(ctx context.Context, q querier, res *protocol.RecoverResponse) error {
	var backup string
	err := q.QueryRowContext(ctx, "SELECT epoch, backup_at, changes_through FROM platform_epoch WHERE id = 1").
		Scan(&res.Epoch, &backup, &res.ChangesThrough)
	res.BackupAt = parseStamp(backup)
	return err
}

// Epoch is the platform's current epoch: it changes when the platform is
// restored from a backup.
func (s *Store) Epoch(ctx context.Context) (string, error) {
	var res protocol.RecoverResponse
	err := epochRow(ctx, s.read, &res)
	return res.Epoch, err
}

// MarkRestored gives a platform just restored from a backup made at
// backupAt a new epoch, recording how far its change log goes: desks
// that see the new epoch re-send what they settled after backupAt.
func (s *Store) MarkRestored(ctx context.Context, backupAt time.Time) (string, error) {
	epoch := uuid.Must(uuid.NewV7()).String()
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		var through int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM changes WHERE seq > 0").Scan(&through); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE platform_epoch SET epoch = ?, backup_at = ?, changes_through = ?,
			restored_at = ? WHERE id = 1`, epoch, stamp(backupAt), through, stamp(now))
		return err
	})
	return epoch, err
}

// OwnCases pages through the desk's cases in the order the platform
// received them: id, number and how many events, so the desk can tell
// which it lacks.
func (s *Store) OwnCases(ctx context.Context, desk Desk, req protocol.OwnCasesRequest) (protocol.OwnCasesResponse, error) {
	res := protocol.OwnCasesResponse{Next: req.After, Cases: []protocol.OwnCaseRef{}}
	limit := req.Limit
	if limit <= 0 || limit > protocol.MaxOwnCasesPage {
		limit = protocol.DefaultOwnCaseList
	}
	rows, err := s.read.QueryContext(ctx, `SELECT c.rowid, c.id, c.no, (SELECT count(*) FROM case_events e
		WHERE e.case_id = c.id) FROM cases c WHERE c.desk_id = ? AND c.rowid > ? ORDER BY c.rowid LIMIT ?`,
		desk.ID, req.After, limit+1)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var r protocol.OwnCaseRef
		var at int64
		if err := rows.Scan(&at, &r.ID, &r.No, &r.Events); err != nil {
			return res, err
		}
		if len(res.Cases) == limit {
			res.More = true
			break
		}
		res.Cases, res.Next = append(res.Cases, r), at
	}
	return res, rows.Err()
}

// FetchOwnCases returns the desk's cases with these ids in full, with
// every event in order. Ids of other desks' cases are left out.
func (s *Store) FetchOwnCases(ctx context.Context, desk Desk, ids []string) (protocol.OwnCasesFetched, error) {
	res := protocol.OwnCasesFetched{Cases: []protocol.OwnCase{}}
	if len(ids) > protocol.MaxOwnCasesFetch {
		return res, hall.Errorf(protocol.CodeTooLarge, "一次最多取回 %d 件办件", protocol.MaxOwnCasesFetch)
	}
	tx, err := s.read.snapshot(ctx)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	for _, id := range ids {
		var doc string
		err := tx.QueryRowContext(ctx, "SELECT doc FROM cases WHERE id = ? AND desk_id = ?", id, desk.ID).Scan(&doc)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return res, err
		}
		opened, err := s.openDoc(doc) // sealed at rest; the desk seals it again under its own key
		if err != nil {
			return res, err
		}
		oc := protocol.OwnCase{Case: json.RawMessage(opened)}
		rows, err := tx.QueryContext(ctx, "SELECT doc, origin FROM case_events WHERE case_id = ? ORDER BY seq", id)
		if err != nil {
			return res, err
		}
		for rows.Next() {
			var d, origin string
			if err := rows.Scan(&d, &origin); err != nil {
				rows.Close()
				return res, err
			}
			ev, err := s.openDoc(d)
			if err != nil {
				rows.Close()
				return res, err
			}
			oc.Events, oc.Origins = append(oc.Events, json.RawMessage(ev)), append(oc.Origins, origin)
		}
		rows.Close()
		res.Cases = append(res.Cases, oc)
	}
	return res, nil
}
