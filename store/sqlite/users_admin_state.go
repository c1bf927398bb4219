package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"yichuang/hall"
)

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
