package sqlite

import (
	"context"
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
