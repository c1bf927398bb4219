package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	apptheme "yichuang/app/theme"
	"yichuang/hall"
	"yichuang/hall/report"
)

// TestOverdueReasonFromTheScreen: selecting a red row on 时限监督 opens the
// 超期原因 dialog; an empty reason is named, a written one is stored on the
// case and the 月度报告 tab's overdue list shows it.
// With YICHUANG_SHOTS=DIR it saves the dialog as DIR/deadline-reason.png.
func TestOverdueReasonFromTheScreen(t *testing.T) {
	f, p := seededSupervisor(t, 300)
	row := -1
	for i, r := range p.view.rows {
		// Overdue already at the end of its month, so that month's report lists it.
		if r.Late && !r.Promise.IsZero() && r.Promise.Before(report.MonthOf(r.Accepted).Last()) {
			row = i
			break
		}
	}
	if row < 0 {
		t.Fatal("the seeded desk has no case overdue at the end of its month")
	}
	no := p.view.rows[row].No
	fyne.DoAndWait(func() { p.table.Select(widget.TableCellID{Row: row, Col: 2}) })
	eventually(t, "the 超期原因 dialog", func() bool { return p.reasonForm != nil })
	form := p.reasonForm
	if dir := os.Getenv("YICHUANG_SHOTS"); dir != "" {
		fyne.DoAndWait(func() { fyne.CurrentApp().Settings().SetTheme(apptheme.New()) })
		test.Type(form.entry, "申请人两次改约现场核查时间")
		out, err := os.Create(filepath.Join(dir, "deadline-reason.png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(out, f.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		out.Close()
		fyne.DoAndWait(func() { form.entry.SetText("") })
	}
	test.Tap(form.save)
	if !strings.Contains(form.msg.Text, "请填写超期原因") {
		t.Errorf("an empty reason: message %q", form.msg.Text)
	}
	fyne.DoAndWait(func() { form.entry.SetText("申请人两次改约现场核查时间") })
	test.Tap(form.save)
	ctx := hall.AsDesk(context.Background())
	eventually(t, "the stored reason", func() bool {
		m, err := f.desk.DB.Cases().OverdueReasons(ctx, []string{no})
		return err == nil && m[no] == "申请人两次改约现场核查时间"
	})
	// The monthly report of the case's month lists it with its reason.
	m := p.monthly
	fyne.DoAndWait(func() { p.tabs.SelectIndex(len(p.tabs.Items) - 1) })
	month := p.view.rows[row].Accepted.String()[:7]
	fyne.DoAndWait(func() { m.month.SetSelected(month) })
	eventually(t, "the reason in the report", func() bool {
		if m.report == nil || m.report.This.Month.String() != month {
			return false
		}
		for i, o := range m.report.This.Overdue {
			if o.Row.No == no {
				// The tab lists the first 20 (the longest overdue).
				return o.Reason == "申请人两次改约现场核查时间" &&
					(i >= 20 || strings.Contains(m.overdue.Text, no+"　") && strings.Contains(m.overdue.Text, "超期原因：申请人两次改约现场核查时间"))
			}
		}
		return false
	})
}
