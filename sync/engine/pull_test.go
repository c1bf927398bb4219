package engine

import (
	"encoding/json"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// TestToBatchKeepsWhatItCannotRead: a change that cannot be read becomes a
// problem to show; the others and the cursors go through.
func TestToBatchKeepsWhatItCannotRead(t *testing.T) {
	ev, _ := json.Marshal(hall.Event{ID: "e1", Action: hall.ActStartReview})
	dec, _ := json.Marshal(protocol.DecisionDoc{CaseID: "c1", CaseNo: "341122-20261123-07-0001", Event: ev})
	resp := protocol.PullResponse{
		Changes: []protocol.Change{
			{Stream: protocol.StreamCatalog, Seq: 1, Key: "000104001001", Doc: json.RawMessage(`{"code":"000104001001","name":"出生登记"}`)},
			{Stream: protocol.StreamCatalog, Seq: 2, Key: "bad", Doc: json.RawMessage(`{"code": 12}`)},
			{Stream: protocol.StreamDecisions, Seq: 3, Key: "e1", Doc: dec},
			{Stream: protocol.StreamUsers, Seq: 4, Key: "u1", Doc: json.RawMessage(`{"id":"u1","name":"赵玥","role":"clerk","active":true}`)},
			{Stream: "future", Seq: 5, Key: "x", Doc: json.RawMessage(`{}`)},
		},
		Cursors: map[string]string{"catalog": "5", "decisions": "5", "users": "5", "calendar": "5", "future": "5"},
	}
	b := toBatch(resp)
	if len(b.Items) != 1 || len(b.Decisions) != 1 || len(b.Users) != 1 || len(b.Bad) != 1 {
		t.Fatalf("batch %+v", b)
	}
	if b.Decisions[0].CaseID != "c1" {
		t.Errorf("the decision lost its case: %+v", b.Decisions[0])
	}
	if b.Bad[0].Key != "bad" || b.Bad[0].Reason == "" {
		t.Errorf("problem %+v", b.Bad[0])
	}
	if len(b.Cursors) != 4 || b.Cursors["future"] != "" {
		t.Errorf("cursors %v: only the streams the desk knows", b.Cursors)
	}
}
