package report

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/supervision"
	"yichuang/testsupport/halldays"
)

// The shared fixtures of the hall's dates (testsupport/halldays).
var (
	loadCal = halldays.Calendar
	day     = halldays.Day
	at10    = halldays.At10
)

type item struct{ code, name string }

var (
	marriage = item{"000101", "婚姻登记"}
	dibao    = item{"000102", "最低生活保障"}
	food     = item{"000201", "食品经营许可"}
)

func kase(no, dept, clerk string, it item, acc, due, fin string, days int) supervision.Case {
	st := hall.StateReview
	if fin != "" {
		st = hall.StateDecided
	}
	return supervision.Case{No: no, ItemCode: it.code, ItemName: it.name, Department: dept, Clerk: clerk, State: st,
		AcceptedAt: at10(acc), FinishedAt: at10(fin), PromiseDue: due, LegalDue: due,
		PromiseLimit: hall.Limit{Days: days, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays}}
}

const (
	civil  = "县民政局"
	market = "县市场监督管理局"
)

// march2026 is a month worked by hand (March 2026 has no holiday).
func march2026(t *testing.T) supervision.Snapshot {
	e := kase("E", market, "王芳", food, "2026-03-20", "2026-03-30", "", 5)
	e.Stops, e.StoppedWorkdays = "2026-03-23~2026-03-23", 1 // 补正 one day: due Mon 3/30
	return supervision.Snapshot{Calendar: loadCal(t), Cases: []supervision.Case{
		kase("A", civil, "王芳", marriage, "2026-03-02", "2026-03-09", "2026-03-06", 5), // early
		kase("B", civil, "王芳", marriage, "2026-03-03", "2026-03-10", "2026-03-10", 5), // on the day
		kase("C", civil, "李娜", dibao, "2026-03-04", "2026-03-09", "2026-03-12", 3),    // 3 days late
		kase("D", market, "李娜", food, "2026-03-16", "2026-03-16", "2026-03-16", 0),    // 即办件
		e, // open, 1 day late on 3/31
		kase("F", market, "王芳", food, "2026-03-25", "2026-04-08", "2026-04-02", 10),   // finished after the month
		kase("G", civil, "王芳", marriage, "2026-02-26", "2026-03-05", "2026-03-04", 5), // February
		kase("H", civil, "李娜", dibao, "2026-02-27", "2026-03-04", "2026-03-06", 3),    // February, late in March
		kase("I", civil, "李娜", dibao, "2026-04-01", "2026-04-07", "", 3),              // April: in neither
	}}
}

