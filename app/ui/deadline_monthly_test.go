package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	apptheme "yichuang/app/theme"
	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// TestMonthlyTabEqualsTheCaseList: the 月度报告 tab of a seeded desk shows,
// for the month running on the seed's day, the statistics the screen
// itself counts for cases accepted from the 1st; February beside it.
// With YICHUANG_SHOTS=DIR it also saves the tab as DIR/deadline-monthly.png.
func TestMonthlyTabEqualsTheCaseList(t *testing.T) {
	f, p := seededSupervisor(t, 400)
	m := p.monthly
	fyne.DoAndWait(func() { p.tabs.SelectIndex(len(p.tabs.Items) - 1) })
	if m.month.Selected != "2026-05" || m.month.Options[0] != "2026-06" {
		t.Fatalf("month picker: %q of %v, want the month just ended", m.month.Selected, m.month.Options)
	}
	eventually(t, "the May report", func() bool { return m.report != nil && m.report.This.Month.String() == "2026-05" })
	fyne.DoAndWait(func() { m.month.SetSelected("2026-06") })
	eventually(t, "the June report", func() bool { return m.report != nil && m.report.This.Month.String() == "2026-06" })
	today := calendar.HallDate(supervisorToday)
	rows := p.board.Select(supervision.Filter{From: report.Month{Year: 2026, Month: 6}.First(), To: today})
	deps, total := supervision.ByDepartment(rows)
	r := m.report
	if total.Cases == 0 || !reflect.DeepEqual(r.This.Total, total) || !reflect.DeepEqual(r.This.Departments, deps) {
		t.Errorf("tab %+v, case list %+v", r.This.Total, total)
	}
	var cells []string
	for _, o := range m.figures.Objects {
		cells = append(cells, o.(*widget.Label).Text)
	}
	text := strings.Join(cells, "|")
	for _, want := range []string{"本月（2026-06）|上月（2026-05）", "受理办件量|" + strconv.Itoa(total.Cases) + "|", "好差评|暂无评价数据"} {
		if !strings.Contains(text, want) {
			t.Errorf("figures lack %q: %s", want, text)
		}
	}
	if !strings.Contains(m.overdue.Text, "本月超期办件 "+strconv.Itoa(total.Overdue)+" 件") || m.save.Disabled() {
		t.Errorf("overdue %q, save disabled %v", m.overdue.Text, m.save.Disabled())
	}
	if dir := os.Getenv("YICHUANG_SHOTS"); dir != "" {
		// The window's own theme, so the bundled Chinese font is drawn.
		fyne.DoAndWait(func() { fyne.CurrentApp().Settings().SetTheme(apptheme.New()) })
		out, err := os.Create(filepath.Join(dir, "deadline-monthly.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := png.Encode(out, f.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
}
