package transport

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
	"yichuang/sync/protocol"
)

// benchPush is a push of n case events as a desk sends them: new cases
// with an applicant and the item's materials, each op's body the case
// after the event and the event, marshalled as the desk's outbox does.
func benchPush(tb testing.TB, n int) protocol.PushRequest {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	items := catalogio.Synthetic(50, 7)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local)
	var req protocol.PushRequest
	for i := range n {
		it := items[r.IntN(len(items))]
		no, err := hall.CaseNumberOf("341122", "01", hall.HallTime(now), 0, i+1)
		if err != nil {
			tb.Fatal(err)
		}
		c := hall.Case{ID: uuid.Must(uuid.NewV7()).String(), No: no, ItemCode: it.Code, ItemName: it.Name,
			Department: it.Department, Applicant: benchApplicant(r), Clerk: "王堃", CreatedAt: now, UpdatedAt: now}
		for _, m := range it.Materials {
			c.Materials = append(c.Materials, hall.CaseMaterial{Name: m.Name, Necessity: m.Necessity, Originals: m.Originals, Copies: m.Copies})
		}
		ev, err := hall.Apply(&c, hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: c.ID, Action: hall.ActReceive, At: now, Actor: c.Clerk})
		if err != nil {
			tb.Fatal(err)
		}
		body, err := json.Marshal(map[string]any{"case": c, "event": ev})
		if err != nil {
			tb.Fatal(err)
		}
		req.Ops = append(req.Ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: c.ID, Body: body})
	}
	return req
}

// What a push of 20 case events costs the desk before it leaves: the body
// encoded and compressed, its digest and the signature.
// go test -run '^$' -bench PushBody -benchmem ./sync/transport/
func BenchmarkPushBody(b *testing.B) {
	req := benchPush(b, 20)
	secret := make([]byte, 32)
	var size int
	for b.Loop() {
		body, err := jsonBody(req)
		if err != nil {
			b.Fatal(err)
		}
		sum := protocol.BodySM3(body)
		protocol.Sign(secret, protocol.StringToSign("POST", protocol.PathPush, "desk", 1, "nonce", sum))
		size = len(body)
	}
	b.ReportMetric(float64(size), "gzip-bytes")
}

// benchApplicant is a person as the desk records one: name, identity
// card, mobile and address, different for every case.
func benchApplicant(r *rand.Rand) hall.Applicant {
	names := []string{"王喆", "李玥", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"}
	towns := []string{"城关镇", "大墩镇", "三合镇", "仁和镇", "古城镇"}
	return hall.Applicant{Kind: hall.NaturalPerson, Name: names[r.IntN(len(names))], IDType: hall.IDResidentCard,
		IDNumber: fmt.Sprintf("341122%04d%02d%02d%04d", 1950+r.IntN(55), 1+r.IntN(12), 1+r.IntN(28), r.IntN(10000)),
		Phone:    fmt.Sprintf("13%09d", r.IntN(1e9)),
		Address:  fmt.Sprintf("安徽省滁州市%s%d号", towns[r.IntN(len(towns))], 1+r.IntN(300))}
}
