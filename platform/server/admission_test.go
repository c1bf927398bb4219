package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// A platform that takes one push at a time, and lets a push wait 5 ms for
// it, is sent twelve batches at once by twelve desks' real clients: it
// answers the ones it cannot start 503 busy, with Retry-After and a Chinese
// reason, before any of their operations reaches the store or their nonces
// are kept: a shed batch sent again byte for byte is taken. Sent again
// later, every operation is applied exactly once and none is a duplicate.
func TestSaturatedPlatformShedsPushes(t *testing.T) {
	ctx := context.Background()
	_, st, ts, rec := shedPlatform(t, Admission{Pushes: 1, Wait: 5 * time.Millisecond, RetryAfter: 3 * time.Second})

	const desks, perBatch = 12, 60
	clients := make([]*transport.Client, desks)
	deskIDs := make([]string, desks)
	batches := make([]protocol.PushRequest, desks)
	for i := range desks {
		deskCode := fmt.Sprintf("%02d", i+1)
		clients[i], deskIDs[i] = deskClient(t, st, ts.URL, "341122", deskCode)
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
	// The first shed batch, sent again byte for byte, is taken: the
	// platform kept no nonce of it. The other shed desks come back, one
	// after another, and the platform takes them.
	var first []sentRequest
	for _, r := range rec.taken(http.MethodPost, protocol.PathPush) {
		if r.header.Get(protocol.HeaderDesk) == deskIDs[shed[0]] {
			first = append(first, r)
		}
	}
	if len(first) != 1 {
		t.Fatalf("%d shed pushes of desk %d recorded, want 1", len(first), shed[0])
	}
	checkOnce(t, ts.URL, first[0], http.StatusOK)
	for _, i := range shed[1:] {
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
