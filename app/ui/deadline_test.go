package ui

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"yichuang/collate"
	"yichuang/export"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/testsupport/history"
)

// supervisorToday is the day the seeded desk stands on (a Monday).
var supervisorToday = time.Date(2026, 6, 15, 11, 0, 0, 0, hall.Zone)

// seededSupervisor is a real desk with n seeded cases and the 时限监督
// screen open on the seed's day.
func seededSupervisor(t *testing.T, n int) (*fixture, *deadlinePage) {
	t.Helper()
	f := newFixture(t)
	// Seed 24 gives the demo catalog's mix of limits red, yellow and green cases.
	if _, err := history.Seed(hall.AsDesk(context.Background()), f.desk.DB, n, supervisorToday, 24); err != nil {
		t.Fatal(err)
	}
	p := f.shell.pages[ScreenDeadline].(*deadlinePage)
	p.today = func() calendar.Date { return calendar.HallDate(supervisorToday) }
	fyne.DoAndWait(func() { f.shell.Show(ScreenDeadline) })
	eventually(t, "the supervisor's screen", func() bool { return p.board != nil && p.stack.Objects[0] == p.full })
	return f, p
}

func rowsOf(p *deadlinePage) []*supervision.Row { return p.view.rows }

func TestSupervisorCountsFiltersAndSorts(t *testing.T) {
	_, p := seededSupervisor(t, 800)
	b := p.board
	if len(p.view.rows) != len(b.Rows) || b.Open() == 0 {
		t.Fatalf("view %d rows, board %d, open %d", len(p.view.rows), len(b.Rows), b.Open())
	}
	for i, l := range []calendar.Light{calendar.Green, calendar.Yellow, calendar.Red, calendar.Suspended} {
		if text := p.counts.Objects[i].(*widget.Button).Text; !strings.Contains(text, l.String()) ||
			!strings.Contains(text, fmt.Sprintf("　%d 件", b.Counts[l])) {
			t.Errorf("count button %q, want %s %d", text, l, b.Counts[l])
		}
	}
	// Sorted by urgency: red cases first.
	if b.Counts[calendar.Red] == 0 || rowsOf(p)[0].Light != calendar.Red {
		t.Fatalf("first row is %s; %d red", rowsOf(p)[0].Light, b.Counts[calendar.Red])
	}
	test.Tap(p.counts.Objects[2].(*widget.Button)) // 红灯
	if len(rowsOf(p)) != b.Counts[calendar.Red] {
		t.Errorf("red filter shows %d rows, want %d", len(rowsOf(p)), b.Counts[calendar.Red])
	}
	dept := b.Departments()[0]
	p.filters.department.SetSelected(dept)
	for _, r := range rowsOf(p) {
		if r.Light != calendar.Red || r.Department != dept {
			t.Fatalf("%s (%s, %s) under red + %s", r.No, r.Light, r.Department, dept)
		}
	}
	if got := len(p.deptStats.rows); got != 2 {
		t.Errorf("statistics for one department: %d rows, want it and the total", got)
	}
	// 事项统计: one row per item of that department, in pinyin order, summing
	// to the department's total.
	items, sum := p.itemStats.rows, 0
	if len(items) < 2 || items[len(items)-1].Name != "合计" || items[len(items)-1] != p.deptStats.rows[1] {
		t.Fatalf("item statistics %v, department total %v", items, p.deptStats.rows)
	}
	for i, it := range items[:len(items)-1] {
		sum += it.Cases
		if i > 0 && collate.Compare(items[i-1].Name, it.Name) > 0 {
			t.Errorf("items out of pinyin order: %s before %s", items[i-1].Name, it.Name)
		}
	}
	if sum != p.deptStats.rows[0].Cases {
		t.Errorf("items sum to %d cases, the department has %d", sum, p.deptStats.rows[0].Cases)
	}
	// The departments read in pinyin order.
	fyne.DoAndWait(p.filters.clear)
	for i := 1; i+1 < len(p.deptStats.rows); i++ {
		if a, c := p.deptStats.rows[i-1].Name, p.deptStats.rows[i].Name; collate.Compare(a, c) > 0 {
			t.Errorf("departments out of pinyin order: %s before %s", a, c)
		}
	}
	if len(rowsOf(p)) != len(b.Rows) {
		t.Errorf("cleared filters show %d of %d", len(rowsOf(p)), len(b.Rows))
	}
	// A wrong date is named and not applied; what was typed stays.
	test.Type(p.filters.from, "2026-02-30")
	if !strings.Contains(p.filters.msg.Text, "受理日期起") || p.filters.from.Text != "2026-02-30" ||
		len(rowsOf(p)) != len(b.Rows) {
		t.Errorf("bad date: message %q, text %q, %d rows", p.filters.msg.Text, p.filters.from.Text, len(rowsOf(p)))
	}
	p.filters.from.SetText("2026-06-01")
	p.filters.to.SetText("2026-06-05")
	if p.filters.msg.Text != "" || len(rowsOf(p)) == 0 || len(rowsOf(p)) >= len(b.Rows) {
		t.Fatalf("date range: message %q, %d rows", p.filters.msg.Text, len(rowsOf(p)))
	}
	for _, r := range rowsOf(p) {
		if r.Accepted.Before(day(t, "2026-06-01")) || r.Accepted.After(day(t, "2026-06-05")) {
			t.Fatalf("%s accepted %s outside the range", r.No, r.Accepted)
		}
	}
	// Sorting by the promised date, then the other way round.
	p.sortOn(supervision.ColPromise)
	asc := slices.IsSortedFunc(rowsOf(p), func(a, b *supervision.Row) int { return a.Promise.Sub(b.Promise) })
	p.sortOn(supervision.ColPromise)
	desc := slices.IsSortedFunc(rowsOf(p), func(a, b *supervision.Row) int { return b.Promise.Sub(a.Promise) })
	if !asc || !desc {
		t.Errorf("sorted by due date: ascending %v, then descending %v", asc, desc)
	}
}

