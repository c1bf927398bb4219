//go:build unix

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/seed"
	"yichuang/sync/engine"
	"yichuang/sync/linksim"
	"yichuang/testsupport/pgtest"
)

// instance is one yichuang-platform process serving a shared database and
// a shared data directory.
type instance struct {
	t      *testing.T
	bin    string
	name   string
	addr   string
	args   []string
	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	kills  int
}

// buildPlatform builds cmd/yichuang-platform into a directory of the test.
func buildPlatform(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "yichuang-platform")
	if out, err := exec.Command("go", "build", "-o", bin, "yichuang/cmd/yichuang-platform").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startInstance(t *testing.T, bin, name, dsn, data, keyFile string) *instance {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	in := &instance{t: t, bin: bin, name: name, addr: addr,
		args: []string{"serve", "--addr", addr, "--data", data, "--db", dsn, "--key", keyFile}}
	in.start()
	t.Cleanup(func() {
		in.mu.Lock()
		defer in.mu.Unlock()
		if in.cmd != nil {
			_ = in.cmd.Process.Kill()
			<-in.exited
		}
	})
	return in
}

// start runs the process and waits until it answers its health check.
func (in *instance) start() {
	in.mu.Lock()
	defer in.mu.Unlock()
	log, err := os.OpenFile(filepath.Join(in.t.TempDir(), in.name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		in.t.Error(err)
		return
	}
	cmd := exec.Command(in.bin, in.args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		in.t.Error(err)
		return
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); log.Close(); close(exited) }()
	in.cmd, in.exited = cmd, exited
	for deadline := time.Now().Add(30 * time.Second); ; {
		r, err := http.Get("http://" + in.addr + "/api/v1/health")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-exited:
			out, _ := os.ReadFile(log.Name())
			in.t.Errorf("instance %s exited at start: %s", in.name, out)
			return
		default:
		}
		if time.Now().After(deadline) {
			in.t.Errorf("instance %s does not answer: %v", in.name, err)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill9 kills the process (SIGKILL: no chance to finish a request, close
// a file or roll back) and starts it again after pause.
func (in *instance) kill9(pause time.Duration) {
	in.mu.Lock()
	in.kills++
	_ = in.cmd.Process.Signal(syscall.SIGKILL)
	exited := in.exited
	in.mu.Unlock()
	<-exited
	time.Sleep(pause)
	in.start()
}

func (in *instance) url() string { return "http://" + in.addr }

// TestTwoInstancesOneDatabaseKillNine: two platform processes serve one
// PostgreSQL database and one data directory; six desks push cases with
// scans through links that are cut now and then, three through each
// instance. One instance is killed (-9) in the middle of a scan's upload
// and the other just after it applied a push, before its answer got
// through; both start again; one desk moves from the first instance to
// the second mid-stream. The back office decides cases and publishes the
// catalog all the while, through a third connection to the database.
// Afterwards every case is held once, no operation was applied twice,
// every scan is whole and no partial upload counts as a file, and every
// desk pulled each change meant for it exactly once, in order.
func TestTwoInstancesOneDatabaseKillNine(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	dsn, data := pgtest.Database(t), t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "platform.key")
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.WriteKeyFile(keyFile, key); err != nil {
		t.Fatal(err)
	}
	bin := buildPlatform(t)
	inst := []*instance{startInstance(t, bin, "a", dsn, data, keyFile), startInstance(t, bin, "b", dsn, data, keyFile)}
	// The back office and the checks reach the database as a third
	// party; desks register through instance a.
	st, err := store.Open(ctx, dsn, key)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &platform{t: t, dir: data, addr: inst[0].addr, st: st, pkey: key, db: dsn}

	const perInstance, cases = 3, 24
	type deskRun struct {
		k    *testDesk
		on   int // the instance it syncs through
		link *linksim.Link
		log  *pullLog
	}
	var runs []*deskRun
	for i := range 2 * perInstance {
		k := newDesk(t, p, fmt.Sprintf("5%d", i))
		if _, err := seed.Cases(ctx, k.d, seed.Options{Cases: cases, ScansEvery: 3, ScanKB: 48, Seed: int64(100 + i)}); err != nil {
			t.Fatal(err)
		}
		r := &deskRun{k: k, on: i % 2, log: &pullLog{}}
		r.link = linkTo(t, inst[r.on].addr, i == 2)
		runs = append(runs, r)
	}
	// Instance a dies in the middle of a scan's upload from desk 0;
	// instance b just after it applied a push from desk 1, its answer not
	// yet through. Besides, links fail now and then: each cuts a few
	// connections at random points of pushes, pulls and uploads.
	killed := make(chan int, 2)
	killAt := map[int]func(linksim.Seg) bool{
		0: func(s linksim.Seg) bool { return s.Dir == linksim.Up && isPatch(s) && s.UpBytes > 12000 },
		1: func(s linksim.Seg) bool { return s.Dir == linksim.Down && isPush(s) && s.DownSinceRq == 0 },
	}
	for i, r := range runs {
		kill, once, cuts := killAt[i], newTimes(1), newTimes(3)
		var mu sync.Mutex
		n := 0
		r.link.SetRule(func(s linksim.Seg) linksim.Action {
			if kill != nil && kill(s) && once.take() {
				killed <- r.on
				return linksim.Cut
			}
			mu.Lock()
			defer mu.Unlock()
			if n++; n%(17+i) == 0 && cuts.take() {
				return linksim.Cut
			}
			return linksim.Pass
		})
	}
	var restarts sync.WaitGroup
	restarts.Add(1)
	moved := make(chan struct{})
	go func() {
		defer restarts.Done()
		for range 2 {
			select {
			case i := <-killed:
				inst[i].kill9(300 * time.Millisecond)
				if i == 0 {
					close(moved)
				}
			case <-time.After(2 * time.Minute):
				t.Error("no instance was killed: the kill points were never reached")
				return
			}
		}
	}()

	// The back office works through two connections of its own, as two
	// instances would: both publish, each reviews half of the cases.
	stopOffice := make(chan struct{})
	var office sync.WaitGroup
	for w := range 2 {
		ost := st
		if w == 1 {
			if ost, err = store.Open(ctx, dsn, key); err != nil {
				t.Fatal(err)
			}
			defer ost.Close()
		}
		office.Add(1)
		go func() {
			defer office.Done()
			for n := 0; ; n++ {
				select {
				case <-stopOffice:
					return
				case <-time.After(2 * time.Millisecond):
				}
				if n%25 == 0 {
					reviewHalf(t, ost, w)
				}
				code := fmt.Sprintf("9%d%05d00001", w, n)
				if err := ost.PublishItems(ctx, []hall.Item{{Code: code, TaskCode: code, Name: "测试事项", Type: "07", Department: "测试局"}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}

	// Desks sync until they have sent everything, then go on pulling
	// while the back office writes for a few seconds more.
	var desks, synced sync.WaitGroup
	stopPull := make(chan struct{})
	for i, r := range runs {
		desks.Add(1)
		synced.Add(1)
		go func() {
			defer desks.Done()
			tune := func(c *engine.Config) {
				r.log.recordPulls(c)
				c.MaxBatchOps, c.ChunkSize = 8, 8<<10
			}
			s := r.k.syncer(r.link.URL(), 5*time.Second, tune)
			// Desk 2 syncs through instance a until a is killed, then
			// through b: the same engine state, another instance.
			if i == 2 {
				syncUntil(t, r.k, s, moved)
				c, err := r.k.d.DB.Sync().SyncCounts(ctx)
				if err != nil || c.Outstanding() == 0 {
					t.Errorf("the desk that moves had nothing left to send when it moved: %+v %v", c, err)
				}
				r.on, r.link = 1, linkTo(t, inst[1].addr, false)
				s = r.k.syncer(r.link.URL(), 5*time.Second, tune)
			}
			syncUntil(t, r.k, s, nil)
			synced.Done()
			for {
				select {
				case <-stopPull:
					return
				case <-time.After(5 * time.Millisecond):
				}
				_ = s.Engine.Round(ctx)
			}
		}()
	}
	synced.Wait()
	restarts.Wait()
	time.Sleep(2 * time.Second)
	close(stopOffice)
	office.Wait()
	close(stopPull)
	desks.Wait()
	for _, r := range runs { // the last decisions and catalog entries
		r.link.SetRule(nil)
		s := r.k.syncer(inst[r.on].url(), 5*time.Second, r.log.recordPulls)
		r.k.syncUntilDone(s, time.Minute)
	}

	var ks []*testDesk
	for _, r := range runs {
		ks = append(ks, r.k)
	}
	stats := checkAllSynced(t, p, ks...)
	pulled := 0
	for _, r := range runs {
		pulled += r.log.seenOnce(t, st, r.k)
	}
	scans := checkScansWhole(t, st, ks)
	if inst[0].kills != 1 || inst[1].kills != 1 {
		t.Fatalf("kills: a %d, b %d", inst[0].kills, inst[1].kills)
	}
	if stats.OpsDuplicate == 0 {
		t.Errorf("the push applied before b was killed was not answered as a duplicate when resent: %+v", stats)
	}
	t.Logf("two instances, two kills: %+v; %d changes pulled once each; %d scans whole", stats, pulled, scans)
}

// linkTo starts a link to addr, a little slow (slower still if slow), so
// that a kill lands in the middle of things; closed with the test.
func linkTo(t *testing.T, addr string, slow bool) *linksim.Link {
	t.Helper()
	bw := int64(96 << 10)
	if slow {
		bw = 24 << 10
	}
	l, err := linksim.Start(linksim.Config{Target: addr, Bandwidth: bw, Latency: 3 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// syncUntil runs rounds until the desk has nothing left or until stop
// closes; failures of the link or the platform are retried.
func syncUntil(t *testing.T, k *testDesk, s *desk.Sync, stop <-chan struct{}) {
	ctx, cancel := context.WithTimeout(hall.AsDesk(context.Background()), 3*time.Minute)
	defer cancel()
	for {
		select {
		case <-stop:
			return
		default:
		}
		err := s.Engine.Round(ctx)
		c, cerr := k.d.DB.Sync().SyncCounts(hall.AsDesk(context.Background()))
		if cerr != nil {
			t.Error(cerr)
			return
		}
		if err == nil && c.Outstanding() == 0 && stop == nil {
			return
		}
		if ctx.Err() != nil {
			t.Errorf("desk %s not synced: %v; left %+v", k.dir, err, c)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// reviewHalf starts the review of the accepted cases that have none, those
// of its half for worker w of two.
func reviewHalf(t *testing.T, st *store.Store, w int) {
	ctx := hall.AsDesk(context.Background())
	nos, err := st.CaseNumbers(ctx)
	if err != nil {
		t.Error(err)
		return
	}
	for i, no := range nos {
		if i%2 != w {
			continue
		}
		if err := reviewIfAccepted(ctx, st, no); err != nil {
			t.Error(err)
			return
		}
	}
}

// checkScansWhole reads every scan the desks' cases refer to back from
// the shared directory and checks it against its SHA-256; it returns how
// many there are.
func checkScansWhole(t *testing.T, st *store.Store, ks []*testDesk) int {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	seen := map[string]bool{}
	for _, k := range ks {
		nos, err := k.d.DB.Sync().CaseNumbers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, no := range nos {
			v, err := st.Case(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range v.Files {
				if seen[f.SHA256] {
					continue
				}
				seen[f.SHA256] = true
				r, err := st.OpenFile(ctx, f.SHA256)
				if err != nil {
					t.Fatalf("scan %s of case %s: %v", f.SHA256, no, err)
				}
				h := sha256.New()
				_, err = io.Copy(h, r)
				r.Close()
				if err != nil || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
					t.Fatalf("scan %s of case %s is not whole: %v", f.SHA256, no, err)
				}
			}
		}
	}
	return len(seen)
}
