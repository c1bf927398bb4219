package sqlite

import (
	"context"
	"testing"
	"time"

	"yichuang/hall"
)

func seedItem(t *testing.T, db *DB) hall.Item {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	it := hall.Item{Code: "000104002000", TaskCode: "11341122MB1234567X0000104002000", Name: "内地居民结婚登记",
		Type: hall.TypeConfirmation, Department: "县民政局",
		LegalLimit: hall.Limit{Days: 1, Unit: hall.WorkingDays}, PromiseLimit: hall.Limit{},
		Materials: []hall.Material{{Name: "居民身份证", Kind: "证件证书证明", Necessity: hall.Required, Source: "申请人自备", Originals: 1}}}
	if err := seedCatalog(db, it); err != nil {
		t.Fatal(err)
	}
	db.SetSetting(ctx, hall.SettingHallCode, "341122")
	db.SetSetting(ctx, hall.SettingDeskCode, "07")
	return it
}

// seedCatalog stores entries as a sync does, whoever is logged in: the
// tests that use it are about cases, not about who may import.
// clerkReceived is a keyed desk with the bundled calendar and seedItem, its
// clerk wangkun logged in (ctx acts as them), and a case of the item from
// applicant, received at 09:00 on 2026-11-23 in the hall.
func clerkReceived(t *testing.T, applicant string) (*DB, context.Context, *hall.Case) {
	t.Helper()
	db, ctx := clerkDesk(t)
	db.UseBundledCalendar(bundledTables(t))
	it := seedItem(t, db)
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: applicant, IDNumber: "11010519491231002X"}}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, hall.Zone)
	if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, At: at}); err != nil {
		t.Fatal(err)
	}
	return db, ctx, c
}

func seedCatalog(db *DB, items ...hall.Item) error {
	ctx := hall.AsDesk(context.Background())
	return db.Update(ctx, func(tx *Tx) error {
		_, err := importBatch(ctx, tx, items, hall.ImportOptions{Source: "测试"})
		return err
	})
}

func count(t *testing.T, db *DB, table string) int {
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCaseActionCommitsCaseEventAndOutboxTogether(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: "王堃",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDNumber: "11010519491231002X"}}
	if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, At: at, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	if c.No != "341122-20261123-07-0001" {
		t.Errorf("case number = %s", c.No)
	}
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, At: at.Add(time.Minute), Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	got, evs, err := db.Cases().Case(ctx, c.ID)
	if err != nil || got.State != hall.StateAccepted || len(evs) != 2 || evs[1].From != hall.StateReceived {
		t.Fatalf("case = %+v events = %+v err = %v", got, evs, err)
	}
	if n := count(t, db, "outbox"); n != 2 {
		t.Errorf("outbox has %d entries, want 2", n)
	}
	st, _ := db.OutboxStats(ctx)
	if st.Pending != 2 {
		t.Errorf("pending = %d", st.Pending)
	}
	// A refused action changes nothing at all.
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActRefuse, Reason: "材料不全"}); hall.ErrorCode(err) != hall.EConflict {
		t.Fatalf("refusing an accepted case: %v", err)
	}
	if count(t, db, "case_events") != 2 || count(t, db, "outbox") != 2 {
		t.Error("a rejected action left rows behind")
	}
	// A case for an unknown item rolls back its sequence number too.
	bad := &hall.Case{ItemCode: "999999999999", ItemName: "无", Applicant: hall.Applicant{Name: "李玥"}}
	if err := db.Cases().Open(ctx, bad, hall.Event{Action: hall.ActReceive, At: at}); hall.ErrorCode(err) != hall.EInvalid {
		t.Fatalf("unknown item: %v", err)
	}
	c2 := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Applicant: hall.Applicant{Name: "李玥"}}
	if err := db.Cases().Open(ctx, c2, hall.Event{Action: hall.ActReceive, At: at}); err != nil || c2.No != "341122-20261123-07-0002" {
		t.Errorf("next case number = %s (%v), want …-0002", c2.No, err)
	}
	list, err := db.Cases().ListCases(ctx, hall.CaseFilter{Open: true})
	if err != nil || len(list) != 2 || list[0].Sync != hall.SyncPending {
		t.Errorf("list = %+v, %v", list, err)
	}
}

func TestOpenCaseNeedsDeskCode(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	db.SetSetting(ctx, hall.SettingDeskCode, "")
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name}
	err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive})
	if hall.ErrorCode(err) != hall.EConflict || count(t, db, "cases") != 0 {
		t.Fatalf("err = %v", err)
	}
}

func TestImportItemsVersions(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	res, err := db.Catalog().ImportItems(ctx, []hall.Item{it})
	if err != nil || res.Unchanged != 1 {
		t.Fatalf("re-import of the same item: %+v %v", res, err)
	}
	it.PromiseLimit = hall.Limit{Days: 1, Unit: hall.WorkingDays}
	res, _ = db.Catalog().ImportItems(ctx, []hall.Item{it})
	got, _ := db.Catalog().Item(ctx, it.Code)
	if res.Updated != 1 || got.Version != 2 || got.PromiseLimit.Days != 1 {
		t.Errorf("update: %+v version %d", res, got.Version)
	}
	if _, err := db.Catalog().Item(ctx, "nope"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("missing item: %v", err)
	}
}
