package commands

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/collate"
	"yichuang/export"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/history"
)

// juneOnScreen is what both monthly-report tests compare: a desk with half
// a year of cases (testsupport/history), the report of June 2026 as of
// 2026-06-15, and what 时限监督 shows that day for the cases accepted from
// 6/1 on: the board, by department and in all.
type juneOnScreen struct {
	report report.Report
	board  *supervision.Board
	deps   []supervision.Stat
	total  supervision.Stat
	month  report.Month
	today  calendar.Date
}

func june(t *testing.T, hallName string) juneOnScreen {
	t.Helper()
	noDefaultDesk(t)
	ctx := context.Background()
	dk := desks.Open(t, "")
	now := time.Date(2026, 6, 15, 11, 0, 0, 0, hall.Zone)
	if _, err := history.Seed(ctx, dk.DB, 3000, now, 5); err != nil {
		t.Fatal(err)
	}
	if hallName != "" {
		if err := dk.DB.SetSetting(ctx, hall.SettingHallName, hallName); err != nil {
			t.Fatal(err)
		}
	}
	j := juneOnScreen{month: report.Month{Year: 2026, Month: time.June}, today: calendar.HallDate(now)}
	var err error
	if j.report, err = MonthlyReport(ctx, dk, j.month, j.today); err != nil {
		t.Fatal(err)
	}
	// The screen: every case, lit on today, filtered to the month.
	snap, err := dk.DB.Cases().Supervise(ctx, supervision.Query{})
	if err != nil {
		t.Fatal(err)
	}
	j.board = supervision.Evaluate(snap, j.today, supervision.DefaultSettings())
	j.deps, j.total = supervision.ByDepartment(j.board.Select(supervision.Filter{From: j.month.First(), To: j.today}))
	return j
}

// TestMonthlyReportEqualsTheSupervisorScreen seeds half a year of cases in
// a real desk, and checks that the monthly report of the month running on
// 2026-06-15 has, for every department, the figures 时限监督 shows that day
// for cases accepted from 6/1 on — read back from the workbook.
func TestMonthlyReportEqualsTheSupervisorScreen(t *testing.T) {
	j := june(t, "")
	r, deps, total, board, m, today := j.report, j.deps, j.total, j.board, j.month, j.today
	supervision.SortStats(deps, collate.Compare) // the screen's order: pinyin
	if !slices.IsSortedFunc(r.This.Departments, func(a, b supervision.Stat) int { return collate.Compare(a.Name, b.Name) }) ||
		slices.IsSortedFunc(r.This.Departments, func(a, b supervision.Stat) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("departments not in pinyin order (or the seed cannot tell it from code points): %v", r.This.Departments)
	}
	if total.Cases < 100 || total.Finished == 0 || total.Overdue == 0 {
		t.Fatalf("the seeded month is too thin to compare: %+v", total)
	}
	path := filepath.Join(t.TempDir(), "月报.xlsx")
	var out strings.Builder
	if err := writeReportFile(path, r, &out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetRows(export.SheetMonthDepts)
	if len(got) != len(deps)+2 {
		t.Fatalf("workbook has %d department rows, the screen %d", len(got)-2, len(deps))
	}
	pc := func(v float64) string { return fmt.Sprintf("%.2f%%", v*100) }
	for i, d := range append(deps, total) {
		// The average working days (column H) is compared unrounded (Excel
		// keeps 15 digits).
		want := []string{d.Name, fmt.Sprint(d.Cases), fmt.Sprint(d.Finished), fmt.Sprint(d.Open), pc(d.OnTimeRate()),
			pc(d.EarlyRate()), fmt.Sprint(d.Overdue), "", pc(d.InstantShare())}
		g := append([]string(nil), got[i+1][:len(want)]...)
		g[7] = ""
		if strings.Join(g, "|") != strings.Join(want, "|") {
			t.Errorf("row %d: workbook %q, screen %q", i+1, g, want)
		}
		avg, _ := f.GetCellValue(export.SheetMonthDepts, fmt.Sprintf("H%d", i+2), excelize.Options{RawCellValue: true})
		if v, err := strconv.ParseFloat(avg, 64); err != nil || math.Abs(v-d.AvgDays()) > 1e-9 {
			t.Errorf("row %d: average %s, screen %v", i+1, avg, d.AvgDays())
		}
	}
	// The overdue sheet lists exactly the screen's 超期 cases of the month.
	late := board.Select(supervision.Filter{Show: supervision.ShowLate, From: m.First(), To: today})
	over, _ := f.GetRows(export.SheetMonthOverdue)
	if len(over)-1 != len(late) {
		t.Errorf("overdue sheet has %d cases, the screen %d", len(over)-1, len(late))
	}
}

// TestReportCommand runs the command as a user would and refuses bad input
// with a message that names the field.
func TestReportCommand(t *testing.T) {
	noDefaultDesk(t)
	dir := t.TempDir()
	path := filepath.Join(t.TempDir(), "2026-05.xlsx")
	code, out, errs := run(t, "report", "--data", dir, "--month", "2026-05", "--out", path)
	if code != 0 || !strings.Contains(out, "2026-05 月度报告") || !strings.Contains(out, path) {
		t.Fatalf("report: exit %d out %q err %q", code, out, errs)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue(export.SheetMonthRatings, "A2"); v != export.NoRatings {
		t.Errorf("好差评 = %q", v)
	}
	f.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--month", "2026-13", "--out", path}, "月份"},
		{[]string{"--month", "2026-05", "--out", filepath.Join(dir, "x.csv")}, ".pdf"},
		{[]string{"--month", "2026-05"}, "--out"},
	} {
		code, _, errs := run(t, append([]string{"report", "--data", dir}, tc.args...)...)
		if code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("report %v: exit %d err %q, want a message naming %s", tc.args, code, errs, tc.want)
		}
	}
}
