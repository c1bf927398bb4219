package server

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// A desk's real client writes a push's bodies as they are and compresses
// them with its own deflater: the platform reads every operation as the
// desk made it (an applicant whose address needs escaping included),
// applies each once, and knows each again by its id when the batch comes
// a second time.
func TestDeskPushReadsBackAsSent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "p.db"), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := New(Config{Store: st, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	code, err := st.AddDesk(ctx, "341122", "01", "")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := st.Register(ctx, code, "desk")
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := protocol.DecodeSecret(reg.Secret)
	cl, err := transport.New(transport.Options{BaseURL: ts.URL, DeskID: reg.DeskID, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)

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
