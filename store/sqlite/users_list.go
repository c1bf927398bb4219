package sqlite

import (
	"context"

	"yichuang/hall"
)

// ListUsers lists the desk's accounts by role and name, then the platform's
// accounts that have no desk account yet (an admin gives them a first
// password to let them in). Admin only.
func (s *Users) ListUsers(ctx context.Context) ([]hall.User, error) {
	if _, err := s.db.require(ctx, hall.PermManageUsers, "查看账号"); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, "SELECT "+userCols+userFrom+`ORDER BY
		CASE u.role WHEN 'admin' THEN 0 WHEN 'supervisor' THEN 1 ELSE 2 END, u.name`)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.User
	for rows.Next() {
		r, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r.User)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(out, s.pendingPlatformUsers(ctx)...), nil
}

// pendingPlatformUsers are platform accounts with no desk account; none
// when the desk has never pulled users.
func (s *Users) pendingPlatformUsers(ctx context.Context) []hall.User {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, name, role FROM platform_users p
		WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.id) ORDER BY name`)
	if err != nil {
		return nil // no platform_users table: sync has never run here
	}
	defer rows.Close()
	var out []hall.User
	for rows.Next() {
		var u hall.User
		var role string
		if rows.Scan(&u.ID, &u.Name, &role) != nil {
			return out
		}
		u.DisplayName, u.Source = u.Name, "platform"
		if u.Role, err = hall.ParseRole(role); err != nil {
			u.Role = hall.RoleClerk
		}
		out = append(out, u)
	}
	return out
}
