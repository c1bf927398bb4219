package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/secure"
)

// Login checks the password offline against the user's Argon2id verifier,
// counts failures and locks the account after too many (hall.Lockout, time
// from settings). On success it opens the user's key slot, so the desk's
// personal data can be sealed and opened until Logout. Every attempt is
// audited; a failure is committed even though the login fails.
func (s *Users) Login(ctx context.Context, name, password string) (*hall.User, error) {
	db := s.db
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, hall.Errorf(hall.EInvalid, "请输入“登录名”")
	}
	r, err := userBy(ctx, db.read, "name", name)
	if err != nil {
		return nil, db.classify(err)
	}
	now := db.Now()
	policy := db.lockout(ctx)
	switch {
	case r == nil:
		secure.StretchWith(password, db.kdf(), make([]byte, 16)) // a wrong name costs what a wrong password does
		return nil, s.failed(ctx, nil, name, "登录名不存在", db.unknownName(name, policy, now))
	case r.Disabled, !r.HasPassword || r.slot == "":
		// The screen hears what an unknown name hears (counted and locked
		// alike); only the audit log says why.
		detail := "账号已停用"
		if !r.Disabled {
			detail = "尚未设置密码"
		}
		secure.StretchWith(password, db.kdf(), make([]byte, 16))
		return nil, s.failed(ctx, r, name, detail, db.unknownName(name, policy, now))
	case policy.Locked(r.LockedUntil, now):
		return nil, s.failed(ctx, r, name, "账号锁定中", hall.LockedError(r.LockedUntil, now))
	}
	st, ok, err := secure.CheckPassword(r.verifier, password)
	if err != nil {
		return nil, hall.Wrap(hall.ECorrupt, err, "账号“%s”的密码记录已损坏，请管理员重新设置密码", r.Name)
	}
	if !ok {
		return nil, s.wrongPassword(ctx, r, name, policy)
	}
	var key *secure.DataKey
	err = db.Update(ctx, func(tx *Tx) error {
		desk, err := db.deskSecret(ctx, tx)
		if err != nil {
			return err
		}
		if key, err = secure.OpenSlot(r.slot, st, desk, r.ID); err != nil {
			if errors.Is(err, secure.ErrAuth) {
				return copiedErr(DeskSecretPath(db.path), "与账号的密钥不符")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = '', last_login = ?
			WHERE id = ?`, stamp(tx.Now), r.ID); err != nil {
			return err
		}
		if st.Params.Weaker(db.kdf()) { // renew a cheap verifier while the password is at hand
			renewed, err := secure.Stretch(password, db.kdf())
			if err != nil {
				return err
			}
			if err := setPassword(ctx, tx, r.ID, renewed, key, desk, r.MustChange); err != nil {
				return err
			}
		}
		u := r.User
		return appendAuditAs(ctx, tx, &u, hall.AuditEntry{Action: hall.AuditLogin, Object: r.Name, Outcome: hall.AuditOK})
	})
	if err != nil {
		if hall.ErrorCode(err) == hall.ECorrupt {
			s.failed(ctx, r, name, "本机密钥不符", nil)
		}
		return nil, err
	}
	u := r.User
	u.Failed, u.LockedUntil, u.LastLogin = 0, time.Time{}, now
	db.setSession(&u, key)
	return &u, nil
}

// wrongPassword counts one failure, locks the account at the limit, and
// commits both with the audit record.
func (s *Users) wrongPassword(ctx context.Context, r *userRow, name string, p hall.Lockout) error {
	var out error
	err := s.db.Update(ctx, func(tx *Tx) error {
		var failed int // re-read inside the write lock: two windows never share a desk, but be exact
		if err := tx.QueryRowContext(ctx, "SELECT failed_logins FROM users WHERE id = ?", r.ID).Scan(&failed); err != nil {
			return err
		}
		failed, until := p.Failed(failed, tx.Now)
		if _, err := tx.ExecContext(ctx, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
			failed, stamp(until), r.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("密码错误（连续第 %d 次）", failed)
		out = hall.WrongPasswordError(p.Left(failed))
		if !until.IsZero() {
			detail = fmt.Sprintf("连续 %d 次密码错误，账号锁定至 %s", p.MaxFailures, hall.HallTime(until).Format("15:04"))
			out = hall.LockedError(until, tx.Now)
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditLoginFailed, UserID: r.ID,
			UserName: r.DisplayName, Role: r.Role, Object: name, Outcome: hall.AuditFailed, Detail: detail})
	})
	if err != nil {
		return err
	}
	return out
}

// failed audits a refused login and returns why (nil keeps the caller's).
func (s *Users) failed(ctx context.Context, r *userRow, name, detail string, why error) error {
	e := hall.AuditEntry{Action: hall.AuditLoginFailed, Object: name, Outcome: hall.AuditFailed, Detail: detail,
		UserName: "（未知）"}
	if r != nil {
		e.UserID, e.UserName, e.Role = r.ID, r.DisplayName, r.Role
	}
	if err := s.db.Update(ctx, func(tx *Tx) error { return appendAudit(ctx, tx, e) }); err != nil {
		return err
	}
	return why
}

// lockout is the policy with the lock time from settings.
func (db *DB) lockout(ctx context.Context) hall.Lockout {
	p := hall.DefaultLockout
	if v, _ := db.Setting(ctx, hall.SettingLockoutMinutes); v != "" {
		if m, err := strconv.Atoi(v); err == nil && m > 0 {
			p.LockFor = time.Duration(m) * time.Minute
		}
	}
	return p
}

// setPassword stores a new verifier for the user and wraps the data key
// under it (replacing the user's key slot). The password is stretched by
// the caller before the write transaction, which Argon2id would otherwise
// hold for a good part of a second.
func setPassword(ctx context.Context, tx *Tx, userID string, st *secure.Stretched, key *secure.DataKey,
	desk []byte, mustChange bool) error {
	slot, err := secure.WrapSlot(key, st, desk, userID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET verifier = ?, must_change = ?, failed_logins = 0,
		locked_until = '', updated_at = ? WHERE id = ?`, st.Verifier(), mustChange, stamp(tx.Now), userID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO key_slots (user_id, key_id, wrapped, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET key_id = excluded.key_id, wrapped = excluded.wrapped,
		created_at = excluded.created_at`, userID, key.ID(), slot, stamp(tx.Now))
	return err
}

// unknownName counts failures against a name that has no account exactly as
// wrongPassword does for one that has, so that the messages (tries left,
// the lock and its time) never tell whether a name exists. The counts live
// in memory, a bounded number of names.
func (db *DB) unknownName(name string, p hall.Lockout, now time.Time) error {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.ghosts == nil || len(db.sec.ghosts) >= maxGhosts {
		db.sec.ghosts = map[string]ghost{}
	}
	g := db.sec.ghosts[name]
	if p.Locked(g.until, now) {
		return hall.LockedError(g.until, now)
	}
	if !g.until.IsZero() {
		g = ghost{} // the lock has passed: counting starts again, as for an account
	}
	g.failed, g.until = p.Failed(g.failed, now)
	db.sec.ghosts[name] = g
	if !g.until.IsZero() {
		return hall.LockedError(g.until, now)
	}
	return hall.WrongPasswordError(p.Left(g.failed))
}

// ghost is the failure count of a name without an account.
type ghost struct {
	failed int
	until  time.Time
}

const maxGhosts = 1024
