package ui

import (
	"cmp"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// chartLights are the bar segments, left to right, with their colours
// (the green, amber and red of the hall's boards; grey for suspended).
var chartLights = []struct {
	light calendar.Light
	color color.NRGBA
}{
	{calendar.Red, color.NRGBA{R: 0xd9, G: 0x3a, B: 0x3a, A: 0xff}},
	{calendar.Yellow, color.NRGBA{R: 0xf0, G: 0xb4, B: 0x29, A: 0xff}},
	{calendar.Green, color.NRGBA{R: 0x3c, G: 0xa5, B: 0x5c, A: 0xff}},
	{calendar.Suspended, color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}},
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
	for _, cl := range chartLights {
		sw := canvas.NewRectangle(cl.color)
		sw.SetMinSize(fyne.NewSize(14, 14))
		legend.Add(container.NewCenter(sw))
		legend.Add(widget.NewLabel(cl.light.String()))
	}
	objs := []fyne.CanvasObject{legend}
	c.bars = c.bars[:0]
	for _, g := range groups {
		row := &chartRow{name: g.Name, counts: g.Lights, layout: &stackedBar{max: most}}
		var rects []fyne.CanvasObject
		for _, cl := range chartLights {
			row.layout.values = append(row.layout.values, g.Lights[cl.light])
			rects = append(rects, canvas.NewRectangle(cl.color))
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
