package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
	"yichuang/hall/calendar"
)

// The bench's desks send the bytes a desk's outbox holds for a case event
// (store/sqlite enqueue: {"case": the case, "event": the event}), at every
// step of a case's life.
func TestCaseOpIsTheOutboxBody(t *testing.T) {
	d := &loadDesk{hallCode: "341122", deskCode: "01", r: rand.New(rand.NewPCG(3, 4)),
		items: catalogio.Synthetic(20, 7), cal: calendar.New(nil), opsByCase: map[string][]string{}}
	now := time.Now()
	for range 40 {
		op, err := d.nextOp(now)
		if err != nil {
			t.Fatal(err)
		}
		var c *hall.Case
		for _, oc := range d.open {
			if oc.ID == op.CaseID {
				c = oc
			}
		}
		var got struct {
			Event hall.Event `json:"event"`
		}
		if err := json.Unmarshal(op.Body, &got); err != nil {
			t.Fatal(err)
		}
		if c == nil { // decided: no longer open
			continue
		}
		want, _ := json.Marshal(map[string]any{"case": c, "event": got.Event})
		if !bytes.Equal(op.Body, want) {
			t.Fatalf("operation body\n%s\nthe outbox holds\n%s", op.Body, want)
		}
	}
}
