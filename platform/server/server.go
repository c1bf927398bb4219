// Package server is the reference platform's HTTP API (docs/api.md): desk
// registration, push, pull, tus uploads of scans, and the read-only views
// tests and operators use. Every desk request is signed (HMAC-SM3, see
// sync/protocol); answers carry the platform's clock.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	tusd "github.com/tus/tusd/v2/pkg/handler"

	"yichuang/platform/store"
	"yichuang/sync/protocol"
)

// Config is what the server needs.
type Config struct {
	Store   *store.Store
	DataDir string // uploads live in DataDir/uploads
	Log     *slog.Logger
	Version string
	// AdminToken, when set, lets an operator read cases and the counts
	// with "Authorization: Bearer TOKEN" instead of a desk's signature.
	AdminToken string
	// Now is the platform's clock; tests replace it.
	Now func() time.Time
	// Admission bounds the requests in flight; zero fields take
	// DefaultAdmission's.
	Admission Admission
}

// Server serves the API.
type Server struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	enrol   *limiter // registrations, per address
	rating  *limiter // ratings from the receipt's QR code, per address
	probes  *limiter // health probes, per address (a hall's desks share one)
	refused *limiter // refused signatures, per address
	tus     *tusd.Handler
	uploads string
	files   string      // verified scans, sealed
	sealed  sealedStore // uploads on their way, sealed piece by piece

	pushGate, pullGate, feedGate, uploadGate *gate // admission.go
}

// New builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, log: cfg.Log, now: cfg.Now, enrol: newLimiter(2*time.Second, 10),
		rating: newLimiter(2*time.Second, 10),
		probes: newLimiter(100*time.Millisecond, 50), refused: newLimiter(time.Second, 20), uploads: filepath.Join(cfg.DataDir, "uploads")}
	s.files = filepath.Join(cfg.DataDir, "files")
	a := cfg.Admission.withDefaults()
	s.pushGate, s.pullGate = newGate("推送", a.Pushes, a), newGate("读取", a.Pulls, a)
	s.feedGate, s.uploadGate = newGate("监督数据读取", a.Feeds, a), newGate("上传", a.Uploads, a)
	s.sealed = sealedStore{dir: s.uploads, cipher: cfg.Store.Key().Cipher()}
	for _, d := range []string{s.uploads, s.files} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	var err error
	if s.tus, err = s.newTus(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler routes every path of the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+protocol.PathHealth, s.limited(s.probes, http.HandlerFunc(s.health)))
	mux.Handle("GET "+protocol.PathStats, s.signedOrAdmin(http.HandlerFunc(s.stats), emptySent, s.pullGate))
	mux.Handle("POST "+protocol.PathRegister, s.limited(s.enrol, http.HandlerFunc(s.register)))
	mux.Handle("POST "+protocol.PathRate, s.limited(s.rating, http.HandlerFunc(s.rate)))
	mux.Handle("POST "+protocol.PathPush, s.signed(http.HandlerFunc(s.push), pushSent, s.pushGate))
	mux.Handle("POST "+protocol.PathPull, s.signed(http.HandlerFunc(s.pull), pullSent, s.pullGate))
	mux.Handle("POST "+protocol.PathSupervision, s.signed(http.HandlerFunc(s.supervision), pullSent, s.feedGate))
	mux.Handle("POST "+protocol.PathAudit, s.signed(http.HandlerFunc(s.audit), auditSent, s.pushGate))
	mux.Handle("POST "+protocol.PathRecover, s.signed(http.HandlerFunc(s.recover), recoverySent, s.pullGate))
	mux.Handle("POST "+protocol.PathOwnCases, s.signed(http.HandlerFunc(s.ownCases), recoverySent, s.pullGate))
	mux.Handle("POST "+protocol.PathOwnCasesFetch, s.signed(http.HandlerFunc(s.ownCasesFetch), recoverySent, s.pullGate))
	mux.Handle("GET "+protocol.PathCases+"{no}", s.signedOrAdmin(http.HandlerFunc(s.caseView), emptySent, s.pullGate))
	mux.Handle("GET "+protocol.PathFiles+"{sha}", s.signed(http.HandlerFunc(s.fileStatus), emptySent, s.uploadGate))
	mux.Handle(protocol.PathUploads, s.signed(http.StripPrefix(trimSlash(protocol.PathUploads), s.uploadRouter()), emptySent, s.uploadGate))
	return s.stamped(s.epochGate(mux))
}

func trimSlash(p string) string { return p[:len(p)-1] }

// stamped puts the platform's clock on every answer: the desk measures its
// own clock's drift from it.
func (s *Server) stamped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(protocol.HeaderServerTime, itoa(s.now().UnixMilli()))
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const deskKey ctxKey = 1

func deskOf(ctx context.Context) (store.Desk, bool) {
	d, ok := ctx.Value(deskKey).(store.Desk)
	return d, ok
}