// TestSupervisorShowsOpenCasesFirst: the first step lists the open cases
// and holds back the statistics, which need the finished ones.
func TestSupervisorShowsOpenCasesFirst(t *testing.T) {
	_, p := seededSupervisor(t, 400)
	all := len(p.board.Rows)
	fyne.DoAndWait(func() { p.refreshOpen(nil) })
	if p.whole || len(p.board.Rows) != p.board.Open()+p.board.Undated || len(p.board.Rows) >= all {
		t.Fatalf("first step: %d rows of %d, whole %v", len(p.board.Rows), all, p.whole)
	}
	if len(p.deptStats.rows) != 0 || !strings.Contains(p.note.Text, "正在载入") {
		t.Errorf("first step shows %d statistics rows, note %q", len(p.deptStats.rows), p.note.Text)
	}
	if len(p.chart.bars) == 0 {
		t.Error("the chart of open cases can show at once")
	}
	fyne.DoAndWait(p.refreshAll)
	if !p.whole || len(p.board.Rows) != all || len(p.deptStats.rows) == 0 || strings.Contains(p.note.Text, "正在载入") {
		t.Errorf("second step: %d rows of %d, %d statistics rows, note %q", len(p.board.Rows), all,
			len(p.deptStats.rows), p.note.Text)
	}
}

