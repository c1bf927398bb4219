// Package pgtest gives tests a real PostgreSQL: a fresh empty database
// each, on a private cluster the test binary starts once (initdb and
// pg_ctl in a temporary directory, a unix socket in that directory, no TCP
// port) and stops when its tests end, or on the server YICHUANG_TEST_PG
// names (a URL of an admin connection).
//
// The platform's tests run against SQLite by default and against
// PostgreSQL when YICHUANG_TEST_PLATFORM_DB=postgres (the Makefile's test
// target runs them both ways): PlatformDB answers which.
//
// A test that needs PostgreSQL fails, with what to install, when there is
// none: it is never skipped.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of database/sql
)

// EnvAdmin names an admin connection to use instead of a private cluster.
const EnvAdmin = "YICHUANG_TEST_PG"

// EnvPlatformDB set to "postgres" runs the platform's tests on PostgreSQL.
const EnvPlatformDB = "YICHUANG_TEST_PLATFORM_DB"

var (
	once     sync.Once
	admin    string // URL of an admin connection
	startErr error
	cluster  *privateCluster
	made     atomic.Int64
)

// OnPostgres reports whether the platform's tests run on PostgreSQL.
func OnPostgres() bool { return os.Getenv(EnvPlatformDB) == "postgres" }

// PlatformDB is where a test's platform store lives: sqlitePath, or a new
// PostgreSQL database (its URL) when the tests run on PostgreSQL.
func PlatformDB(t testing.TB, sqlitePath string) string {
	t.Helper()
	if !OnPostgres() {
		return sqlitePath
	}
	return Database(t)
}

// Main runs a test binary's tests and stops the private cluster, if one
// was started: a package that uses pgtest calls it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the private cluster and removes its directory.
func Stop() {
	if cluster != nil {
		cluster.stop()
		cluster = nil
	}
}

// Admin returns the URL of an admin connection, starting the private
// cluster at the first call.
func Admin(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if a := os.Getenv(EnvAdmin); a != "" {
			admin = a
			return
		}
		cluster, startErr = startCluster()
		if cluster != nil {
			admin = cluster.url("postgres")
		}
	})
	if startErr != nil {
		t.Fatalf("PostgreSQL for the tests: %v", startErr)
	}
	return admin
}

// Database creates a new empty database and returns its URL. It is
// dropped when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	a := Admin(t)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), made.Add(1))
	db, err := openAdmin(a)
	if err != nil {
		t.Fatalf("PostgreSQL admin connection: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		db, err := openAdmin(a)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(a)
	if err != nil {
		t.Fatalf("%s: %v", EnvAdmin, err)
	}
	u.Path = "/" + name
	return u.String()
}

func openAdmin(dsn string) (*sql.DB, error) {
	return sql.Open("pgx", dsn)
}

// privateCluster is a PostgreSQL cluster of one test binary.
type privateCluster struct {
	dir  string // data directory; the socket lives in it too
	bin  string
	cred *syscall.Credential // the postgres user, when the tests run as root
}

// startCluster makes and starts a cluster in a new temporary directory.
// initdb and postgres refuse to run as root: as root they run as the
// system's postgres user.
func startCluster() (*privateCluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	base := ""
	if os.Geteuid() == 0 {
		base = "/tmp" // the postgres user must reach it: not a TMPDIR under /root
	}
	dir, err := os.MkdirTemp(base, "yichuang-pg-")
	if err != nil {
		return nil, err
	}
	c := &privateCluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, PostgreSQL needs the postgres user (apt-get install postgresql makes it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
		"--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := "-k " + dir + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off" +
		" -c full_page_writes=off -c max_connections=400 -c shared_buffers=32MB"
	if out, err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.watch()
	return c, nil
}

// watch stops the cluster and removes its directory when the test binary
// ends without Stop (a panic, a timeout, a kill): a shell of its own
// session waits for the binary's process to go.
func (c *privateCluster) watch() {
	stop := filepath.Join(c.bin, "pg_ctl") + " -D " + filepath.Join(c.dir, "data") + " -m immediate -w stop"
	if c.cred != nil {
		stop = "runuser -u postgres -- " + stop
	}
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; %s >/dev/null 2>&1; rm -rf %s",
		os.Getpid(), stop, c.dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	_ = cmd.Start() // without it the cluster is still stopped by Stop
	if cmd.Process != nil {
		_ = cmd.Process.Release()
	}
}

func (c *privateCluster) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(c.dir)
}

func (c *privateCluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd.CombinedOutput()
}

func (c *privateCluster) stop() {
	_, _ = c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
}

// binDir finds PostgreSQL's programs: Debian keeps them per version under
// /usr/lib/postgresql; the newest is taken.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if p, err := exec.LookPath("initdb"); err == nil {
		found = append(found, p)
	}
	if len(found) == 0 {
		return "", fmt.Errorf("PostgreSQL is not installed (no initdb): install it with `apt-get install postgresql` " +
			"(make deps does), or set " + EnvAdmin + " to an admin connection URL")
	}
	slices.SortFunc(found, func(a, b string) int { return versionOf(b) - versionOf(a) })
	return filepath.Dir(found[0]), nil
}

func versionOf(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

// dataDBs are the databases of the platform data directories tests used,
// by directory: every command a test runs on one directory meets one
// database.
var (
	dataMu  sync.Mutex
	dataDBs = map[string]string{}
)

// PlatformTarget is the database of a platform data directory, as
// store.Open takes it: DIR/platform.db, or (on PostgreSQL) a database made
// for that directory at its first use.
func PlatformTarget(t testing.TB, dir string) string {
	t.Helper()
	if !OnPostgres() {
		return filepath.Join(dir, "platform.db")
	}
	dir = filepath.Clean(dir)
	dataMu.Lock()
	defer dataMu.Unlock()
	if db, ok := dataDBs[dir]; ok {
		return db
	}
	db := Database(t)
	dataDBs[dir] = db
	t.Cleanup(func() {
		dataMu.Lock()
		delete(dataDBs, dir)
		dataMu.Unlock()
	})
	return db
}

// PlatformArgs adds, on PostgreSQL, --db with the database of the data
// directory that args name (--data DIR) to a yichuang-platform command
// line, right after the directory; on SQLite it returns args unchanged.
func PlatformArgs(t testing.TB, args []string) []string {
	t.Helper()
	if !OnPostgres() {
		return args
	}
	for i, a := range args {
		if a == "--data" && i+1 < len(args) {
			out := append([]string{}, args[:i+2]...)
			out = append(out, "--db", PlatformTarget(t, args[i+1]))
			return append(out, args[i+2:]...)
		}
	}
	return args
}

// Dump backs database db (a URL) up to file as an operator would, with
// pg_dump (its custom format: a consistent snapshot while others write).
func Dump(t testing.TB, db, file string) {
	t.Helper()
	tool(t, "pg_dump", "--format=custom", "--file="+file, "--dbname="+db)
}

// Restore replaces what database db holds by the dump in file, with
// pg_restore, in one transaction. Nothing may be connected meanwhile.
func Restore(t testing.TB, db, file string) {
	t.Helper()
	tool(t, "pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner", "--dbname="+db, file)
}

func tool(t testing.TB, name string, args ...string) {
	t.Helper()
	bin, err := binDir()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(filepath.Join(bin, name), args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}
