package sqlite

import (
	"context"
	"strconv"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

// Setup creates the desk's first admin and its data key, seals every piece
// of personal data written before the desk had keys, and logs the admin
// in: all in one transaction.
func (s *Users) Setup(ctx context.Context, nu hall.NewUser) (*hall.User, error) {
	db := s.db
	nu.Role = hall.RoleAdmin
	if err := checkNewUser(&nu); err != nil {
		return nil, err
	}
	st, err := secure.Stretch(nu.Password, db.kdf())
	if err != nil {
		return nil, err
	}
	key, err := secure.NewDataKey()
	if err != nil {
		return nil, err
	}
	u := &hall.User{ID: NewID(), Name: nu.Name, DisplayName: nu.DisplayName, Role: hall.RoleAdmin,
		Source: "desk", HasPassword: true}
	err = db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return hall.Errorf(hall.EConflict, "本窗口已经有账号，不能再次初始化；请用已有的管理员账号登录")
		}
		desk, err := db.deskSecret(ctx, tx)
		if err != nil {
			return err
		}
		u.CreatedAt, u.LastLogin = tx.Now, tx.Now
		if err := insertUser(ctx, tx, u, false); err != nil {
			return err
		}
		if err := setPassword(ctx, tx, u.ID, st, key, desk, false); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE desk_keys SET key_id = ? WHERE id = 1", key.ID()); err != nil {
			return err
		}
		sealed, err := sealExisting(ctx, tx, key)
		if err != nil {
			return err
		}
		if err := appendAuditAs(ctx, tx, u, hall.AuditEntry{Action: hall.AuditSetup, Object: u.Name,
			Outcome: hall.AuditOK, Detail: "创建首个管理员和数据密钥；加密已有记录 " + strconv.Itoa(sealed) + " 条"}); err != nil {
			return err
		}
		return appendAuditAs(ctx, tx, u, hall.AuditEntry{Action: hall.AuditLogin, Object: u.Name, Outcome: hall.AuditOK})
	})
	if err != nil {
		return nil, err
	}
	db.setSession(u, key)
	// Records sealed just now had their clear versions in pages the WAL
	// still holds: fold the WAL in, rewrite the file and empty the WAL.
	if err := db.compact(ctx); err != nil {
		db.log.Error("compact after sealing", "err", err)
	}
	return u, nil
}

// compact rewrites the database without its free pages and truncates the
// WAL, so no page image of a record's earlier (clear) version remains.
func (db *DB) compact(ctx context.Context) error {
	for _, q := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// checkNewUser trims and checks what an admin typed, naming the field.
func checkNewUser(nu *hall.NewUser) error {
	nu.Name, nu.DisplayName = strings.TrimSpace(nu.Name), strings.TrimSpace(nu.DisplayName)
	if err := hall.CheckLoginName(nu.Name); err != nil {
		return err
	}
	if nu.DisplayName == "" {
		return hall.Errorf(hall.EInvalid, "请填写“姓名”")
	}
	if _, err := hall.ParseRole(string(nu.Role)); err != nil {
		return err
	}
	return hall.CheckPassword(nu.Password, nu.Name)
}

func insertUser(ctx context.Context, tx *Tx, u *hall.User, mustChange bool) error {
	source := u.Source
	if source == "" {
		source = "desk"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, display_name, role, source, must_change,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Name, u.DisplayName, string(u.Role), source, mustChange, stamp(tx.Now), stamp(tx.Now))
	if isConstraint(err) {
		return hall.Wrap(hall.EConflict, err, "登录名“%s”已被使用，请换一个", u.Name)
	}
	return err
}
