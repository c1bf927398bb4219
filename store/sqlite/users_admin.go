package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"yichuang/hall"
	"yichuang/secure"
)

// adminSession is the logged-in admin and the open data key, which every
// account change needs: a new password gets a key slot wrapped from it.
func (db *DB) adminSession(ctx context.Context, what string) (*hall.User, *secure.DataKey, error) {
	u, err := db.require(ctx, hall.PermManageUsers, what)
	if err != nil {
		return nil, nil, err
	}
	_, key := db.session()
	if key == nil {
		return nil, nil, hall.Errorf(hall.EForbidden, "本窗口的数据密钥未打开，请重新登录后再%s", what)
	}
	return u, key, nil
}

// CreateUser creates an account with a first password the user must change
// at their first login, and gives it a key slot.
func (s *Users) CreateUser(ctx context.Context, nu hall.NewUser) (*hall.User, error) {
	db := s.db
	if _, _, err := db.adminSession(ctx, "创建账号"); err != nil {
		return nil, err
	}
	if err := checkNewUser(&nu); err != nil {
		return nil, err
	}
	st, err := secure.Stretch(nu.Password, db.kdf())
	if err != nil {
		return nil, err
	}
	u := &hall.User{ID: NewID(), Name: nu.Name, DisplayName: nu.DisplayName, Role: nu.Role, Source: "desk",
		MustChange: true, HasPassword: true}
	err = s.change(ctx, "创建账号", func(tx *Tx, key *secure.DataKey, desk []byte) (string, error) {
		u.CreatedAt = tx.Now
		if err := insertUser(ctx, tx, u, true); err != nil {
			return "", err
		}
		return fmt.Sprintf("创建 %s", u.Label()), setPassword(ctx, tx, u.ID, st, key, desk, true)
	}, u.Name)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ResetPassword gives a user a new first password. A platform account that
// has never logged in here gets its desk account this way.
func (s *Users) ResetPassword(ctx context.Context, userID, password string) error {
	db := s.db
	if _, _, err := db.adminSession(ctx, "重置密码"); err != nil {
		return err
	}
	r, err := userBy(ctx, db.read, "id", userID)
	if err != nil {
		return err
	}
	var pu *hall.User
	if r == nil {
		if pu, err = platformUser(ctx, db.read, userID); err != nil {
			return err
		}
	}
	name := ""
	if r != nil {
		name = r.Name
	} else {
		name = pu.Name
	}
	if err := hall.CheckPassword(password, name); err != nil {
		return err
	}
	st, err := secure.Stretch(password, db.kdf())
	if err != nil {
		return err
	}
	return s.change(ctx, "重置密码", func(tx *Tx, key *secure.DataKey, desk []byte) (string, error) {
		if pu != nil {
			pu.CreatedAt = tx.Now
			if err := insertUser(ctx, tx, pu, true); err != nil {
				return "", err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = 0 WHERE id = ?", userID); err != nil {
			return "", err
		}
		return "设置初始密码（下次登录须修改）", setPassword(ctx, tx, userID, st, key, desk, true)
	}, name)
}

// change runs one account change by the logged-in admin with its audit
// record in one transaction.
func (s *Users) change(ctx context.Context, what string, fn func(tx *Tx, key *secure.DataKey, desk []byte) (string, error), object string) error {
	_, key, err := s.db.adminSession(ctx, what)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		desk, err := s.db.deskSecret(ctx, tx)
		if err != nil {
			return err
		}
		detail, err := fn(tx, key, desk)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditUser, Object: object, Outcome: hall.AuditOK, Detail: detail})
	})
}

// SetRole changes a user's role; the last admin keeps theirs.
func (s *Users) SetRole(ctx context.Context, userID string, role hall.Role) error {
	if _, err := hall.ParseRole(string(role)); err != nil {
		return err
	}
	return s.changeRow(ctx, "修改角色", userID, func(tx *Tx, r *userRow) (string, error) {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
			string(role), stamp(tx.Now), userID); err != nil {
			return "", err
		}
		return fmt.Sprintf("角色 %s → %s", r.Role.Label(), role.Label()), keepAnAdmin(ctx, tx)
	})
}

// SetDisabled stops or restores an account. Stopping removes its password
// and key slot, so a departed clerk's password opens nothing even with a
// copy of the data directory; restoring needs a new password.
func (s *Users) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	what := "启用账号"
	if disabled {
		what = "停用账号"
	}
	return s.changeRow(ctx, what, userID, func(tx *Tx, r *userRow) (string, error) {
		if u, _ := actor(ctx); disabled && u != nil && u.ID == userID {
			return "", hall.Errorf(hall.EConflict, "不能停用自己正在使用的账号")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
			disabled, stamp(tx.Now), userID); err != nil {
			return "", err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, "UPDATE users SET verifier = '' WHERE id = ?", userID); err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM key_slots WHERE user_id = ?", userID); err != nil {
				return "", err
			}
			return "停用，删除其密码和密钥槽", keepAnAdmin(ctx, tx)
		}
		return "启用（须由管理员设置新密码后才能登录）", nil
	})
}

// UnlockUser lifts a lockout before its time.
func (s *Users) UnlockUser(ctx context.Context, userID string) error {
	return s.changeRow(ctx, "解除锁定", userID, func(tx *Tx, r *userRow) (string, error) {
		_, err := tx.ExecContext(ctx, "UPDATE users SET failed_logins = 0, locked_until = '' WHERE id = ?", userID)
		return "解除登录锁定", err
	})
}

func (s *Users) changeRow(ctx context.Context, what, userID string, fn func(tx *Tx, r *userRow) (string, error)) error {
	if _, err := s.db.require(ctx, hall.PermManageUsers, what); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		r, err := mustUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		detail, err := fn(tx, r)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditUser, Object: r.Name, Outcome: hall.AuditOK, Detail: detail})
	})
}

func keepAnAdmin(ctx context.Context, tx *Tx) error {
	n, err := activeAdmins(ctx, tx)
	if err == nil && n == 0 {
		return hall.Errorf(hall.EConflict, "本窗口至少要保留一个可以登录的管理员账号")
	}
	return err
}

// platformUser is an account the platform published (sync keeps them in
// platform_users) that has no desk account yet.
func platformUser(ctx context.Context, q queryer, id string) (*hall.User, error) {
	u := &hall.User{ID: id, Source: "platform"}
	var role string
	var active bool
	err := q.QueryRowContext(ctx, "SELECT name, role, active FROM platform_users WHERE id = ?", id).Scan(&u.Name, &role, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hall.Errorf(hall.ENotFound, "找不到账号（%s）", id)
	}
	if err != nil {
		return nil, err
	}
	u.DisplayName = u.Name
	if u.Role, err = hall.ParseRole(role); err != nil {
		u.Role = hall.RoleClerk // a role the desk does not know gets the least
	}
	if !active {
		return nil, hall.Errorf(hall.EConflict, "平台已停用账号“%s”，不能在本窗口启用", u.Name)
	}
	return u, nil
}