func TestMonthlyReportByHand(t *testing.T) {
	r := Build(march2026(t), Month{2026, time.March}, day("2026-04-10"), supervision.DefaultSettings())
	p := r.This
	if p.Cutoff != day("2026-03-31") {
		t.Errorf("cutoff %s", p.Cutoff)
	}
	// A–F accepted; A–D finished by 3/31 (F only on 4/2); A, B, D on time;
	// A early; C and E overdue; D 即办. Working days used: A 4, B 5, C 6, D 0.
	tot := p.Total
	if tot.Cases != 6 || tot.Finished != 4 || tot.Open != 2 || tot.OnTime != 3 || tot.Early != 1 ||
		tot.Overdue != 2 || tot.Instant != 1 || tot.UsedDays != 15 {
		t.Errorf("total = %+v", tot)
	}
	if tot.OnTimeRate() != 0.75 || tot.EarlyRate() != 0.25 || tot.AvgDays() != 3.75 || tot.InstantShare() != 1.0/6 {
		t.Errorf("rates %v %v %v %v", tot.OnTimeRate(), tot.EarlyRate(), tot.AvgDays(), tot.InstantShare())
	}
	want := []struct {
		name                                             string
		cases, finished, onTime, early, overdue, instant int
	}{
		{market, 3, 1, 1, 0, 1, 1}, // code-point order, as the screen sorts
		{civil, 3, 3, 2, 1, 1, 0},
	}
	if len(p.Departments) != 2 {
		t.Fatalf("departments %+v", p.Departments)
	}
	for i, w := range want {
		g := p.Departments[i]
		if g.Name != w.name || g.Cases != w.cases || g.Finished != w.finished || g.OnTime != w.onTime ||
			g.Early != w.early || g.Overdue != w.overdue || g.Instant != w.instant {
			t.Errorf("department %d = %+v, want %+v", i, g, w)
		}
	}
	if len(p.Clerks) != 2 || p.Clerks[0].Name != "李娜" || p.Clerks[0].Cases != 2 || p.Clerks[0].OnTime != 1 ||
		p.Clerks[1].Name != "王芳" || p.Clerks[1].Cases != 4 || p.Clerks[1].Finished != 2 || p.Clerks[1].Overdue != 1 {
		t.Errorf("clerks %+v", p.Clerks)
	}
	if len(p.Items) != 3 || p.Items[2].Name != "食品经营许可（000201）" || p.Items[2].Cases != 3 || p.Items[2].Instant != 1 {
		t.Errorf("items %+v", p.Items)
	}
	// C: promised 3/9, finished 3/12 = 3 working days late; E: promised
	// 3/30, open on 3/31 = 1, with its one stop.
	if len(p.Overdue) != 2 || p.Overdue[0].Row.No != "C" || p.Overdue[0].Days != 3 || p.Overdue[0].Stops != 0 ||
		p.Overdue[1].Row.No != "E" || p.Overdue[1].Days != 1 || p.Overdue[1].Stops != 1 {
		t.Errorf("overdue %+v", p.Overdue)
	}
	if p.Stops != 1 {
		t.Errorf("stops begun in March = %d, want 1", p.Stops)
	}
	// February, as it stood on 2/28: G and H open and not yet due.
	q := r.Previous
	if q.Month != (Month{2026, time.February}) || q.Cutoff != day("2026-02-28") || q.Total.Cases != 2 ||
		q.Total.Open != 2 || q.Total.Finished != 0 || q.Total.Overdue != 0 || len(q.Overdue) != 0 {
		t.Errorf("February = %+v", q.Total)
	}
}

// TestMonthlyReportEqualsTheScreen: for a month that has ended, the report's
// statistics are the 时限监督 screen's for the same acceptance range on the
// month's last day.
func TestMonthlyReportEqualsTheScreen(t *testing.T) {
	cal := loadCal(t)
	r := rand.New(rand.NewSource(7))
	cutoff := day("2026-05-31")
	snap := supervision.Snapshot{Calendar: cal}
	depts, clerks := []string{civil, market, "县人力资源和社会保障局"}, []string{"王芳", "李娜", "张伟", ""}
	items := []item{marriage, dibao, food}
	for i := range 3000 {
		acc := day("2026-03-15").AddDays(r.Intn(78))
		l := hall.Limit{Days: []int{0, 1, 3, 5, 10, 20}[r.Intn(6)], Unit: hall.WorkingDays}
		due, _ := cal.DueDate(acc, l, nil)
		c := kase(string(rune('A'+i%26))+time.Duration(i).String(), depts[r.Intn(3)], clerks[r.Intn(4)],
			items[r.Intn(3)], acc.String(), due.Date.String(), "", l.Days)
		if fin := cal.AddWorkdays(acc, r.Intn(l.Days+4)); r.Intn(3) > 0 && !fin.After(cutoff) {
			c.State, c.FinishedAt = hall.StateDecided, at10(fin.String())
		}
		snap.Cases = append(snap.Cases, c)
	}
	rep := Build(snap, Month{2026, time.May}, day("2026-06-20"), supervision.DefaultSettings())
	board := supervision.Evaluate(snap, cutoff, supervision.DefaultSettings())
	rows := board.Select(supervision.Filter{From: day("2026-05-01"), To: cutoff})
	deps, total := supervision.ByDepartment(rows)
	cls, _ := supervision.ByClerk(rows)
	if total.Cases < 500 || !reflect.DeepEqual(rep.This.Total, total) || !reflect.DeepEqual(rep.This.Departments, deps) ||
		!reflect.DeepEqual(rep.This.Clerks, cls) {
		t.Errorf("report %+v\nscreen %+v", rep.This.Total, total)
	}
	late := board.Select(supervision.Filter{Show: supervision.ShowLate, From: day("2026-05-01"), To: cutoff})
	if len(late) != len(rep.This.Overdue) || len(late) == 0 {
		t.Errorf("overdue: screen %d, report %d", len(late), len(rep.This.Overdue))
	}
}

