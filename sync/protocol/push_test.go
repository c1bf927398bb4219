package protocol

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// A push written by WriteJSON is the bytes json.Marshal writes for a
// desk's operations (bodies as the outbox holds them, compact), and it
// reads back the same: ids that need escaping, an operation without a
// case, an empty body, an empty and a missing batch.
func TestWriteJSONIsWhatMarshalWrites(t *testing.T) {
	body, _ := json.Marshal(map[string]any{"case": map[string]any{"id": "c1", "applicant": "王喆 <a&b>", "n": 1.5},
		"event": []any{nil, true, "\u2028"}})
	for _, req := range []PushRequest{
		{Ops: []Op{{ID: "e1", Kind: "case.event", CaseID: "c1", Body: body}}},
		{Ops: []Op{
			{ID: `e"2\` + "\n<&>", Kind: "case.event", CaseID: "c-二", Body: body},
			{ID: "e3", Kind: "material.file", Body: json.RawMessage(`{"size":3}`)},
			{ID: "e4", Kind: "audit", Body: nil},
			{ID: "e5", Kind: "audit", Body: json.RawMessage(`"x"`)},
		}},
		{Ops: []Op{}},
		{},
	} {
		want, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.WriteString("left as it was")
		if err := req.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		got := bytes.TrimPrefix(buf.Bytes(), []byte("left as it was"))
		if !bytes.Equal(got, want) {
			t.Fatalf("WriteJSON wrote\n%s\njson.Marshal writes\n%s", got, want)
		}
		var back PushRequest
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if len(req.Ops) > 0 && !reflect.DeepEqual(back.Ops[0], req.Ops[0]) {
			t.Fatalf("read back %+v, sent %+v", back.Ops[0], req.Ops[0])
		}
	}
}
