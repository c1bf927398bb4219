package desk

import (
	"context"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"yichuang/hall"
	"yichuang/sync/engine"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// Sync is a desk's sync engine with the client it talks through.
type Sync struct {
	Engine *engine.Engine
	Client *transport.Client
}

// Close drops the client's connections.
func (s *Sync) Close() { s.Client.Close() }

// errUnregistered is what sync says on a desk with no credentials.
var errUnregistered = hall.Errorf(hall.EConflict,
	"本窗口尚未注册到省级平台：请管理员向平台申请注册码，运行 yichuang register --platform 平台地址 --code 注册码")

// SyncOptions adjust a desk's sync engine; the zero value is the
// registered platform with the defaults.
type SyncOptions struct {
	// PlatformURL replaces the registered address for this engine only (a
	// proxy, a test link).
	PlatformURL string
	// IdleTimeout drops a connection on which nothing moved this long.
	IdleTimeout time.Duration
	Now         func() time.Time
	Tune        func(*engine.Config)
}

// NewSync builds the sync engine from the desk's registration.
func (d *Desk) NewSync(ctx context.Context, o SyncOptions) (*Sync, error) {
	get := func(k string) string {
		v, _ := d.DB.Setting(ctx, k)
		return v
	}
	url, deskID := get(hall.SettingPlatform), get(hall.SettingDeskID)
	if url == "" || deskID == "" {
		return nil, errUnregistered
	}
	// Sealed under the data key on a desk with accounts: only after a
	// login on this PC (store/sqlite/keys.go).
	secret, err := d.DB.PlatformSecret(ctx)
	if err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, errUnregistered
	}
	// The engine keeps the data key of this login (or, on a desk with no
	// keys yet, of the first login to come) for its life: it seals what it
	// pulls, opens what it pushes and reads the scans with it while the
	// window is locked (store/sqlite/keys_held.go).
	store := d.DB.EngineSync()
	if o.PlatformURL != "" {
		url = o.PlatformURL
	}
	key, ok := DecodeSecret(secret)
	if !ok {
		return nil, hall.Errorf(hall.ECorrupt, "本窗口保存的平台凭据已损坏，请重新注册（yichuang register）")
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client, err := transport.New(transport.Options{BaseURL: url, DeskID: deskID, Secret: key,
		CAPEM: []byte(get(hall.SettingPlatformCA)), Log: log, IdleTimeout: o.IdleTimeout, Now: o.Now})
	if err != nil {
		return nil, err
	}
	cfg := engine.Config{Store: store, Transport: client, Log: log,
		FilePath: d.DB.Attachments(d.Dir.Files()).AttachmentPath, Supervisor: d.supervisor,
		FileKey: store.FileKey}
	if o.Now != nil {
		cfg.Clock = nowClock{o.Now}
	}
	if o.Tune != nil {
		o.Tune(&cfg)
	}
	return &Sync{Engine: engine.New(cfg), Client: client}, nil
}

// nowClock is the real clock's pauses with another idea of now (a desk
// whose clock is off, in tests).
type nowClock struct{ now func() time.Time }

func (c nowClock) Now() time.Time                         { return c.now() }
func (c nowClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// StartSync runs the desk's sync engine in the background for the window
// and returns it with a stop that waits for it to finish (call it before
// closing the desk). A desk not registered with the platform gets a nil
// controller: the window shows how to register. On a desk with accounts
// the platform secret is sealed: the engine starts after the first login
// in this window and then runs as the desk until the window closes.
func (d *Desk) StartSync(ctx context.Context) (hall.SyncController, func()) {
	if url, _ := d.DB.Setting(ctx, hall.SettingPlatform); url == "" {
		return nil, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &waitingSync{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s, err := d.NewSync(ctx, SyncOptions{})
		if hall.ErrorCode(err) == hall.EForbidden {
			select { // sealed: wait for a login to open it
			case <-d.DB.Unlocked():
				s, err = d.NewSync(ctx, SyncOptions{})
			case <-ctx.Done():
				return
			}
		}
		if err != nil {
			if err != errUnregistered {
				d.Log.Error("sync engine", "err", err)
			}
			w.fail(hall.ErrorMessage(err))
			return
		}
		defer s.Close()
		w.start(s.Engine)
		if err := s.Engine.Serve(ctx); err != nil && ctx.Err() == nil {
			d.Log.Error("sync engine stopped", "err", err)
		}
	}()
	return w, func() {
		cancel()
		<-done
	}
}

// waitingSync is the window's controller before the engine runs: it says
// that sync waits for a login, then passes everything to the engine.
type waitingSync struct {
	mu     sync.Mutex
	engine *engine.Engine
	err    string
}

func (w *waitingSync) start(e *engine.Engine) {
	w.mu.Lock()
	w.engine = e
	w.mu.Unlock()
}

func (w *waitingSync) fail(msg string) {
	w.mu.Lock()
	w.err = msg
	w.mu.Unlock()
}

// SyncStatus is the engine's, or "waiting for a login" before it runs.
func (w *waitingSync) SyncStatus() hall.SyncStatus {
	w.mu.Lock()
	e, msg := w.engine, w.err
	w.mu.Unlock()
	if e != nil {
		return e.SyncStatus()
	}
	if msg == "" {
		msg = "登录后开始与省级平台同步"
	}
	return hall.SyncStatus{Registered: true, SyncLog: hall.SyncLog{LastError: msg}}
}

// SyncNow asks the engine for a round; before it runs there is none.
func (w *waitingSync) SyncNow() {
	w.mu.Lock()
	e := w.engine
	w.mu.Unlock()
	if e != nil {
		e.SyncNow()
	}
}

// DecodeSecret reads the desk secret as register stored it (hex).
func DecodeSecret(s string) ([]byte, bool) {
	if _, err := hex.DecodeString(s); err != nil {
		return nil, false
	}
	return protocol.DecodeSecret(s)
}

// supervisor is the platform account of the supervisor (or administrator)
// logged in at the window, "" when nobody who may supervise is: the sync
// then never asks for the supervision feed (docs/adr/0020).
func (d *Desk) supervisor() string {
	u := d.DB.Users().Current()
	if u == nil || !u.Role.Can(hall.PermSupervise) {
		return ""
	}
	return u.ID
}