func TestParseMonth(t *testing.T) {
	m, err := ParseMonth("2026-01")
	if err != nil || m.String() != "2026-01" || m.Prev().String() != "2025-12" || m.Last() != day("2026-01-31") ||
		m.Next().Next().Last() != day("2026-03-31") {
		t.Errorf("%v %v", m, err)
	}
	for _, bad := range []string{"2026-13", "2026-1", "202603", "", "2026-03-01"} {
		if _, err := ParseMonth(bad); hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "月份") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Ratings count in the month they were given, in total, by department and
// by clerk (worked by hand); the 差评 are listed with their reasons.
func TestRatingsCountInTheirMonth(t *testing.T) {
	snap := march2026(t)
	rate := func(no, dept, clerk string, l hall.RatingLevel, on, reason string) supervision.Rating {
		return supervision.Rating{CaseNo: no, Stage: hall.StageAccept, Level: l, Clerk: clerk, Department: dept,
			At: at10(on), Reason: reason}
	}
	snap.Ratings = []supervision.Rating{
		rate("A", civil, "王芳", hall.RateVeryGood, "2026-03-02", ""),
		rate("B", civil, "王芳", hall.RateGood, "2026-03-03", ""),
		rate("C", civil, "李娜", hall.RatePoor, "2026-03-04", "排队太久"),
		rate("D", market, "李娜", hall.RateFair, "2026-03-16", ""),
		rate("G", civil, "王芳", hall.RateVeryPoor, "2026-02-26", "态度差"), // February
		rate("I", civil, "李娜", hall.RateVeryGood, "2026-04-01", ""),    // April: in neither
	}
	r := Build(snap, Month{2026, time.March}, day("2026-04-15"), supervision.DefaultSettings())
	tot := r.This.Ratings
	if tot.Count != 4 || tot.Good() != 3 || tot.Bad() != 1 || tot.ByLevel != [5]int{1, 1, 1, 1, 0} || tot.Scores != 5+4+3+2 {
		t.Errorf("March total = %+v", tot)
	}
	if got := r.This.RatingText(); got != "评价4次，差评1次，好评率75.00%" {
		t.Errorf("March text = %q", got)
	}
	byName := map[string]supervision.RatingStat{}
	for _, s := range append(r.This.RatingsDepartments, r.This.RatingsClerks...) {
		byName[s.Name] = s
	}
	if byName[civil].Count != 3 || byName[market].Count != 1 || byName["王芳"].Count != 2 || byName["李娜"].GoodRate() != 0.5 {
		t.Errorf("March by group = %+v", byName)
	}
	if len(r.This.Bad) != 1 || r.This.Bad[0].Reason != "排队太久" {
		t.Errorf("March 差评 = %+v", r.This.Bad)
	}
	if r.Previous.Ratings.Count != 1 || r.Previous.Ratings.Bad() != 1 {
		t.Errorf("February = %+v", r.Previous.Ratings)
	}
	empty := Build(march2026(t), Month{2026, time.March}, day("2026-04-15"), supervision.DefaultSettings())
	if empty.This.RatingText() != NoRatings {
		t.Errorf("no ratings: %q", empty.This.RatingText())
	}
}
