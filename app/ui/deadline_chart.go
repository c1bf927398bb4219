package ui

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartLights are the bar segments, left to right.
var chartLights = []calendar.Light{calendar.Red, calendar.Yellow, calendar.Green, calendar.Suspended}

// lightColor is a light's own colour, the one its counter above the chart
// shows (lightImportance): the theme's success, warning and error colours,
// the grey of disabled text for suspended cases.
func lightColor(l calendar.Light) color.Color {
	name := fynetheme.ColorNameDisabled
	switch l {
	case calendar.Green:
		name = fynetheme.ColorNameSuccess
	case calendar.Yellow:
		name = fynetheme.ColorNameWarning
	case calendar.Red:
		name = fynetheme.ColorNameError
	}
	return fynetheme.Color(name)
}

// departmentChart draws the open cases of each department as one bar,
// split by light, all bars on one scale: canvas rectangles and labels.
type departmentChart struct {
	box  *fyne.Container
	bars []*chartRow // kept for tests
}

type chartRow struct {
	name   string
	counts [calendar.Suspended + 1]int
	layout *stackedBar
	rects  []*canvas.Rectangle // the segments, in chartLights order
}

func newDepartmentChart() *departmentChart {
	return &departmentChart{box: container.NewVBox()}
}

// set draws one bar per department, the most urgent first: most red, then
// most yellow, then most open cases.
func (c *departmentChart) set(groups []supervision.Stat) {
	groups = slices.Clone(groups)
	slices.SortStableFunc(groups, func(a, b supervision.Stat) int {
		return cmp.Or(cmp.Compare(b.Lights[calendar.Red], a.Lights[calendar.Red]),
			cmp.Compare(b.Lights[calendar.Yellow], a.Lights[calendar.Yellow]), cmp.Compare(b.Open, a.Open))
	})
	most := 1
	for _, g := range groups {
		most = max(most, g.Open)
	}
	legend := container.NewHBox(widget.NewLabelWithStyle(T("deadline.chart.title", "各部门在办件亮灯情况"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, l := range chartLights {
		sw := canvas.NewRectangle(lightColor(l))
		sw.SetMinSize(fyne.NewSize(14, 14))
		legend.Add(container.NewCenter(sw))
		legend.Add(widget.NewLabel(l.String()))
	}
	objs := []fyne.CanvasObject{legend}
	c.bars = c.bars[:0]
	for _, g := range groups {
		row := &chartRow{name: g.Name, counts: g.Lights, layout: &stackedBar{max: most}}
		var rects []fyne.CanvasObject
		for _, l := range chartLights {
			row.layout.values = append(row.layout.values, g.Lights[l])
			r := canvas.NewRectangle(lightColor(l))
			row.rects = append(row.rects, r)
			rects = append(rects, r)
		}
		c.bars = append(c.bars, row)
		name := widget.NewLabel(g.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		total := widget.NewLabel(T("deadline.chart.bar", "{{.Open}} 件（红灯 {{.Red}}）",
			map[string]any{"Open": g.Open, "Red": g.Lights[calendar.Red]}))
		objs = append(objs, container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(240, name.MinSize().Height), name),
			container.NewGridWrap(fyne.NewSize(130, total.MinSize().Height), total),
			container.New(row.layout, rects...)))
	}
	c.box.Objects = objs
	c.box.Refresh()
}

// stackedBar lays its rectangles side by side, each as wide as its value
// on a scale where max fills the width.
type stackedBar struct {
	values []int
	max    int
}

func (s *stackedBar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	h := size.Height * 0.6
	for i, o := range objs {
		w := float32(0)
		if i < len(s.values) && s.max > 0 {
			w = size.Width * float32(s.values[i]) / float32(s.max)
		}
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w
	}
}

func (s *stackedBar) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(120, 24) }

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
