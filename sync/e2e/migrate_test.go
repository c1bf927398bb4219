package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/engine"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// pullLog records every change a desk's engine pulled, in the order it
// got them.
type pullLog struct {
	engine.Transport
	mu   sync.Mutex
	seqs []int64
}

func (l *pullLog) Pull(ctx context.Context, req protocol.PullRequest) (protocol.PullResponse, error) {
	res, err := l.Transport.Pull(ctx, req)
	if err == nil {
		l.mu.Lock()
		for _, c := range res.Changes {
			l.seqs = append(l.seqs, c.Seq)
		}
		l.mu.Unlock()
	}
	return res, err
}

// recordPulls is an engine tuning that records the engine's pulls in l.
func (l *pullLog) recordPulls(c *engine.Config) {
	l.Transport = c.Transport
	c.Transport = l
}

// seenOnce fails the test unless the desk pulled every change the platform
// holds for it exactly once and in order: its cursor skipped nothing and
// went back over nothing, whatever happened to the platform meanwhile.
func (l *pullLog) seenOnce(t *testing.T, st *store.Store, k *testDesk) int {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	id, err := k.d.DB.Setting(ctx, hall.SettingDeskID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Desk(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	cur := map[string]string{}
	for {
		res, err := st.Pull(ctx, d, protocol.PullRequest{Cursors: cur, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Changes {
			want = append(want, c.Seq)
		}
		if cur = res.Cursors; !res.More {
			break
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 1; i < len(l.seqs); i++ {
		if l.seqs[i] <= l.seqs[i-1] {
			t.Fatalf("desk %s pulled change %d after %d: a change twice or out of order", k.dir, l.seqs[i], l.seqs[i-1])
		}
	}
	if !slices.Equal(l.seqs, want) {
		t.Fatalf("desk pulled %d changes, the platform holds %d for it; first missing %d", len(l.seqs), len(want), firstMissing(want, l.seqs))
	}
	return len(want)
}

func firstMissing(want, got []int64) int64 {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return w
		}
	}
	return -1
}

// backOffice starts a review of every accepted case of the desk that has
// none yet and publishes n catalog entries: changes the desks must pull.
func backOffice(t *testing.T, st *store.Store, tag string, n int) {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	nos, err := st.CaseNumbers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, no := range nos {
		if err := reviewIfAccepted(ctx, st, no); err != nil {
			t.Fatal(err)
		}
	}
	var items []hall.Item
	for i := range n {
		code := fmt.Sprintf("9%s%06d", tag, i)
		items = append(items, hall.Item{Code: code, TaskCode: code, Name: "测试事项" + tag, Type: "07", Department: "测试局"})
	}
	if err := st.PublishItems(ctx, items); err != nil {
		t.Fatal(err)
	}
}

// reviewIfAccepted starts the back office's review of case no if the desk
// has accepted it and nobody has started one.
func reviewIfAccepted(ctx context.Context, st *store.Store, no string) error {
	v, err := st.Case(ctx, no)
	if err != nil {
		return err
	}
	var c hall.Case
	if err := json.Unmarshal(v.Case, &c); err != nil {
		return err
	}
	if c.State != hall.StateAccepted {
		return nil
	}
	_, err = st.Decide(ctx, no, hall.Event{Action: hall.ActStartReview, Actor: "后台"})
	return err
}

// TestMigratedPilotKeepsItsDesks: desks push cases with scans to a pilot
// on SQLite and pull the back office's decisions and the catalog; the
// pilot is stopped and copied into PostgreSQL; a platform on PostgreSQL
// takes its place at the same address, and the desks go on pushing and
// pulling without being told. Afterwards every case is held once, no
// operation was applied twice, every scan is whole, and each desk pulled
// every change meant for it exactly once — its cursor went on from where
// the pilot left it.
func TestMigratedPilotKeepsItsDesks(t *testing.T) {
	p := startPlatformOn(t, filepath.Join(t.TempDir(), "platform.db"))
	var ks []*testDesk
	var logs []*pullLog
	var syncs []func()
	for i := range 3 {
		k := newDesk(t, p, fmt.Sprintf("3%d", i))
		l := &pullLog{}
		s := k.syncer(p.url(), 5*time.Second, l.recordPulls)
		ks, logs = append(ks, k), append(logs, l)
		syncs = append(syncs, func() { k.syncUntilDone(s, time.Minute) })
	}
	round := func(tag string) {
		for i, k := range ks {
			k.seed(12, 4, 30)
			syncs[i]()
		}
		backOffice(t, p.st, tag, 5)
		for i := range ks {
			syncs[i]()
		}
	}
	round("1")
	round("2")
	before, err := p.st.Stats(hall.AsDesk(context.Background()))
	if err != nil {
		t.Fatal(err)
	}

	// The move: the pilot stops, its file is copied, a platform on
	// PostgreSQL starts where it was, with the same key and directory.
	p.stop()
	pilot, err := store.Open(context.Background(), p.db, p.pkey)
	if err != nil {
		t.Fatal(err)
	}
	dsn := pgtest.Database(t)
	rep, err := pilot.CopyTo(context.Background(), dsn)
	pilot.Close()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cases != before.Cases || rep.Changes == 0 {
		t.Fatalf("copied %+v of a pilot holding %+v", rep, before)
	}
	p.db = dsn
	p.start()
	if !p.st.Postgres() {
		t.Fatal("the platform did not start on PostgreSQL")
	}

	round("3")
	st := checkAllSynced(t, p, ks...)
	for i, k := range ks {
		n := logs[i].seenOnce(t, p.st, k)
		if logs[i].seqs[len(logs[i].seqs)-1] <= rep.Changes {
			t.Fatalf("desk %d pulled nothing numbered after the move (last %d, pilot's last %d)", i, logs[i].seqs[len(logs[i].seqs)-1], rep.Changes)
		}
		if i == 0 {
			t.Logf("after the move: %+v; desk 0 pulled %d changes once each, numbered on past %d", st, n, rep.Changes)
		}
	}
}
