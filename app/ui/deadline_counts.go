package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// showWarning says which due dates are only provisional: a year without a
// holiday table is never silently counted as if it were final.
func (p *deadlinePage) showWarning(b *supervision.Board) {
	var parts []string
	if len(b.Uncovered) > 0 {
		years := make([]string, len(b.Uncovered))
		for i, y := range b.Uncovered {
			years[i] = fmt.Sprint(y)
		}
		parts = append(parts, T("deadline.uncovered",
			"注意：{{.Years}}年的法定节假日安排尚未收录，涉及的到期日期按法定节日（元旦、春节、清明、劳动节、端午、中秋、国庆）推算，尚未计入调休，为暂定日期，收到平台下发的日历后会自动重算。",
			map[string]any{"Years": strings.Join(years, "、")}))
	}
	if b.Provisional > 0 {
		parts = append(parts, T("deadline.provisional", "{{.N}} 件在办件的到期日期为暂定（标“暂定”）。",
			map[string]any{"N": b.Provisional}))
	}
	if b.Undated > 0 {
		parts = append(parts, T("deadline.undated", "{{.N}} 件已受理的办件没有承诺办结日期，未计入亮灯，请核对。",
			map[string]any{"N": b.Undated}))
	}
	p.warn.SetText(strings.Join(parts, ""))
	if len(parts) == 0 {
		p.warn.Hide()
	} else {
		p.warn.Show()
	}
}

// lightImportance colours a light the way the hall's boards do.
func lightImportance(l calendar.Light) widget.Importance {
	switch l {
	case calendar.Green:
		return widget.SuccessImportance
	case calendar.Yellow:
		return widget.WarningImportance
	case calendar.Red:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// showCounts shows the open cases by light; a count filters the list to it.
func (p *deadlinePage) showCounts(b *supervision.Board) {
	p.counts.Objects = nil
	for _, l := range []calendar.Light{calendar.Green, calendar.Yellow, calendar.Red, calendar.Suspended} {
		l := l
		btn := widget.NewButton(T("deadline.count", "{{.Light}}　{{.N}} 件", map[string]any{"Light": l.String(), "N": b.Counts[l]}), func() {
			p.filters.setShow(supervision.ShowOf(l))
		})
		btn.Importance = lightImportance(l)
		p.counts.Add(btn)
	}
	waiting := widget.NewLabelWithStyle(T("deadline.waiting", "待受理　{{.N}} 件", map[string]any{"N": b.Waiting}),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.counts.Add(waiting)
	p.counts.Refresh()
}
