// Package engine moves the desk's work to the provincial platform and the
// platform's changes to the desk: it drains the outbox in batches, pulls by
// cursor, uploads scans in resumable chunks, and keeps trying with capped,
// jittered backoff. Its loop is Serve(ctx); time comes from an injected
// clock, so every pause can be tested without sleeping. It knows the desk's
// database only through Store (store.go) and the platform only through
// Transport.
package engine

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Transport is what the engine needs of the platform client.
type Transport interface {
	Health(ctx context.Context) (protocol.Health, error)
	Push(ctx context.Context, req protocol.PushRequest) (protocol.PushResponse, error)
	Pull(ctx context.Context, req protocol.PullRequest) (protocol.PullResponse, error)
	FileStatus(ctx context.Context, sha string) (bool, error)
	CreateUpload(ctx context.Context, f hall.FileRef) (path string, offset int64, done bool, err error)
	UploadOffset(ctx context.Context, path string) (int64, error)
	UploadChunk(ctx context.Context, path string, offset int64, chunk []byte) (int64, error)
	PushAudit(ctx context.Context, req protocol.AuditPush) (protocol.AuditResult, error)
	Recover(ctx context.Context, req protocol.RecoverRequest) (protocol.RecoverResponse, error)
	OwnCases(ctx context.Context, req protocol.OwnCasesRequest) (protocol.OwnCasesResponse, error)
	FetchOwnCases(ctx context.Context, ids []string) (protocol.OwnCasesFetched, error)
	Supervision(ctx context.Context, req protocol.SupervisionRequest) (protocol.SupervisionPage, error)
	SetEpoch(epoch string)
	// ClockOffset is the platform's clock minus the desk's, as last measured.
	ClockOffset() (time.Duration, bool)
}

// Config is what an engine needs. Zero tuning values take the defaults.
type Config struct {
	Store     Store
	Transport Transport
	// FilePath is where the scan with this SHA-256 lives at the desk.
	FilePath func(sha256 string) string
	// FileKey is the key the scans are sealed under (nil: in clear, a
	// desk without keys), captured when the engine is built.
	FileKey  func() []byte
	Clock    Clock
	Rand     func() float64 // in [0, 1), for the backoff's jitter
	Log      *slog.Logger
	OnChange func(hall.SyncStatus) // called after every status change, off the engine's lock
	// Supervisor is the platform account of the supervisor logged in at the
	// desk, "" when none is: only then does a round pull the supervision
	// feed (docs/adr/0020). A desk of clerks never asks for it.
	Supervisor func() string

	MaxBatchOps   int           // operations per push (default 500)
	MaxBatchBytes int           // body bytes per push before compression (default 512 KB)
	MinBatchBytes int           // the least a batch shrinks to after cuts (default 16 KB)
	ChunkSize     int64         // bytes per upload request (default 4 MB)
	Backoff       Backoff       // pauses after failures (default 2 s doubling to 5 min)
	Poll          time.Duration // a full round at least this often when all is well (default 60 s)
	Check         time.Duration // how often an idle engine looks for new work (default 3 s)
	Probe         time.Duration // how often to test a link that is down (default 15 s)
	SkewWarn      time.Duration // clock drift that earns a warning (default 2 min)
}

// Engine syncs one desk with the platform.
type Engine struct {
	cfg  Config
	kick chan struct{}

	mu         sync.Mutex
	st         hall.SyncStatus
	batchBytes int // adapts: halves after a cut, doubles back after success
	batchOps   int // adapts: halves when the platform cannot read a batch
}

// New makes an engine.
func New(cfg Config) *Engine {
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.Poll, 60*time.Second)
	def(&cfg.Check, 3*time.Second)
	def(&cfg.Probe, 15*time.Second)
	def(&cfg.SkewWarn, 2*time.Minute)
	def(&cfg.Backoff.Base, 2*time.Second)
	def(&cfg.Backoff.Cap, 5*time.Minute)
	if cfg.MaxBatchOps <= 0 {
		cfg.MaxBatchOps = 500
	}
	if cfg.MaxBatchBytes <= 0 {
		cfg.MaxBatchBytes = 512 << 10
	}
	if cfg.MinBatchBytes <= 0 {
		cfg.MinBatchBytes = 16 << 10
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = 4 << 20
	}
	return &Engine{cfg: cfg, kick: make(chan struct{}, 1), batchBytes: cfg.MaxBatchBytes,
		batchOps: cfg.MaxBatchOps, st: hall.SyncStatus{Registered: true}}
}

// SyncNow asks for an attempt at once: the clerk pressed 立即同步, or the
// window knows of new work.
func (e *Engine) SyncNow() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// SyncStatus is the engine's view of the link.
func (e *Engine) SyncStatus() hall.SyncStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.st
}

var _ hall.SyncController = (*Engine)(nil)

// update changes the status under the lock and tells the watcher.
func (e *Engine) update(fn func(st *hall.SyncStatus)) {
	e.mu.Lock()
	fn(&e.st)
	st := e.st
	e.mu.Unlock()
	if e.cfg.OnChange != nil {
		e.cfg.OnChange(st)
	}
}

func (e *Engine) activity(a string) { e.update(func(st *hall.SyncStatus) { st.Activity = a }) }

// Log keys.
const (
	logErr   = "err"
	logOps   = "ops"
	logBytes = "bytes"
	logFile  = "file"
	logWait  = "wait"
)
