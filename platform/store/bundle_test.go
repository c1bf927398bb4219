package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// TestBundleLinkIsChecked: a pushed case's 一件事 link must be whole; a
// broken one is refused naming the case, a whole one and none pass.
func TestBundleLinkIsChecked(t *testing.T) {
	desk := Desk{ID: "d1", HallCode: "341122", DeskCode: "07"}
	op := func(b *hall.CaseBundle) protocol.Op {
		c := hall.Case{ID: "c1", No: "341122-20261202-07-0001", ItemCode: "000111003000", ItemName: "企业职工基本养老保险待遇申领",
			Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "周桂兰", IDNumber: "11010519491231002X"}, Bundle: b}
		ev := hall.Event{ID: "e1", CaseID: "c1", Action: hall.ActReceive, At: time.Now()}
		cb, _ := json.Marshal(c)
		eb, _ := json.Marshal(ev)
		body, _ := json.Marshal(protocol.CaseEventBody{Case: cb, Event: eb})
		return protocol.Op{ID: "e1", Kind: "case.event", CaseID: "c1", Body: body}
	}
	good := &hall.CaseBundle{ID: "b1", Code: "YJS341122003", Name: "退休一件事", Part: 2, Of: 3}
	for _, b := range []*hall.CaseBundle{nil, good} {
		if _, err := decodeCaseEvent(desk, op(b)); err != nil {
			t.Errorf("link %+v refused: %v", b, err)
		}
	}
	for _, b := range []hall.CaseBundle{
		{Code: "YJS1", Part: 1, Of: 2}, {ID: "b1", Part: 1, Of: 2}, {ID: "b1", Code: "YJS1", Part: 3, Of: 2},
		{ID: "b1", Code: "YJS1", Part: 1, Of: 1}, {ID: "b1", Code: "YJS1", Part: 0, Of: 2},
		{ID: strings.Repeat("x", 65), Code: "YJS1", Part: 1, Of: 2}} {
		b := b
		if _, err := decodeCaseEvent(desk, op(&b)); err == nil || !strings.Contains(err.Message, "一件事") {
			t.Errorf("link %+v: %v", b, err)
		}
	}
}
