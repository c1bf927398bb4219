package sqlite

import (
	"context"
	"sync"

	"yichuang/secure"
)

// The sync engine runs as the desk beside the window and outlives a
// logout: cases keep flowing while the window is locked. It holds its own
// copy of the data key, taken at a login, and the store seals and opens
// what the engine writes and reads with that copy, never with the window's
// session, which a logout closes. A call that carries neither key writes
// nothing personal on a desk with keys (errDeskLocked).

// heldKey is the data key a sync engine took at a login.
type heldKey struct {
	mu  sync.Mutex
	key *secure.DataKey
}

func (h *heldKey) set(k *secure.DataKey) {
	h.mu.Lock()
	if h.key == nil {
		h.key = k
	}
	h.mu.Unlock()
}

func (h *heldKey) get() *secure.DataKey {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.key
}

// heldKeyCtx carries a heldKey in the context of the engine's calls.
type heldKeyCtx struct{}

// dataKey is the key a call seals and opens personal data with: the one
// its context holds (the sync engine's), else the window's login's; nil
// when there is neither.
func (db *DB) dataKey(ctx context.Context) *secure.DataKey {
	if h, ok := ctx.Value(heldKeyCtx{}).(*heldKey); ok {
		if k := h.get(); k != nil {
			return k
		}
	}
	_, k := db.session()
	return k
}

// EngineSync is the sync store for a sync engine: it takes the data key
// open now or, on a desk with none open (no account yet, or nobody logged
// in), the key of the next login, in the same instant the login opens it,
// and keeps it in memory for the engine's life. Whatever the engine writes
// and reads through it is sealed and opened with that key, whoever is (or
// is not) logged in at the window.
func (db *DB) EngineSync() *Sync {
	h := &heldKey{}
	db.onUnlock(h.set)
	return &Sync{db: db, held: h}
}

// FileKey is the key of the scans the engine uploads: that of the data key
// it holds, nil while it holds none (a desk with no keys keeps its scans in
// clear).
func (s *Sync) FileKey() []byte {
	if s.held != nil {
		if k := s.held.get(); k != nil {
			return k.FileKey()
		}
	}
	return nil
}

// keyed is ctx carrying the engine's key, for the calls that seal or open.
func (s *Sync) keyed(ctx context.Context) context.Context {
	if s.held == nil {
		return ctx
	}
	return context.WithValue(ctx, heldKeyCtx{}, s.held)
}

// onUnlock gives fn the data key open now, or the key of the next login
// that opens one (called inside setSession, before the login returns).
func (db *DB) onUnlock(fn func(*secure.DataKey)) {
	db.sec.mu.Lock()
	k := db.sec.key
	if k == nil {
		db.sec.waiting = append(db.sec.waiting, fn)
	}
	db.sec.mu.Unlock()
	if k != nil {
		fn(k)
	}
}
