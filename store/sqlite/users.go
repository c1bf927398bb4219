package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"sync"
	"yichuang/hall"
	"yichuang/secure"
)

// security is the desk's session: who is logged in and the data key their
// login opened. One window, one person at a time; a headless command logs
// in for its own run. The data key lives only here, in memory.
type security struct {
	mu   sync.Mutex
	desk []byte          // desk secret, loaded on first need (keys.go)
	user *hall.User      // nil: nobody logged in
	key  *secure.DataKey // nil: personal data cannot be sealed or opened
	kdf  secure.Params   // zero: secure.DefaultParams
	// ghosts counts failed logins of names without an account (users_login.go).
	ghosts map[string]ghost
	// unlocked is closed by the first login that opens the data key.
	unlocked     chan struct{}
	unlockedOnce sync.Once
	// waiting are the sync engines waiting for a login's key (keys_held.go).
	waiting []func(*secure.DataKey)
}

// Users implements hall.AccountService.
type Users struct{ db *DB }

// Users returns the account service of db.
func (db *DB) Users() *Users { return &Users{db: db} }

var _ hall.AccountService = (*Users)(nil)

// SetKDF sets the Argon2id cost of new verifiers (tests use a cheap one).
func (db *DB) SetKDF(p secure.Params) {
	db.sec.mu.Lock()
	db.sec.kdf = p
	db.sec.mu.Unlock()
}

func (db *DB) kdf() secure.Params {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.kdf == (secure.Params{}) {
		return secure.DefaultParams
	}
	return db.sec.kdf
}

// session is the logged-in user (a copy) and the open data key.
func (db *DB) session() (*hall.User, *secure.DataKey) {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.user == nil {
		return nil, db.sec.key
	}
	u := *db.sec.user
	return &u, db.sec.key
}

func (db *DB) setSession(u *hall.User, k *secure.DataKey) {
	db.sec.mu.Lock()
	db.sec.user, db.sec.key = u, k
	var waiting []func(*secure.DataKey)
	if k != nil {
		waiting, db.sec.waiting = db.sec.waiting, nil
	}
	db.sec.mu.Unlock()
	for _, fn := range waiting {
		fn(k)
	}
	if k != nil {
		ch := db.unlockedChan()
		db.sec.unlockedOnce.Do(func() { close(ch) })
	}
}

// Unlocked is closed once a login has opened the data key in this process
// (the window starts its sync engine then: the platform secret is sealed).
func (db *DB) Unlocked() <-chan struct{} { return db.unlockedChan() }

func (db *DB) unlockedChan() chan struct{} {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.unlocked == nil {
		db.sec.unlocked = make(chan struct{})
	}
	return db.sec.unlocked
}

// Current is the logged-in user, nil when none.
func (s *Users) Current() *hall.User {
	u, _ := s.db.session()
	return u
}

// actor is who performs the call, from its context (hall.AsUser,
// hall.AsDesk); ok is false when the context names nobody.
func actor(ctx context.Context) (*hall.User, bool) {
	a, ok := hall.ActorOf(ctx)
	return a.User, ok
}

// require checks that the calling user's role has p. It is for actions only
// a person may take (account and settings changes, reveals): the desk
// itself and a call that names nobody are refused.
func (db *DB) require(ctx context.Context, p hall.Permission, what string) (*hall.User, error) {
	u, _ := actor(ctx)
	if u == nil || !u.Role.Can(p) {
		return nil, hall.Forbidden(u, what)
	}
	return u, nil
}

// allow checks p for the calling user; the desk itself (the sync engine, a
// headless command on a desk without accounts) may act, and a call that
// names nobody is refused: nothing passes for want of a login.
func (db *DB) allow(ctx context.Context, p hall.Permission, what string) error {
	u, ok := actor(ctx)
	if !ok || (u != nil && !u.Role.Can(p)) {
		return hall.Forbidden(u, what)
	}
	return nil
}

// HasUsers reports whether the desk has any account.
func (s *Users) HasUsers(ctx context.Context) (bool, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n > 0, s.db.classify0(err)
}

// Logout closes the session and forgets the data key.
func (s *Users) Logout(ctx context.Context) {
	u, _ := s.db.session()
	if u == nil {
		return
	}
	_ = s.db.Update(ctx, func(tx *Tx) error {
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditLogout, Object: u.Name, Outcome: hall.AuditOK})
	})
	s.db.setSession(nil, nil)
}

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

// GuardedSettings is the settings service the window uses: only an admin
// changes settings, and every change is audited in its own transaction.
// The store's own DB.SetSettings stays open to the system (first start,
// registration with the platform).
type GuardedSettings struct{ db *DB }

// GuardedSettings returns the window's settings service.
func (db *DB) GuardedSettings() *GuardedSettings { return &GuardedSettings{db: db} }

var _ hall.SettingsService = (*GuardedSettings)(nil)

// Setting reads a setting; anyone logged in may.
func (g *GuardedSettings) Setting(ctx context.Context, key string) (string, error) {
	return g.db.Setting(ctx, key)
}

// SetSetting stores one setting (admin only, audited).
func (g *GuardedSettings) SetSetting(ctx context.Context, key, value string) error {
	return g.SetSettings(ctx, map[string]string{key: value})
}

// SetSettings stores several settings in one transaction with one audit
// record naming the keys that changed (values may be personal: not kept).
func (g *GuardedSettings) SetSettings(ctx context.Context, values map[string]string) error {
	if _, err := g.db.require(ctx, hall.PermChangeSetting, "修改窗口设置"); err != nil {
		return err
	}
	return g.db.Update(ctx, func(tx *Tx) error {
		var changed []string
		for k, v := range values {
			old, err := settingTx(ctx, tx, k)
			if err != nil {
				return err
			}
			if old == v {
				continue
			}
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
			changed = append(changed, k)
		}
		if len(changed) == 0 {
			return nil
		}
		sort.Strings(changed)
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditSetting, Object: "窗口设置",
			Outcome: hall.AuditOK, Detail: "修改：" + strings.Join(changed, "、")})
	})
}

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
