package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/testsupport/halldays"
)

// hallAt is a time in the hall's zone, "2006-01-02 15:04".
func hallAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, hall.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

var bundledTables = halldays.Tables // the shared fixture (testsupport/halldays)

var (
	permit = hall.Item{Code: "000201001000", TaskCode: "11341122MB1234567X1000201001000", Name: "食品经营许可",
		Type: hall.TypeLicensing, Department: "县市场监督管理局",
		PromiseLimit: hall.Limit{Days: 5, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays}}
	instant = hall.Item{Code: "000104002000", TaskCode: "11341122MB1234567X1000104002000", Name: "内地居民结婚登记",
		Type: hall.TypeConfirmation, Department: "县民政局",
		PromiseLimit: hall.Limit{}, LegalLimit: hall.Limit{Days: 3, Unit: hall.NaturalDays}}
)

// deadlineDB is a desk with the bundled calendar and two items.
func deadlineDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(hall.AsDesk(context.Background()), filepath.Join(t.TempDir(), "deadline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.UseBundledCalendar(bundledTables(t))
	ctx := hall.AsDesk(context.Background())
	if _, err := db.Catalog().ImportItems(ctx, []hall.Item{permit, instant}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSettings(ctx, map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "07"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// accepted opens a case of it received and accepted at the hall time given.
func accepted(t testing.TB, db *DB, it hall.Item, at string) *hall.Case {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: "王芳",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆"}}
	if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, At: hallAt(at)}); err != nil {
		t.Fatal(err)
	}
	// A caller's own dates are replaced by the store's count.
	got, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, At: hallAt(at).Add(10 * time.Minute),
		PromiseDue: "2099-01-01", LegalDue: "2099-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func act(t *testing.T, db *DB, c *hall.Case, a hall.Action, at string) (*hall.Case, error) {
	t.Helper()
	return db.Cases().Act(hall.AsDesk(context.Background()), c.ID, hall.Event{Action: a, At: hallAt(at)})
}

// TestDueDatesFollowTheEvents: acceptance fixes both dates, a special
// procedure over the National Day week moves them, and the case row, the
// events and the outbox all carry the same dates.
func TestDueDatesFollowTheEvents(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	c := accepted(t, db, permit, "2025-09-22 09:30")
	// 09-23..26 and the make-up Sunday 09-28; 20 days end on 10-24 after
	// the National Day week (10-01..08 off, 10-11 a make-up Saturday).
	if c.PromiseDue != "2025-09-28" || c.LegalDue != "2025-10-24" {
		t.Fatalf("at acceptance: promise %s legal %s", c.PromiseDue, c.LegalDue)
	}
	if _, err := act(t, db, c, hall.ActStartReview, "2025-09-23 10:00"); err != nil {
		t.Fatal(err)
	}
	c, err := act(t, db, c, hall.ActStartSpecial, "2025-09-24 15:00")
	if err != nil {
		t.Fatal(err)
	}
	if c.PromiseDue != "2025-09-29" {
		// Provisional while it runs: as if it ended on 09-24 (one day).
		t.Errorf("during the special procedure: promise %s", c.PromiseDue)
	}
	c, err = act(t, db, c, hall.ActEndSpecial, "2025-10-10 11:00")
	if err != nil {
		t.Fatal(err)
	}
	if c.PromiseDue != "2025-10-15" || c.LegalDue != "2025-11-05" {
		t.Errorf("after the special procedure: promise %s legal %s, want 2025-10-15 2025-11-05", c.PromiseDue, c.LegalDue)
	}
	_, evs, err := db.Cases().Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.PromiseDue != c.PromiseDue || last.LegalDue != c.LegalDue {
		t.Errorf("end event carries %s %s", last.PromiseDue, last.LegalDue)
	}
	var body string
	if err := db.read.QueryRow(`SELECT body FROM outbox WHERE op_id = ?`, evs[len(evs)-1].ID).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, `"promise_due":"2025-10-15"`) {
		t.Errorf("outbox body lacks the new date: %s", body)
	}
	var stops string
	var stopped, provisional int
	db.read.QueryRow(`SELECT due_stops, due_stopped_days, due_provisional FROM cases WHERE id = ?`, c.ID).
		Scan(&stops, &stopped, &provisional)
	if stops != "2025-09-24~2025-10-10" || stopped != 8 || provisional != 0 {
		t.Errorf("stored stops %q, %d days stopped, provisional %d", stops, stopped, provisional)
	}
}

func TestInstantItemAndItemChangeAfterAcceptance(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	c := accepted(t, db, instant, "2026-09-30 16:00")
	if c.PromiseDue != "2026-09-30" || c.LegalDue != "2026-10-08" {
		t.Errorf("即办件: promise %s legal %s", c.PromiseDue, c.LegalDue)
	}
	p := accepted(t, db, permit, "2026-03-02 09:00")
	// The item's limit changes after acceptance: the running case keeps the
	// limit it was accepted under.
	longer := permit
	longer.PromiseLimit.Days = 15
	if _, err := db.Catalog().ImportItems(ctx, []hall.Item{longer}); err != nil {
		t.Fatal(err)
	}
	if _, err := act(t, db, p, hall.ActStartSpecial, "2026-03-03 09:00"); err != nil {
		t.Fatal(err)
	}
	got, err := act(t, db, p, hall.ActEndSpecial, "2026-03-03 17:00")
	if err != nil || got.PromiseDue != "2026-03-10" {
		t.Errorf("after a one-day stop: %s, %v; want 2026-03-10 (5 days, not 15)", got.PromiseDue, err)
	}
}

// TestStopEndingBeforeItStartsIsRefused: a clock set back on the desk must
// not produce a due date by guess; the action is refused and nothing moves.
func TestStopEndingBeforeItStartsIsRefused(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	c := accepted(t, db, permit, "2026-03-02 09:00")
	if _, err := act(t, db, c, hall.ActStartSpecial, "2026-03-10 09:00"); err != nil {
		t.Fatal(err)
	}
	_, err := act(t, db, c, hall.ActEndSpecial, "2026-03-05 09:00")
	if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "2026-03-05") ||
		!strings.Contains(hall.ErrorMessage(err), c.No) {
		t.Fatalf("end before start: %v", err)
	}
	got, evs, _ := db.Cases().Case(ctx, c.ID)
	if got.State != hall.StateSpecial || len(evs) != 3 {
		t.Errorf("refused action changed the case: %s, %d events", got.State, len(evs))
	}
}

