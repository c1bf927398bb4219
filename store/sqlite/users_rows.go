package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"yichuang/hall"
)

// userRow is a users row with what the store needs beyond hall.User.
type userRow struct {
	hall.User
	verifier string
	slot     string // wrapped data key, "" when the user has none
}

const userCols = `u.id, u.name, u.display_name, u.role, u.source, u.disabled, u.must_change, u.verifier,
	u.failed_logins, u.locked_until, u.last_login, u.created_at, coalesce(k.wrapped, '')`

const userFrom = ` FROM users u LEFT JOIN key_slots k ON k.user_id = u.id `

func scanUser(sc interface{ Scan(...any) error }) (*userRow, error) {
	var r userRow
	var locked, last, created string
	if err := sc.Scan(&r.ID, &r.Name, &r.DisplayName, &r.Role, &r.Source, &r.Disabled, &r.MustChange,
		&r.verifier, &r.Failed, &locked, &last, &created, &r.slot); err != nil {
		return nil, err
	}
	r.LockedUntil, r.LastLogin, r.CreatedAt = parseStamp(locked), parseStamp(last), parseStamp(created)
	r.HasPassword = r.verifier != ""
	return &r, nil
}

// userBy loads one user by a column (id or name); nil when there is none.
func userBy(ctx context.Context, q queryer, col, v string) (*userRow, error) {
	r, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+userFrom+"WHERE u."+col+" = ?", v))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// mustUser loads a user by id or says in Chinese that there is none.
func mustUser(ctx context.Context, q queryer, id string) (*userRow, error) {
	r, err := userBy(ctx, q, "id", id)
	if err == nil && r == nil {
		err = hall.Errorf(hall.ENotFound, "找不到账号（%s）", id)
	}
	return r, err
}

// activeAdmins counts admins who can still log in.
func activeAdmins(ctx context.Context, tx *Tx) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0
		AND verifier <> ''`).Scan(&n)
	return n, err
}
