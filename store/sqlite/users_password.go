package sqlite

import (
	"context"

	"yichuang/hall"
	"yichuang/secure"
)

// ChangePassword changes the logged-in user's own password: the old one is
// checked, the new one must follow the rules and differ, and the user's
// key slot is wrapped again under the new one.
func (s *Users) ChangePassword(ctx context.Context, old, new string) error {
	db := s.db
	u, key := db.session()
	if u == nil || key == nil {
		return hall.Forbidden(nil, "修改密码")
	}
	if err := hall.CheckPassword(new, u.Name); err != nil {
		return err
	}
	if new == old {
		return hall.Errorf(hall.EInvalid, "新密码不能与原密码相同")
	}
	r, err := mustUser(ctx, db.read, u.ID)
	if err != nil {
		return err
	}
	_, ok, err := secure.CheckPassword(r.verifier, old)
	if err != nil {
		return err
	}
	if !ok {
		_ = db.Update(ctx, func(tx *Tx) error {
			return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditPassword, Object: u.Name,
				Outcome: hall.AuditFailed, Detail: "原密码错误"})
		})
		return hall.Errorf(hall.EInvalid, "“原密码”不正确")
	}
	st, err := secure.Stretch(new, db.kdf())
	if err != nil {
		return err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		desk, err := db.deskSecret(ctx, tx)
		if err != nil {
			return err
		}
		if err := setPassword(ctx, tx, u.ID, st, key, desk, false); err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditPassword, Object: u.Name, Outcome: hall.AuditOK})
	})
	if err != nil {
		return err
	}
	u.MustChange = false
	db.setSession(u, key)
	return nil
}
