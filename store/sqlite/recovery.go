package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"yichuang/hall"
)

// Disaster recovery at the desk (docs/adr/0016): the restore generation
// that keeps numbers unique, the restore's audit record, the desk's own
// cases pulled back from the platform, and what a restored platform lost.

// generationTx is the desk's restore generation (0 until its first restore).
func generationTx(ctx context.Context, tx *Tx) (int, error) {
	v, err := settingTx(ctx, tx, hall.SettingGeneration)
	if err != nil || v == "" {
		return 0, err
	}
	g, err := strconv.Atoi(v)
	if err != nil || g < 0 {
		return 0, hall.Errorf(hall.ECorrupt, "本窗口的恢复代数设置（%q）已损坏，无法生成办件编号：请联系平台管理员", v)
	}
	return g, nil
}

// GenerationOf reads the generation of the database at path without
// opening it for writing: a restore takes the generation of the data it
// replaces into account (a restore repeated by mistake). 0 when unknown.
func GenerationOf(ctx context.Context, path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	ro, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()+"?mode=ro")
	if err != nil {
		return 0
	}
	defer ro.Close()
	var v string
	_ = ro.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", hall.SettingGeneration).Scan(&v)
	g, _ := strconv.Atoi(v)
	return g
}

// RecordRestore is the restore's last step, on the database just swapped
// in, in one transaction: the desk takes a generation above every one the
// backup or the replaced data used, is marked recovering for its next
// sync, and its audit log gets the record that names the backup and the
// position its chain resumes from. replacedGen is the generation of the
// data the restore replaced (0 if none).
func (db *DB) RecordRestore(ctx context.Context, file string, created time.Time, kept string, replacedGen int) (hall.RestoreReport, error) {
	rep := hall.RestoreReport{BackupAt: created}
	err := db.Update(ctx, func(tx *Tx) error {
		g, err := generationTx(ctx, tx)
		if err != nil {
			return err
		}
		if rep.Generation = max(g, replacedGen) + 1; rep.Generation > hall.MaxGeneration {
			return hall.Errorf(hall.EConflict, "本窗口已恢复 %d 次，编号代号已用完：请联系平台管理员分配新的窗口编码", rep.Generation-1)
		}
		err = tx.QueryRowContext(ctx, "SELECT no FROM cases ORDER BY created_at DESC, no DESC LIMIT 1").Scan(&rep.LastCaseNo)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM audit_log").Scan(&rep.ResumesAfter); err != nil {
			return err
		}
		for k, v := range map[string]string{hall.SettingGeneration: strconv.Itoa(rep.Generation),
			hall.SettingRecovering: "1", hall.SettingRecoveryClaim: NewID()} {
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
		}
		last := rep.LastCaseNo
		if last == "" {
			last = "无"
		}
		detail := fmt.Sprintf("从 %s 的备份恢复；"+hall.AuditResumeMark+"；备份中最后的办件编号 %s；此后的办件编号带恢复代号 %s",
			hall.HallTime(created).Format("2006-01-02 15:04:05"), rep.ResumesAfter, last, hall.GenerationMark(rep.Generation))
		if kept != "" {
			detail += "；恢复前的数据保存在 " + filepath.Base(kept)
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditRestore, Object: filepath.Base(file),
			Outcome: hall.AuditOK, Detail: detail})
	})
	return rep, err
}

// RecoveryState says whether the desk must recover before it syncs (read
// at the start of every round: reads only).
func (s *Sync) RecoveryState(ctx context.Context) (hall.RecoveryState, error) {
	var st hall.RecoveryState
	vals := map[string]string{}
	for _, k := range []string{hall.SettingGeneration, hall.SettingRecoveryClaim, hall.SettingPlatformEpoch, hall.SettingRecovering} {
		v, err := s.db.Setting(ctx, k)
		if err != nil {
			return st, err
		}
		vals[k] = v
	}
	st.Claim, st.Epoch, st.Pending = vals[hall.SettingRecoveryClaim], vals[hall.SettingPlatformEpoch], vals[hall.SettingRecovering] == "1"
	if g := vals[hall.SettingGeneration]; g != "" {
		var err error
		if st.Generation, err = strconv.Atoi(g); err != nil {
			return st, hall.Errorf(hall.ECorrupt, "本窗口的恢复代数设置（%q）已损坏：请联系平台管理员", g)
		}
	}
	return st, nil
}

