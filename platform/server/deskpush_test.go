package server

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// A desk's real client writes a push's bodies as they are and compresses
// them with its own deflater: the platform reads every operation as the
// desk made it (an applicant whose address needs escaping included),
// applies each once, and knows each again by its id when the batch comes
// a second time.
func TestDeskPushReadsBackAsSent(t *testing.T) {
	ctx := context.Background()
	srv, st := newPlatform(t, Admission{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	cl, _ := deskClient(t, st, ts.URL, "341122", "01")

	req := newCases(t, "341122", "01", 20)
	sent := make([]hall.Case, len(req.Ops))
	for i, op := range req.Ops {
		var b struct {
			Case  hall.Case       `json:"case"`
			Event json.RawMessage `json:"event"`
		}
		if err := json.Unmarshal(op.Body, &b); err != nil {
			t.Fatal(err)
		}
		b.Case.Applicant.Address = "安徽省滁州市清河县\"城关镇\" <东街> & 北巷\n12号"
		b.Case.Applicant.Phone = "13800000000"
		var err error
		if req.Ops[i].Body, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
		sent[i] = b.Case
	}
	for round, want := range []string{protocol.CodeApplied, protocol.CodeDuplicate} {
		res, err := cl.Push(ctx, req)
		if err != nil {
			t.Fatalf("push %d: %v", round+1, err)
		}
		if len(res.Results) != len(req.Ops) {
			t.Fatalf("push %d: %d answers to %d operations", round+1, len(res.Results), len(req.Ops))
		}
		for i, r := range res.Results {
			if r.Code != want {
				t.Fatalf("push %d, operation %d: %s %s, want %s", round+1, i, r.Code, r.Message, want)
			}
		}
	}
	for _, c := range sent {
		v, err := cl.Case(ctx, c.No)
		if err != nil {
			t.Fatal(err)
		}
		var got hall.Case
		if err := json.Unmarshal(v.Case, &got); err != nil {
			t.Fatal(err)
		}
		if got.ID != c.ID || got.State != c.State || got.ItemName != c.ItemName || !reflect.DeepEqual(got.Applicant, c.Applicant) {
			t.Fatalf("the platform holds %s as\n%+v\nthe desk sent\n%+v", c.No, got, c)
		}
	}
}
