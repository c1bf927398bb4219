package e2e

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/server"
	"yichuang/platform/store"
	"yichuang/secure"
	"yichuang/testsupport/pgtest"
)

// platform is the reference platform on a fixed loopback port, so that it
// can be stopped and started again where the desk expects it.
type platform struct {
	mu   sync.Mutex // one restart at a time
	t    *testing.T
	dir  string
	addr string
	st   *store.Store
	pkey *store.Key // the platform key, kept across restarts as its file is
	hs   *http.Server
	cert string // TLS certificate and key files, when serving https
	key  string
	// backupAt is when the last backup on PostgreSQL began.
	backupAt time.Time
	// db, when set, is the platform's database in place of the one
	// pgtest gives its directory.
	db string
	// adm bounds the requests in flight (zero: the server's defaults).
	adm server.Admission
}

func startPlatform(t *testing.T) *platform { t.Helper(); return startPlatformOn(t, "") }

// startPlatformOn starts the platform on database db (a SQLite file or a
// PostgreSQL URL); "" is the one pgtest gives its directory.
func startPlatformOn(t *testing.T, db string) *platform {
	t.Helper()
	return startPlatformWith(t, db, server.Admission{})
}

// startPlatformWith starts the platform on db with the admission bounds adm.
func startPlatformWith(t *testing.T, db string, adm server.Admission) *platform {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	p := &platform{t: t, dir: t.TempDir(), addr: ln.Addr().String(), pkey: key, db: db, adm: adm}
	ln.Close()
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *platform) url() string {
	if p.cert != "" {
		return "https://" + p.addr
	}
	return "http://" + p.addr
}

func (p *platform) start() {
	p.t.Helper()
	ctx := hall.AsDesk(context.Background())
	target := p.db
	if target == "" {
		target = pgtest.PlatformTarget(p.t, p.dir)
	}
	st, err := store.Open(ctx, target, p.pkey)
	if err != nil {
		p.t.Fatal(err)
	}
	srv, err := server.New(server.Config{Store: st, DataDir: p.dir, Version: "test", Log: slog.New(slog.DiscardHandler),
		Admission: p.adm})
	if err != nil {
		p.t.Fatal(err)
	}
	var ln net.Listener
	for i := 0; ; i++ { // the port may linger for a moment after a stop
		if ln, err = net.Listen("tcp", p.addr); err == nil || i > 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatal(err)
	}
	p.st, p.hs = st, server.HTTPServer(srv.Handler())
	hs, cert, key := p.hs, p.cert, p.key
	go func() {
		var err error
		if cert != "" {
			err = hs.ServeTLS(ln, cert, key)
		} else {
			err = hs.Serve(ln)
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.t.Errorf("platform: %v", err)
		}
	}()
}

// stop kills the server abruptly (open connections are cut) and closes
// its store, as a crash or a restart would.
func (p *platform) stop() {
	if p.hs == nil {
		return
	}
	p.hs.Close()
	p.st.Close()
	p.hs = nil
}

func (p *platform) restart() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	p.start()
}

func (p *platform) addDesk(hallCode, deskCode string) string {
	p.t.Helper()
	code, err := p.st.AddDesk(hall.AsDesk(context.Background()), hallCode, deskCode, "清河县政务服务中心")
	if err != nil {
		p.t.Fatal(err)
	}
	return code
}

// backup backs the platform up as its operator would: the backup command's
// work on SQLite; pg_dump on PostgreSQL, whose instances the platform's
// own backup does not cover (docs/adr/0024).
func (p *platform) backup(file string) {
	p.t.Helper()
	if pgtest.OnPostgres() {
		p.backupAt = time.Now()
		pgtest.Dump(p.t, pgtest.PlatformTarget(p.t, p.dir), file)
		return
	}
	if _, err := backup.Write(hall.AsDesk(context.Background()), p.st, p.dir, file, "Backup#2026", "test", secure.TestParams); err != nil {
		p.t.Fatal(err)
	}
}

// restore restores the stopped platform from file: the restore command's
// work on SQLite; on PostgreSQL pg_restore, then what `yichuang-platform
// restored --backup-at` does, so that desks re-send what was lost.
func (p *platform) restore(file string) {
	p.t.Helper()
	ctx := hall.AsDesk(context.Background())
	if !pgtest.OnPostgres() {
		if _, _, err := backup.Restore(ctx, p.dir, file, "Backup#2026", p.pkey); err != nil {
			p.t.Fatal(err)
		}
		return
	}
	db := pgtest.PlatformTarget(p.t, p.dir)
	pgtest.Restore(p.t, db, file)
	st, err := store.Open(ctx, db, p.pkey)
	if err != nil {
		p.t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.MarkRestored(ctx, p.backupAt); err != nil {
		p.t.Fatal(err)
	}
}
