package sqlite

import (
	"context"
	"sync"

	"yichuang/hall"
	"yichuang/secure"
)

// security is the desk's session: who is logged in and the data key their
// login opened. One window, one person at a time; a headless command logs
// in for its own run. The data key lives only here, in memory.
type security struct {
	mu   sync.Mutex
	desk []byte          // desk secret, loaded on first need (keys_desk.go)
	user *hall.User      // nil: nobody logged in
	key  *secure.DataKey // nil: personal data cannot be sealed or opened
	kdf  secure.Params   // zero: secure.DefaultParams
	// ghosts counts failed logins of names without an account (users_login.go).
	ghosts map[string]ghost
	// unlocked is closed by the first login that opens the data key.
	unlocked     chan struct{}
	unlockedOnce sync.Once
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
	db.sec.mu.Unlock()
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
