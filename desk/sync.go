package desk

import (
	"context"
	"encoding/hex"
	"log/slog"
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
	url, deskID, secret := get(hall.SettingPlatform), get(hall.SettingDeskID), get(hall.SettingDeskSecret)
	if url == "" || deskID == "" || secret == "" {
		return nil, errUnregistered
	}
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
	cfg := engine.Config{Store: d.DB.Sync(), Transport: client, Log: log,
		FilePath: d.DB.Attachments(d.Dir.Files()).AttachmentPath, Supervisor: d.supervisor}
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
// controller: the window shows how to register.
func (d *Desk) StartSync(ctx context.Context) (hall.SyncController, func()) {
	s, err := d.NewSync(ctx, SyncOptions{})
	if err != nil {
		if err != errUnregistered {
			d.Log.Error("sync engine", "err", err)
		}
		return nil, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Engine.Serve(ctx); err != nil && ctx.Err() == nil {
			d.Log.Error("sync engine stopped", "err", err)
		}
	}()
	return s.Engine, func() {
		cancel()
		<-done
		s.Close()
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
