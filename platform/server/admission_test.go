package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
	"yichuang/testsupport/pgtest"
)

// A platform that takes one push at a time, and lets a push wait 5 ms for
// it, is sent twelve batches at once by twelve desks' real clients: it
// answers the ones it cannot start 503 busy, with Retry-After and a Chinese
// reason, before any of their operations reaches the store; sent again
// later, every operation is applied exactly once and none is a duplicate.
func TestSaturatedPlatformShedsPushes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, pgtest.PlatformDB(t, filepath.Join(dir, "p.db")), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := New(Config{Store: st, DataDir: dir,
		Admission: Admission{Pushes: 1, Wait: 5 * time.Millisecond, RetryAfter: 3 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	const desks, perBatch = 12, 60
	clients := make([]*transport.Client, desks)
	batches := make([]protocol.PushRequest, desks)
	for i := range desks {
		deskCode := fmt.Sprintf("%02d", i+1)
		code, err := st.AddDesk(ctx, "341122", deskCode, "")
		if err != nil {
			t.Fatal(err)
		}
		reg, err := st.Register(ctx, code, "desk")
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := protocol.DecodeSecret(reg.Secret)
		if clients[i], err = transport.New(transport.Options{BaseURL: ts.URL, DeskID: reg.DeskID, Secret: secret}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(clients[i].Close)
		batches[i] = newCases(t, "341122", deskCode, perBatch)
	}

	errs := make([]error, desks)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = pushAll(ctx, clients[i], batches[i])
		}()
	}
	close(start)
	wg.Wait()
	var shed []int
	for i, err := range errs {
		if err == nil {
			continue
		}
		var f *protocol.Fault
		if !errors.As(err, &f) || !f.Busy() || f.Status != 503 || f.RetryAfter != 3*time.Second ||
			!strings.Contains(f.Message, "繁忙") || !strings.Contains(f.Message, "3 秒") || hall.ErrorCode(err) != hall.ETransient {
			t.Fatalf("desk %d: %v (%+v), want 503 busy with Retry-After 3 s and a Chinese reason", i, err, f)
		}
		shed = append(shed, i)
	}
	if len(shed) == 0 || len(shed) == desks {
		t.Fatalf("%d of %d batches sent at once to a platform taking one at a time were shed", len(shed), desks)
	}
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (desks - len(shed)) * perBatch; s.OpsApplied != want || s.Events != want {
		t.Fatalf("after the shedding the platform applied %d operations (%d events), want the %d of the batches it took",
			s.OpsApplied, s.Events, want)
	}
	// The shed desks come back, one after another: the platform takes them.
	for _, i := range shed {
		if err := pushAll(ctx, clients[i], batches[i]); err != nil {
			t.Fatalf("desk %d sending again: %v", i, err)
		}
	}
	if s, err = st.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if s.OpsApplied != desks*perBatch || s.Events != desks*perBatch || s.OpsDuplicate != 0 {
		t.Fatalf("in the end %d applied, %d events, %d duplicate; want %d, %d, 0", s.OpsApplied, s.Events, s.OpsDuplicate,
			desks*perBatch, desks*perBatch)
	}
}

// pushAll pushes a batch and checks every operation was applied.
func pushAll(ctx context.Context, c *transport.Client, req protocol.PushRequest) error {
	res, err := c.Push(ctx, req)
	if err != nil {
		return err
	}
	for i, r := range res.Results {
		if r.Code != protocol.CodeApplied {
			return fmt.Errorf("operation %s answered %s %s", req.Ops[i].ID, r.Code, r.Message)
		}
	}
	if len(res.Results) != len(req.Ops) {
		return fmt.Errorf("%d results for %d operations", len(res.Results), len(req.Ops))
	}
	return nil
}

// newCases is a batch of n new cases of a desk, each received.
func newCases(t testing.TB, hallCode, deskCode string, n int) protocol.PushRequest {
	t.Helper()
	var req protocol.PushRequest
	now := time.Now()
	for i := range n {
		no, err := hall.CaseNumberOf(hallCode, deskCode, hall.HallTime(now), 0, i+1)
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprintf("c-%s-%d", deskCode, i)
		c := hall.Case{ID: id, No: no, ItemCode: "000104001001", ItemName: "出生登记", Department: "清河县公安局",
			Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard, IDNumber: "11010519491231002X"}}
		ev, err := hall.Apply(&c, hall.Event{ID: "e-" + id, Action: hall.ActReceive, At: now})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
		req.Ops = append(req.Ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: id, Body: body})
	}
	return req
}
