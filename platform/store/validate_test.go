package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// decodeJSON (goccy/go-json) decodes a case event as encoding/json does:
// the case with every kind of field, the event, the body around them, and
// documents encoding/json refuses, with its error.
func TestDecodeJSONAgreesWithEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	c := hall.Case{ID: "c1", No: "341122-20261123-07-0001", ItemCode: "000104001001", ItemName: "出生登记",
		Department: "清河县公安局", SchemaVersion: 3, Clerk: "u1", Licence: "证-1", ExtendedDays: 5,
		Applicant: hall.Applicant{Kind: hall.LegalPerson, Name: "清河县某某有限公司", IDType: hall.IDCreditCode,
			IDNumber: "91341122MA2XXXXX0X", Phone: "13800138000"},
		Form:      json.RawMessage(`{ "a": [1, 2.50, "\u4e2d", null], "b": {"c": true} }`),
		FormGaps:  []string{"住所"},
		Materials: []hall.CaseMaterial{{Name: "营业执照", Files: []string{"ab", "cd"}}},
		State:     hall.StateAccepted, Reason: "材料\n齐全\t\"引号\"", OverdueReason: "<b>&</b>",
		Ratings:    []hall.Rating{{Stage: hall.StageAccept, Level: "good", At: at, Channel: hall.ChannelQR}},
		Bundle:     &hall.CaseBundle{ID: "b1", Code: "x", Name: "开办企业", Part: 1, Of: 2},
		ReceivedAt: at, AcceptedAt: at.Add(time.Hour), PromiseDue: "2026-12-01", CreatedAt: at, UpdatedAt: at}
	ev := hall.Event{ID: "e1", CaseID: "c1", Action: hall.ActAccept, From: hall.StateReceived, To: hall.StateAccepted, At: at}
	caseDoc, _ := json.Marshal(c)
	evDoc, _ := json.Marshal(ev)
	body, _ := json.Marshal(map[string]any{"case": json.RawMessage(caseDoc), "event": json.RawMessage(evDoc), "extra": 1})
	same := func(name string, raw []byte, fresh func() any) {
		t.Helper()
		a, b := fresh(), fresh()
		errStd := json.Unmarshal(raw, a)
		var err error
		switch v := b.(type) {
		case *hall.Case:
			err = decodeJSON(raw, v)
		case *hall.Event:
			err = decodeJSON(raw, v)
		case *protocol.CaseEventBody:
			err = decodeJSON(raw, v)
		}
		if (err == nil) != (errStd == nil) || err != nil && err.Error() != errStd.Error() {
			t.Errorf("%s: error %v, encoding/json's %v", name, err, errStd)
		}
		if errStd == nil && !reflect.DeepEqual(a, b) {
			t.Errorf("%s: decoded\n%+v\nencoding/json\n%+v", name, b, a)
		}
	}
	newCase := func() any { return &hall.Case{} }
	same("case", caseDoc, newCase)
	same("event", evDoc, func() any { return &hall.Event{} })
	same("body", body, func() any { return &protocol.CaseEventBody{} })
	same("case with spaces and unknown fields", []byte(` { "id" : "c1", "zz": [1, {"y": null}], "applicant": {"name": "王喆"} } `), newCase)
	same("a number for a string", []byte(`{"id": 5}`), newCase)
	same("a string for a time", []byte(`{"received_at": "yesterday"}`), newCase)
	same("not an object", []byte(`[1, 2]`), newCase)
	same("a body of nulls", []byte(`{"case": null, "event": null}`), func() any { return &protocol.CaseEventBody{} })
	same("an empty body", []byte(`{}`), func() any { return &protocol.CaseEventBody{} })
}