// SetGeneration raises the desk's generation to g (never lowers it) and
// records the platform's epoch when the desk had none: the platform's
// answer to a recovery.
func (s *Sync) SetGeneration(ctx context.Context, g int, claim, epoch string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		cur, err := generationTx(ctx, tx)
		if err != nil {
			return err
		}
		if g > cur {
			if err := setSettingTx(ctx, tx, hall.SettingGeneration, strconv.Itoa(g)); err != nil {
				return err
			}
			if err := setSettingTx(ctx, tx, hall.SettingRecoveryClaim, claim); err != nil {
				return err
			}
		}
		if e, err := settingTx(ctx, tx, hall.SettingPlatformEpoch); err != nil || e != "" || epoch == "" {
			return err
		}
		return setSettingTx(ctx, tx, hall.SettingPlatformEpoch, epoch)
	})
}

// SetPlatformEpoch records the platform's epoch the first time it is seen.
func (s *Sync) SetPlatformEpoch(ctx context.Context, epoch string) error {
	return s.db.Update(ctx, func(tx *Tx) error { return setSettingTx(ctx, tx, hall.SettingPlatformEpoch, epoch) })
}

// RecoveryDone clears the recovering mark once every own case is back.
func (s *Sync) RecoveryDone(ctx context.Context) error {
	return s.db.Update(ctx, func(tx *Tx) error { return setSettingTx(ctx, tx, hall.SettingRecovering, "") })
}

// MissingOwnCases returns the ids of the listed cases the desk does not
// hold, or holds with fewer events than the platform.
func (s *Sync) MissingOwnCases(ctx context.Context, refs []hall.OwnCaseRef) ([]string, error) {
	var out []string
	err := s.db.View(ctx, func(tx *sql.Tx) error {
		for _, r := range refs {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM case_events WHERE case_id = ?", r.ID).Scan(&n); err != nil {
				return err
			}
			if n < r.Events {
				out = append(out, r.ID)
			}
		}
		return nil
	})
	return out, err
}

// ApplyOwnCases writes cases of this desk brought back from the platform,
// in one transaction: a case the desk lacks is written whole, one it holds
// with fewer events gets the missing events and the platform's snapshot.
// Nothing is queued for the platform (it has them). Personal data is
// sealed like everything else, so someone must be logged in (or the desk
// have no accounts). The day's sequence rises to the highest number
// brought back, so new numbers go on after them.
func (s *Sync) ApplyOwnCases(ctx context.Context, cases []hall.RecoveredCase) (int, error) {
	ctx = s.keyed(ctx) // the engine's key (keys_held.go)
	n := 0
	err := s.db.Update(ctx, func(tx *Tx) error {
		for i := range cases {
			wrote, err := applyOwnCase(ctx, tx, &cases[i])
			if err != nil {
				return err
			}
			if wrote {
				n++
			}
		}
		return nil
	})
	return n, err
}

