package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// maxDepth bounds every walk up the tree: five levels, and a broken tree
// (a loop written by hand into the database) never walks forever.
const maxDepth = 16

// Hall is one hall of the tree.
type Hall = protocol.HallInfo

func levelRank(l string) int { return slices.Index(protocol.HallLevels, l) }

// AddHall adds a hall to the tree or places an existing one (a hall first
// met as a desk's hall has no level or parent). A child's level is below
// its parent's, and no hall becomes its own ancestor.
func (s *Store) AddHall(ctx context.Context, h Hall) error {
	if !hallRE.MatchString(h.Code) {
		return hall.Errorf(hall.EInvalid, "大厅编码“%s”无效：应为6至12位数字", h.Code)
	}
	if h.Name == "" {
		return hall.Errorf(hall.EInvalid, "大厅名称不能为空")
	}
	if levelRank(h.Level) < 0 {
		return hall.Errorf(hall.EInvalid, "层级“%s”无效：应为 省、市、县、乡镇 或 村", h.Level)
	}
	return s.update(ctx, func(tx *txn, now time.Time) error {
		if h.Parent != "" {
			var plevel string
			err := tx.QueryRowContext(ctx, "SELECT level FROM halls WHERE code = ?", h.Parent).Scan(&plevel)
			if errors.Is(err, sql.ErrNoRows) {
				return hall.Errorf(hall.ENotFound, "上级大厅“%s”不存在：请先添加它", h.Parent)
			}
			if err != nil {
				return err
			}
			if levelRank(plevel) < 0 || levelRank(plevel) >= levelRank(h.Level) {
				return hall.Errorf(hall.EInvalid, "上级大厅“%s”的层级（%s）须高于“%s”", h.Parent, orDash(plevel), h.Level)
			}
			up, err := ancestors(ctx, tx, h.Parent)
			if err != nil {
				return err
			}
			if h.Parent == h.Code || slices.Contains(up, h.Code) {
				return hall.Errorf(hall.EInvalid, "大厅“%s”不能成为自己的下级", h.Code)
			}
		} else if h.Level != protocol.HallLevels[0] {
			return hall.Errorf(hall.EInvalid, "只有省级大厅可以没有上级：请用 --parent 指定上级大厅")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO halls (code, name, level, parent) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent`,
			h.Code, h.Name, h.Level, h.Parent)
		return err
	})
}

func orDash(s string) string {
	if s == "" {
		return "未设置"
	}
	return s
}

// Halls lists the tree, each hall after its parent, siblings by code.
func (s *Store) Halls(ctx context.Context) ([]Hall, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT code, name, level, parent FROM halls ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []Hall
	for rows.Next() {
		var h Hall
		if err := rows.Scan(&h.Code, &h.Name, &h.Level, &h.Parent); err != nil {
			return nil, err
		}
		all = append(all, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return treeOrder(all), nil
}

// treeOrder puts each hall after its parent (depth first, siblings by
// code); halls whose parent is unknown count as roots.
func treeOrder(all []Hall) []Hall {
	known := map[string]bool{}
	kids := map[string][]Hall{}
	for _, h := range all {
		known[h.Code] = true
	}
	for _, h := range all {
		p := h.Parent
		if !known[p] {
			p = ""
		}
		kids[p] = append(kids[p], h)
	}
	out := make([]Hall, 0, len(all))
	seen := map[string]bool{}
	var walk func(code string, depth int)
	walk = func(code string, depth int) {
		for _, h := range kids[code] {
			if seen[h.Code] || depth > maxDepth {
				continue
			}
			seen[h.Code] = true
			out = append(out, h)
			walk(h.Code, depth+1)
		}
	}
	walk("", 0)
	return out
}

// ancestors walks up from code (not included): parent, grandparent, … .
func ancestors(ctx context.Context, q querier, code string) ([]string, error) {
	var up []string
	for range maxDepth {
		var p string
		err := q.QueryRowContext(ctx, "SELECT parent FROM halls WHERE code = ?", code).Scan(&p)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && p == "") {
			return up, nil
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(up, p) {
			return up, nil
		}
		up = append(up, p)
		code = p
	}
	return up, nil
}

// within reports whether hall code lies in the subtree of root, by walking
// up from code: never by comparing the codes' prefixes.
func within(ctx context.Context, q querier, code, root string) (bool, error) {
	if code == root {
		return true, nil
	}
	up, err := ancestors(ctx, q, code)
	return slices.Contains(up, root), err
}

// Subtree is root and every hall below it, root first.
func (s *Store) Subtree(ctx context.Context, root string) ([]Hall, error) {
	all, err := s.Halls(ctx)
	if err != nil {
		return nil, err
	}
	var out []Hall
	for _, h := range all {
		in, err := within(ctx, s.read, h.Code, root)
		if err != nil {
			return nil, err
		}
		if in {
			out = append(out, h)
		}
	}
	return out, nil
}

// Grant lets the platform account user watch the subtree of hallCode. The
// account must be a supervisor or an administrator the platform published.
func (s *Store) Grant(ctx context.Context, user, hallCode string) error {
	u, err := s.platformUser(ctx, s.read, user)
	if err != nil {
		return err
	}
	if r, _ := hall.ParseRole(u.Role); r != hall.RoleSupervisor && r != hall.RoleAdmin {
		return hall.Errorf(hall.EForbidden, "用户 %s（%s）是%s：只有监督人员和管理员可以授予监督范围", u.ID, u.Name, u.Role)
	}
	return s.update(ctx, func(tx *txn, now time.Time) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM halls WHERE code = ?", hallCode).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return hall.Errorf(hall.ENotFound, "大厅“%s”不在大厅树中：请先用 hall add 添加", hallCode)
		}
		in, err := within(ctx, tx, hallCode, u.Hall)
		if err != nil {
			return err
		}
		if !in {
			return hall.Errorf(hall.EForbidden, "用户 %s 属于大厅 %s，不能监督不在其下辖的大厅 %s", u.ID, u.Hall, hallCode)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO supervisors (user_id, hall_code, granted_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET hall_code = excluded.hall_code, granted_at = excluded.granted_at`,
			user, hallCode, stamp(now))
		return err
	})
}