// TestCalendarYearFromPlatformRecountsProvisionalDates: a case accepted in
// December 2026 runs into 2027, which has no table: provisional. When the
// 2027 table arrives its dates are counted again in the same transaction.
func TestCalendarYearFromPlatformRecountsProvisionalDates(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	c := accepted(t, db, permit, "2026-12-29 09:00")
	// The statutory guess: 12-30, 12-31, 元旦 off, 01-04, 01-05, 01-06.
	if c.PromiseDue != "2027-01-06" {
		t.Fatalf("statutory-holiday guess = %s", c.PromiseDue)
	}
	snap, err := db.Cases().Supervise(ctx, supervision.Query{})
	if err != nil || len(snap.Cases) != 1 || !snap.Cases[0].Provisional || snap.Calendar.Covers(2027) {
		t.Fatalf("before the 2027 table: %+v, %v", snap.Cases, err)
	}
	// 2027: 1/1–1/3 off (made up here for the test), and 1/4 off as well.
	bad := []byte(`{"off": ["2027-01-01", "2027-02-30"]}`)
	if _, err := db.SaveCalendarYear(ctx, 2027, bad, "平台"); hall.ErrorCode(err) != hall.EInvalid ||
		!strings.Contains(hall.ErrorMessage(err), "2027-02-30") {
		t.Errorf("bad table: %v", err)
	}
	table := []byte(`{"off": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"]}`)
	moved, err := db.SaveCalendarYear(ctx, 2027, table, "平台")
	if err != nil || moved != 1 {
		t.Fatalf("save 2027: moved %d, %v", moved, err)
	}
	got, _, _ := db.Cases().Case(ctx, c.ID)
	// 12-30, 12-31, then 01-05, 01-06, 01-07.
	if got.PromiseDue != "2027-01-07" {
		t.Errorf("recounted promise = %s, want 2027-01-07", got.PromiseDue)
	}
	snap, _ = db.Cases().Supervise(ctx, supervision.Query{})
	if snap.Cases[0].Provisional || snap.Cases[0].PromiseDue != "2027-01-07" || !snap.Calendar.Covers(2027) {
		t.Errorf("after the 2027 table: %+v covers %v", snap.Cases[0], snap.Calendar.Covers(2027))
	}
	cal, err := db.Calendar(ctx)
	if err != nil || cal.IsWorkday(calendar.HallDate(hallAt("2027-01-04 10:00"))) {
		t.Errorf("desk calendar must count 2027-01-04 as off: %v", err)
	}
	// A correction of a bundled year replaces it: 2026-02-14 no longer a
	// make-up Saturday.
	if _, err := db.SaveCalendarYear(ctx, 2026, []byte(`{"off": ["2026-01-01"]}`), "管理员"); err != nil {
		t.Fatal(err)
	}
	cal, _ = db.Calendar(ctx)
	if cal.IsWorkday(calendar.HallDate(hallAt("2026-02-14 10:00"))) {
		t.Error("the stored 2026 table did not replace the bundled one")
	}
}

func TestSaveCalendarYearRollsBackWithItsTransaction(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	table := []byte(`{"off": ["2027-01-01"]}`)
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := db.SaveCalendarYearTx(ctx, tx, 2027, table, "平台"); err != nil {
			return err
		}
		return hall.Errorf(hall.ETransient, "游标写入失败")
	})
	if err == nil {
		t.Fatal("the failing transaction committed")
	}
	cal, err := db.Calendar(ctx)
	if err != nil || cal.Covers(2027) {
		t.Errorf("a rolled-back year is in the calendar: %v", err)
	}
	var doc string
	if _, err := db.SaveCalendarYear(ctx, 2027, table, "平台"); err != nil {
		t.Fatal(err)
	}
	db.read.QueryRow("SELECT doc FROM calendar_years WHERE year = 2027").Scan(&doc)
	var back map[string][]string
	if json.Unmarshal([]byte(doc), &back) != nil || back["off"][0] != "2027-01-01" {
		t.Errorf("stored doc %s", doc)
	}
}