func applyOwnCase(ctx context.Context, tx *Tx, rc *hall.RecoveredCase) (bool, error) {
	c := &rc.Case
	if c.ID == "" || !hall.ValidCaseNumber(c.No) {
		return false, hall.Errorf(hall.EInvalid, "平台返回的办件缺少编号（%q）", c.No)
	}
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM cases WHERE id = ?", c.ID).Scan(&have); err != nil {
		return false, err
	}
	if have == 0 {
		if err := insertCase(ctx, tx, c); err != nil {
			return false, err
		}
	} else if err := updateCase(ctx, tx, c); err != nil {
		return false, err
	} else if err := setApplicantKey(ctx, tx, c); err != nil {
		return false, err
	}
	for i, ev := range rc.Events {
		origin := "desk"
		if i < len(rc.Origins) && rc.Origins[i] == "platform" {
			origin = "platform"
		}
		doc, err := sealDoc(ctx, tx, ev)
		if err != nil {
			return false, err
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO case_events (id, case_id, seq, action, from_state,
			to_state, at, actor, origin, doc) VALUES (?, ?,
			(SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`,
			ev.ID, c.ID, c.ID, string(ev.Action), string(ev.From), string(ev.To), stamp(ev.At), ev.Actor,
			origin, string(doc))
		if err != nil {
			return false, err
		}
		if n, _ := r.RowsAffected(); n == 1 && origin == "desk" {
			if err := settledOp(ctx, tx, c, ev); err != nil {
				return false, err
			}
		}
	}
	return true, raiseSequence(ctx, tx, c.No)
}

// settledOp records a desk event brought back as an outbox entry the
// platform already accepted: the desk's queue stays the full record of
// what it sent, and a platform restored later gets it again. Its case
// snapshot is the platform's latest, in the state the event led to.
func settledOp(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) error {
	snap := *c
	snap.State = ev.To
	b, err := sealDoc(ctx, tx, map[string]any{"case": snap, "event": ev})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (op_id, kind, case_id, body, created_at, state, done_at)
		VALUES (?, ?, ?, ?, ?, 'done', ?) ON CONFLICT (op_id) DO NOTHING`,
		ev.ID, hall.OpCaseEvent, c.ID, string(b), stamp(ev.At), stamp(tx.Now))
	return err
}

// raiseSequence lifts the day's sequence to a number brought back, so the
// desk's next number of that day follows it.
func raiseSequence(ctx context.Context, tx *Tx, no string) error {
	n, err := hall.ParseCaseNumber(no)
	if err != nil {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO desk_sequences (day, last) VALUES (?, ?)
		ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)`, n.Day, n.Seq)
	return err
}

// PlatformRestored puts back what a restored platform lost, in one
// transaction: every operation and scan settled after its backup (less the
// margin) goes back in the queue (what the platform kept answers
// "duplicate"), the pull cursors go back to where its change log stands,
// and the audit mark to what it holds. Then the new epoch is recorded.
func (s *Sync) PlatformRestored(ctx context.Context, loss hall.PlatformLoss) (ops, files int, err error) {
	ctx = s.keyed(ctx) // the engine's key (keys_held.go)
	err = s.db.Update(ctx, func(tx *Tx) error {
		since := stamp(loss.BackupAt.Add(-hall.PlatformLossMargin))
		if loss.BackupAt.IsZero() {
			since = ""
		}
		r, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', done_at = '', sending = 0
			WHERE state = 'done' AND done_at >= ?`, since)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		ops = int(n)
		if r, err = tx.ExecContext(ctx, `UPDATE file_uploads SET state = 'pending', done_at = '', url = '', sending = 0
			WHERE state = 'done' AND done_at >= ?`, since); err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		files = int(n)
		through := strconv.FormatInt(loss.ChangesThrough, 10)
		if _, err := tx.ExecContext(ctx, `UPDATE sync_cursors SET cursor = ?, updated_at = ?
			WHERE cursor != '' AND CAST(cursor AS INTEGER) > ?`, through, stamp(tx.Now), loss.ChangesThrough); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_pushed SET seq = ?, updated_at = ? WHERE seq > ?`,
			loss.AuditThrough, stamp(tx.Now), loss.AuditThrough); err != nil {
			return err
		}
		return setSettingTx(ctx, tx, hall.SettingPlatformEpoch, loss.Epoch)
	})
	return ops, files, err
}

// ResendAudit makes the whole audit log go to the platform again: a desk
// registered anew starts a new chain there (the old one is kept apart).
func (db *DB) ResendAudit(ctx context.Context) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE audit_pushed SET seq = 0, updated_at = ?", stamp(tx.Now))
		return err
	})
}

// LastCaseNumberOf reads the last case number a (staged) database holds,
// "" if none: a restore names it, as later unsynced cases are lost.
func LastCaseNumberOf(ctx context.Context, path string) string {
	ro, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()+"?mode=ro")
	if err != nil {
		return ""
	}
	defer ro.Close()
	var no string
	_ = ro.QueryRowContext(ctx, "SELECT no FROM cases ORDER BY created_at DESC, no DESC LIMIT 1").Scan(&no)
	return no
}