// Revoke takes a supervision scope away.
func (s *Store) Revoke(ctx context.Context, user string) error {
	return s.update(ctx, func(tx *txn, now time.Time) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM supervisors WHERE user_id = ?", user)
		return err
	})
}

// platformUser is an account as the platform last published it.
func (s *Store) platformUser(ctx context.Context, q querier, id string) (hall.PlatformUser, error) {
	var u hall.PlatformUser
	var doc string
	err := q.QueryRowContext(ctx, "SELECT doc FROM changes WHERE stream = ? AND key = ?", protocol.StreamUsers, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return u, hall.Errorf(hall.ENotFound, "平台上没有用户 %s", id)
	}
	if err != nil {
		return u, err
	}
	return u, json.Unmarshal([]byte(doc), &u)
}

// Scope is the hall whose subtree user may watch from desk, or a refusal:
// the account must be an active supervisor or administrator of the desk's
// own hall, granted a scope, and the scope must lie at or below the desk's
// hall (a township desk never shows the county).
func (s *Store) Scope(ctx context.Context, desk Desk, user string) (string, error) {
	refuse := hall.Errorf(hall.EForbidden, "本窗口的用户“%s”没有监督范围：时限监督的大厅数据只给平台授予了监督范围的监督人员", user)
	if user == "" {
		return "", refuse
	}
	u, err := s.platformUser(ctx, s.read, user)
	if hall.ErrorCode(err) == hall.ENotFound {
		return "", refuse
	}
	if err != nil {
		return "", err
	}
	r, _ := hall.ParseRole(u.Role)
	if !u.Active || (r != hall.RoleSupervisor && r != hall.RoleAdmin) || u.Hall != desk.HallCode {
		return "", refuse
	}
	var root string
	err = s.read.QueryRowContext(ctx, "SELECT hall_code FROM supervisors WHERE user_id = ?", user).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		return "", refuse
	}
	if err != nil {
		return "", err
	}
	in, err := within(ctx, s.read, root, desk.HallCode)
	if err != nil {
		return "", err
	}
	if !in {
		return "", refuse
	}
	return root, nil
}

// CalendarYears returns the holiday tables the platform published, by year.
func (s *Store) CalendarYears(ctx context.Context) (map[int]json.RawMessage, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT doc FROM changes WHERE stream = ?", protocol.StreamCalendar)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]json.RawMessage{}
	for rows.Next() {
		var doc string
		var d protocol.CalendarDoc
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			return nil, err
		}
		out[d.Year] = d.Table
	}
	return out, rows.Err()
}