func day(t *testing.T, s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSupervisorChartExportAndNotice(t *testing.T) {
	f, p := seededSupervisor(t, 600)
	b := p.board
	// One bar per department, its segments the open cases by light.
	deps := b.Departments()
	if len(p.chart.bars) != len(deps) {
		t.Fatalf("%d bars for %d departments", len(p.chart.bars), len(deps))
	}
	var lit [calendar.Suspended + 1]int
	for _, bar := range p.chart.bars {
		for i, l := range chartLights {
			if bar.layout.values[i] != bar.counts[l] {
				t.Errorf("%s: segment %s is %d, count %d", bar.name, l, bar.layout.values[i], bar.counts[l])
			}
			lit[l] += bar.counts[l]
		}
	}
	if lit != b.Counts {
		t.Errorf("the chart adds up to %v, the counts are %v", lit, b.Counts)
	}
	// The export writes exactly the current view.
	p.filters.department.SetSelected(deps[0])
	var buf bytes.Buffer
	if err := p.writeExport(hall.AsDesk(context.Background()), &buf, p.exportView()); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(export.SheetCases)
	if len(rows) != len(rowsOf(p))+1 || rows[1][1] != rowsOf(p)[0].No || rows[1][4] != deps[0] {
		t.Errorf("exported %d rows (view %d), first %q", len(rows)-1, len(rowsOf(p)), rows[1])
	}
	about, _ := x.GetRows(export.SheetAbout)
	if !strings.Contains(fmt.Sprint(about), "部门："+deps[0]) || !strings.Contains(fmt.Sprint(about), "清河县政务服务中心") {
		t.Errorf("说明 = %v", about)
	}
	// The export button opens a save dialog (and does not crash doing so).
	test.Tap(findButton(t, p.filters.box, "导出Excel"))
	if f.win.Canvas().Overlays().Top() == nil {
		t.Error("导出Excel opened no dialog")
	}
	fyne.DoAndWait(func() { f.win.Canvas().Overlays().Top().Hide() })
	// The notice lists the overdue and nearly due cases and opens them.
	d := dueSoonDialog(f.shell, b)
	if d == nil {
		t.Fatal("no notice although cases are overdue")
	}
	fyne.DoAndWait(d.Show)
	if text := allText(f.win.Canvas().Overlays().Top()); !strings.Contains(text, "已超期") || !strings.Contains(text, "查看时限监督") {
		t.Errorf("notice text %q", text)
	}
	fyne.DoAndWait(d.Hide)
	fyne.DoAndWait(p.filters.clear)
	p.filters.setShow(supervision.ShowDueSoon)
	if want := b.DueSoon(); len(rowsOf(p)) != len(want) || rowsOf(p)[0] != want[0] {
		t.Errorf("临期及超期 shows %d rows, the notice %d", len(rowsOf(p)), len(want))
	}
	none := supervision.Evaluate(supervision.Snapshot{Calendar: b.Calendar}, b.Today, b.Settings)
	if dueSoonDialog(f.shell, none) != nil {
		t.Error("a notice with nothing due")
	}
}

func TestDeadlineSettingsRefuseBadValuesAndApply(t *testing.T) {
	f, p := seededSupervisor(t, 300)
	ctx := hall.AsDesk(context.Background())
	fyne.DoAndWait(func() { f.shell.Show(ScreenSettings) })
	// Settings are an admin's, as in the window (GuardedSettings): log one in.
	adm, err := f.desk.DB.Users().Setup(ctx, hall.NewUser{Name: "guanli", DisplayName: "赵管理", Password: demoAdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	f.shell.env.setUser(adm) // as the lock screen does after a login
	s := newDeadlineSettings(f.shell.env)
	if s.remaining.Text != "2" || s.share.Text != "80" || s.ntc.Text != "2" {
		t.Fatalf("defaults shown as %q %q %q", s.remaining.Text, s.share.Text, s.ntc.Text)
	}
	s.remaining.SetText("两天")
	s.share.SetText("120")
	s.save()
	if !strings.Contains(s.msg.Text, "剩余工作日") || !strings.Contains(s.msg.Text, "已用时限") || s.remaining.Text != "两天" {
		t.Errorf("message %q, typed text %q", s.msg.Text, s.remaining.Text)
	}
	if v, _ := f.desk.DB.Setting(ctx, supervision.SettingKey); v != "" {
		t.Errorf("bad values saved: %q", v)
	}
	s.remaining.SetText("5")
	s.share.SetText("0")
	s.ntc.SetText("10")
	s.save()
	saved, _ := f.desk.DB.Setting(ctx, supervision.SettingKey)
	set, err := supervision.ParseSettings(saved)
	if err != nil || set.YellowRemaining != 5 || set.YellowShare != 0 || set.NoticeDays != 10 {
		t.Fatalf("saved %q → %+v, %v", saved, set, err)
	}
	yellowBefore := p.board.Counts[calendar.Yellow]
	fyne.DoAndWait(func() { f.shell.Show(ScreenDeadline) })
	eventually(t, "reload with the new thresholds", func() bool { return p.board.Settings == set })
	if p.board.Counts[calendar.Yellow] < yellowBefore {
		t.Errorf("5 working days should light at least as many yellow as 2: %d < %d",
			p.board.Counts[calendar.Yellow], yellowBefore)
	}
}
