package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// What PostgreSQL holds, read straight from it as anyone with the
// database (or its backup) would: no ID number or phone in clear, desk
// secrets sealed, the key's fingerprint recorded; and a store opened on it
// with another key is refused.
func TestPostgresHoldsNoPersonalDataInClear(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	key, _ := NewKey()
	s, err := Open(ctx, dsn, key)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := s.AddDesk(ctx, "341122", "07", "清河县政务服务中心")
	reg, err := s.Register(ctx, code, "host")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Desk(ctx, reg.DeskID)
	const idNo, phone = "11010519491231002X", "13912345678"
	c := hall.Case{ID: "c1", No: "341122-20261123-07-0001", ItemCode: "000104001001", ItemName: "出生登记", Department: "清河县公安局",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard, IDNumber: idNo, Phone: phone}}
	ev, err := hall.Apply(&c, hall.Event{ID: "e1", Action: hall.ActReceive, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
	if rs, err := s.ApplyBatch(ctx, d, []protocol.Op{{ID: "e1", Kind: hall.OpCaseEvent, CaseID: "c1", Body: body}}); err != nil || codes(rs) != "applied" {
		t.Fatalf("push: %v %v", rs, err)
	}
	s.Close()

	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var all strings.Builder
	for _, q := range []string{"SELECT doc FROM cases", "SELECT doc FROM case_events", "SELECT doc FROM supervision",
		"SELECT doc FROM changes", "SELECT secret FROM desks"} {
		rows, err := raw.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var v string
			rows.Scan(&v)
			all.WriteString(v + "\n")
			n++
		}
		rows.Close()
		if n == 0 && !strings.Contains(q, "changes") {
			t.Fatalf("%s: no rows: the check would pass on nothing", q)
		}
	}
	if strings.Contains(all.String(), idNo) || strings.Contains(all.String(), phone) {
		t.Fatalf("PostgreSQL holds personal data in clear:\n%s", all.String())
	}
	var secret, keyID string
	raw.QueryRowContext(ctx, "SELECT secret FROM desks").Scan(&secret)
	raw.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'key_id'").Scan(&keyID)
	if !strings.HasPrefix(secret, "#sm4:") || keyID != key.ID() {
		t.Fatalf("desk secret %.8q…, key fingerprint %q (want %q)", secret, keyID, key.ID())
	}
	other, _ := NewKey()
	if s2, err := Open(ctx, dsn, other); err == nil || hall.ErrorCode(err) != hall.EForbidden {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("opened under another key: %v", err)
	}
}
