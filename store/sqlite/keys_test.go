package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

const (
	knownID    = "11010519491231002X"
	knownPhone = "13812345678"
)

// rawFiles reads the database file and its WAL as they are on disk.
func rawFiles(t *testing.T, db *DB) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{db.Path(), db.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// writePersonalData goes through the real store paths: a draft as typed,
// a case opened and accepted, its events and outbox entries.
func writePersonalData(t *testing.T, db *DB) *hall.Case {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	d := testDraft("d-1", "张喆")
	d.Applicant = json.RawMessage(`{"kind":"自然人","name":"张喆","id_number":"` + knownID + `","phone":"` + knownPhone + `"}`)
	d.Form = json.RawMessage(`{"spouse_phone":"` + knownPhone + `"}`)
	if err := db.Drafts().SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	c := newCase(it)
	if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, Actor: "王堃", PromiseDue: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRawDatabaseAndWALHoldNoIDOrPhone(t *testing.T) {
	db := keyedDB(t)
	login(t, db, "wangkun", clerkPW)
	writePersonalData(t, db)
	check := func(when string, raw []byte) {
		t.Helper()
		if len(raw) < 4096 {
			t.Fatalf("%s: only %d bytes read", when, len(raw))
		}
		for _, secret := range []string{knownID, knownPhone, "人民路"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s: %s found in the raw files", when, secret)
			}
		}
	}
	check("while open", rawFiles(t, db))
	db.Close()
	check("after checkpoint and close", rawFiles(t, db))

	// The same writes on a desk without keys do leave the numbers in the
	// files: the search above would have found them.
	clear := openTest(t)
	writePersonalData(t, clear)
	if raw := rawFiles(t, clear); !bytes.Contains(raw, []byte(knownID)) || !bytes.Contains(raw, []byte(knownPhone)) {
		t.Fatal("control: the numbers are not found even when stored in clear")
	}
}

func TestCaseShownMaskedRevealAudited(t *testing.T) {
	db, ctx := clerkDesk(t)
	c := writePersonalData(t, db)
	got, _, err := db.Cases().Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Applicant
	if a.IDNumber != "1101**********002X" || a.Phone != "138****5678" || a.Address != "清河县人民路**" || a.Name != "张喆" {
		t.Errorf("case shown as %+v", a)
	}
	acted, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActStartReview, Actor: "王堃"})
	if err == nil && acted.Applicant.IDNumber != "1101**********002X" {
		t.Errorf("Act returns %q", acted.Applicant.IDNumber)
	}
	before := auditCount(t, db, hall.AuditReveal, hall.AuditOK)
	for field, want := range map[string]string{hall.FieldIDNumber: knownID, hall.FieldPhone: knownPhone, hall.FieldAddress: "清河县人民路1号"} {
		v, err := db.Privacy().Reveal(ctx, c.ID, field)
		if err != nil || v != want {
			t.Errorf("reveal %s = %q, %v", field, v, err)
		}
	}
	if n := auditCount(t, db, hall.AuditReveal, hall.AuditOK) - before; n != 3 {
		t.Errorf("%d reveal records for 3 reveals", n)
	}
	var detail, object string
	db.read.QueryRow("SELECT object, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1", string(hall.AuditReveal)).Scan(&object, &detail)
	if object != c.No || !strings.HasPrefix(detail, "申请人") || strings.Contains(detail, knownID) {
		t.Errorf("reveal record %q %q", object, detail)
	}
	d, _, err := db.Drafts().Draft(ctx, "d-1")
	if err != nil || !strings.Contains(string(d.Applicant), knownID) {
		t.Errorf("the clerk's draft does not open in full: %s %v", d.Applicant, err)
	}
	cases, err := db.Privacy().FindByIDNumber(ctx, "11010519491231002x")
	if err != nil || len(cases) != 1 || cases[0].ID != c.ID {
		t.Errorf("find by ID: %+v %v", cases, err)
	}
	if n := auditCount(t, db, hall.AuditLookup, hall.AuditOK); n != 1 {
		t.Errorf("%d look-up records", n)
	}
	db.Users().Logout(ctx)
	if _, err := db.Privacy().Reveal(ctx, c.ID, hall.FieldIDNumber); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("reveal with nobody logged in: %v", err)
	}
}

func TestLockedDeskRefusesPersonalDataButMovesCases(t *testing.T) {
	db, ctx := clerkDesk(t)
	c := writePersonalData(t, db)
	db.Users().Logout(ctx)
	it := seedItem(t, db)
	err := db.Cases().Open(ctx, newCase(it), hall.Event{Action: hall.ActReceive})
	if hall.ErrorCode(err) != hall.EForbidden || !strings.Contains(hall.ErrorMessage(err), "登录后") {
		t.Errorf("personal data written with nobody logged in: %v", err)
	}
	// The system (a platform decision, a headless command) still moves a
	// case whose personal data is sealed, without opening it.
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActStartReview, Actor: "平台"}); err != nil {
		t.Fatalf("act on a sealed case while locked: %v", err)
	}
	got, _, _ := db.Cases().Case(ctx, c.ID)
	if got.Applicant.IDNumber != "（已加密）" || got.State != hall.StateReview {
		t.Errorf("locked view %+v", got.Applicant)
	}
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
	if v, err := db.Privacy().Reveal(ctx, c.ID, hall.FieldIDNumber); err != nil || v != knownID {
		t.Errorf("after the locked act the number reads %q, %v", v, err)
	}
}

func TestSetupSealsWhatWasWrittenBefore(t *testing.T) {
	db := openTest(t)
	db.SetKDF(secure.TestParams)
	ctx := hall.AsDesk(context.Background())
	c := writePersonalData(t, db)
	adm, err := db.Users().Setup(ctx, hall.NewUser{Name: "admin", DisplayName: "赵管理", Password: adminPW})
	if err != nil {
		t.Fatal(err)
	}
	ctx = hall.AsUser(ctx, adm)
	var doc, key string
	db.read.QueryRow("SELECT doc, applicant_key FROM cases WHERE id = ?", c.ID).Scan(&doc, &key)
	if strings.Contains(doc, knownID) || key == "" {
		t.Errorf("case after setup: key %q doc %s", key, doc)
	}
	for _, q := range []string{"SELECT group_concat(body) FROM outbox", "SELECT group_concat(doc) FROM drafts",
		"SELECT group_concat(doc) FROM case_events"} {
		var all string
		db.read.QueryRow(q).Scan(&all)
		if strings.Contains(all, knownID) || strings.Contains(all, knownPhone) {
			t.Errorf("%s still holds a number in clear", q)
		}
	}
	var detail string
	db.read.QueryRow("SELECT detail FROM audit_log WHERE action = ?", string(hall.AuditSetup)).Scan(&detail)
	if !strings.Contains(detail, "加密已有记录") {
		t.Errorf("setup record %q", detail)
	}
}
