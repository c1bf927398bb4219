package documents

import (
	"cmp"
	"fmt"
	"strconv"
	"time"

	"yichuang/hall"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// RenderMonthly writes the monthly report r (月度报告) as a PDF: the summary
// with the month before beside it, two bar charts by department (按时办结率
// and 办件量, this month and the last), the figures by department, item and
// clerk, the overdue cases and the definitions. The figures are formatted
// as the 月度报告 tab formats them, so the page says what the screen says.
func RenderMonthly(r report.Report, at time.Time) ([]byte, error) {
	title := r.This.Month.String() + " 月度报告"
	w, err := newWriter(title, at)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成月度报告")
	}
	w.header = r.Hall + " " + title
	if r.Hall != "" {
		w.centered(r.Hall, 13)
		w.gap(2)
	}
	w.centered(fmt.Sprintf("%d年%d月 政务服务办件时限监督月度报告", r.This.Month.Year, int(r.This.Month.Month)), 18)
	w.gap(2)
	w.centered("统计截至 "+r.This.Cutoff.String()+" · 本月受理的办件，按统计截至日所处状态统计；右列为上月", 9)
	w.gap(8)
	w.monthSummary(r)
	w.gap(14)
	w.chart("各部门按时办结率", r, func(s supervision.Stat) float64 { return s.OnTimeRate() }, 1, nil)
	w.gap(10)
	most := 0.0
	for _, d := range append(append([]supervision.Stat(nil), r.This.Departments...), r.Previous.Departments...) {
		most = max(most, float64(d.Cases))
	}
	w.chart("各部门受理办件量", r, func(s supervision.Stat) float64 { return float64(s.Cases) }, most,
		func(v float64) string { return strconv.Itoa(int(v)) })
	w.breakdown("按部门", "部门", r.Breakdown(report.Departments))
	w.breakdown("按事项", "事项", r.Breakdown(report.Items))
	w.breakdown("按窗口人员", "窗口人员", r.Breakdown(report.Clerks))
	w.ratings(r.This)
	w.overdueList(r)
	w.about(r)
	b, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成月度报告")
	}
	return b, nil
}

// Pct formats a rate as the report and the 月度报告 tab print it.
func Pct(v float64) string { return fmt.Sprintf("%.2f%%", v*100) }

// Rate formats a rate over n cases; with none there is no rate, and the
// report prints "—" rather than a 0.00% that reads as a failure.
func Rate(v float64, n int) string {
	if n == 0 {
		return "—"
	}
	return Pct(v)
}

// MonthlyLines are the summary's rows (指标, 本月, 上月, 较上月) as the
// report prints them; the 月度报告 tab shows the same rows.
func MonthlyLines(r report.Report) [][4]string {
	a, b := r.This.Total, r.Previous.Total
	return [][4]string{
		{"指标", "本月（" + r.This.Month.String() + "）", "上月（" + r.Previous.Month.String() + "）", "较上月"},
		{"受理办件量", fmt.Sprint(a.Cases), fmt.Sprint(b.Cases), fmt.Sprintf("%+d", a.Cases-b.Cases)},
		{"办结件数", fmt.Sprint(a.Finished), fmt.Sprint(b.Finished), fmt.Sprintf("%+d", a.Finished-b.Finished)},
		{"按时办结率", Pct(a.OnTimeRate()), Pct(b.OnTimeRate()), fmt.Sprintf("%+.2f个百分点", (a.OnTimeRate()-b.OnTimeRate())*100)},
		{"提前办结率", Pct(a.EarlyRate()), Pct(b.EarlyRate()), fmt.Sprintf("%+.2f个百分点", (a.EarlyRate()-b.EarlyRate())*100)},
		{"超期件数", fmt.Sprint(a.Overdue), fmt.Sprint(b.Overdue), fmt.Sprintf("%+d", a.Overdue-b.Overdue)},
		{"平均办理工作日", fmt.Sprintf("%.1f", a.AvgDays()), fmt.Sprintf("%.1f", b.AvgDays()), ""},
		{"即办件占比", Pct(a.InstantShare()), Pct(b.InstantShare()), ""},
		{"挂起次数（补正、特别程序）", fmt.Sprint(r.This.Stops), fmt.Sprint(r.Previous.Stops), ""},
		{"延期件数", report.NoExtensions, "", ""},
		{"好差评", r.This.RatingText(), r.Previous.RatingText(), ""},
	}
}

func (w *writer) monthSummary(r report.Report) {
	lines := MonthlyLines(r)
	rows := make([][]string, 0, len(lines)-1)
	for _, l := range lines[1:] {
		rows = append(rows, l[:])
	}
	w.table([]float64{150, 110, 110, contentW - 370}, lines[0][:], rows, 10, 0)
}

func (w *writer) heading(title string) {
	w.gap(10)
	w.ensure(60)
	w.setSize(13)
	w.at(margin, w.y, w.printable(title))
	w.y += w.lineH() + 2
}

// Colours of the charts: this month, the month before.
var (
	thisColor = [3]uint8{46, 109, 180}
	prevColor = [3]uint8{176, 186, 198}
)

// chart draws one horizontal bar per department: this month's value as a
// thick bar, last month's as a thin grey one beneath it, scaled to full.
// A nil label means the value is a rate of the finished cases: a group
// with none finished gets no bar and says so.
func (w *writer) chart(title string, r report.Report, value func(supervision.Stat) float64, full float64, label func(float64) string) {
	const (
		labelW = 150.0
		valueW = 64.0
		barH   = 9.0
		prevH  = 4.0
		rowH   = barH + prevH + 7
	)
	prev := map[string]supervision.Stat{}
	for _, d := range r.Previous.Departments {
		prev[d.Name] = d
	}
	w.heading(title)
	w.legend(r)
	areaX, areaW := margin+labelW, contentW-labelW-valueW
	scale := func(v float64) float64 {
		if full <= 0 {
			return 0
		}
		return min(1, v/full) * areaW
	}
	depts := r.This.Departments
	if len(depts) == 0 {
		w.para("本月无受理办件。", 10, 0)
		return
	}
	axisTop := w.y
	for _, d := range depts {
		if w.ensure(rowH) {
			w.legend(r)
			axisTop = w.y
		}
		name := cmp.Or(d.Name, report.NoName)
		w.setSize(9)
		shown := name
		if lines := w.split(name, labelW-8); len(lines) > 1 {
			// A long name is cut with an ellipsis: the tables below print it whole.
			shown = w.split(name, labelW-16)[0] + "…"
		}
		w.at(margin, w.y+1, shown)
		v, text := value(d), ""
		if label == nil {
			text = Rate(v, d.Finished)
			if d.Finished == 0 {
				text = "本月无办结件"
			}
		} else {
			text = label(v)
		}
		w.pdf.SetFillColor(thisColor[0], thisColor[1], thisColor[2])
		if bw := scale(v); bw > 0 {
			w.pdf.RectFromUpperLeftWithStyle(areaX, w.y, bw, barH, "F")
		}
		w.setSize(8)
		w.at(areaX+scale(v)+3, w.y+0.5, text)
		if p, ok := prev[d.Name]; ok && (label != nil || p.Finished > 0) {
			pv := value(p)
			w.pdf.SetFillColor(prevColor[0], prevColor[1], prevColor[2])
			if bw := scale(pv); bw > 0 {
				w.pdf.RectFromUpperLeftWithStyle(areaX, w.y+barH+1, bw, prevH, "F")
			}
		}
		w.y += rowH
		w.axis(areaX, axisTop, w.y)
	}
	w.pdf.SetFillColor(255, 255, 255)
}

// axis draws the chart's zero line from top to bottom.
func (w *writer) axis(x, top, bottom float64) {
	w.pdf.SetLineWidth(0.6)
	w.pdf.SetStrokeColor(90, 90, 90)
	w.pdf.Line(x, top-2, x, bottom-4)
	w.pdf.SetStrokeColor(0, 0, 0)
}

// legend names the two bars' colours.
func (w *writer) legend(r report.Report) {
	w.setSize(8)
	x := margin
	for _, l := range []struct {
		c    [3]uint8
		text string
	}{{thisColor, "本月（" + r.This.Month.String() + "）"}, {prevColor, "上月（" + r.Previous.Month.String() + "）"}} {
		w.pdf.SetFillColor(l.c[0], l.c[1], l.c[2])
		w.pdf.RectFromUpperLeftWithStyle(x, w.y+2, 10, 7, "F")
		w.at(x+13, w.y, l.text)
		tw := w.width(l.text)
		x += 13 + tw + 16
	}
	w.pdf.SetFillColor(255, 255, 255)
	w.y += 14
}

// breakdown prints one table of figures by group, the month before's
// volume and on-time rate beside each, and the total last.
func (w *writer) breakdown(title, by string, lines []report.GroupLine) {
	w.heading(title)
	var rows [][]string
	for _, l := range lines {
		g, pg := l.This, l.Previous
		pc, pr := "—", "—"
		if l.Had {
			pc, pr = strconv.Itoa(pg.Cases), Rate(pg.OnTimeRate(), pg.Finished)
		}
		rows = append(rows, []string{l.Name, strconv.Itoa(g.Cases), strconv.Itoa(g.Finished), Rate(g.OnTimeRate(), g.Finished),
			Rate(g.EarlyRate(), g.Finished), strconv.Itoa(g.Overdue), avgDays(g), Pct(g.InstantShare()), pc, pr})
	}
	w.table([]float64{contentW - 372, 34, 34, 44, 44, 34, 36, 44, 42, 60},
		[]string{by, "受理", "办结", "按时办结率", "提前办结率", "超期", "平均工作日", "即办件占比", "上月受理", "上月按时办结率"},
		rows, 7.5, 0)
}

// ratings prints the month's 好差评 by department and by clerk, and its 差评
// with their reasons; nothing in a month without ratings (the summary says
// so).
func (w *writer) ratings(p report.Period) {
	if p.Ratings.Count == 0 {
		return
	}
	w.heading("好差评")
	var rows [][]string
	add := func(group string, s supervision.RatingStat) {
		s.Name = cmp.Or(s.Name, report.NoName)
		rows = append(rows, []string{group, s.Name, strconv.Itoa(s.Count), strconv.Itoa(s.ByLevel[0]),
			strconv.Itoa(s.ByLevel[1]), strconv.Itoa(s.ByLevel[2]), strconv.Itoa(s.ByLevel[3]), strconv.Itoa(s.ByLevel[4]),
			Pct(s.GoodRate()), fmt.Sprintf("%.2f", s.AvgScore())})
	}
	for _, s := range p.RatingsDepartments {
		add("部门", s)
	}
	for _, s := range p.RatingsClerks {
		add("窗口人员", s)
	}
	add("", p.Ratings)
	w.table([]float64{44, contentW - 404, 36, 44, 36, 44, 40, 52, 48, 60},
		[]string{"分组", "名称", "评价", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "好评率", "平均分（5分）"}, rows, 7.5, 0)
	if len(p.Bad) == 0 {
		return
	}
	w.heading("差评（须整改回访）")
	rows = nil
	for _, b := range p.Bad {
		rows = append(rows, []string{b.CaseNo, string(b.Level), string(b.Stage), b.Department, b.Clerk, b.ReasonText()})
	}
	w.table([]float64{110, 52, 30, 90, 50, contentW - 332}, []string{"办件编号", "评价", "环节", "部门", "窗口人员", "原因"}, rows, 7.5, 0)
}

// overdueList prints the month's overdue cases, the longest overdue first.
func (w *writer) overdueList(r report.Report) {
	w.heading(fmt.Sprintf("超期办件（%d件）", len(r.This.Overdue)))
	if len(r.This.Overdue) == 0 {
		w.para("本月无超期办件。", 10, 0)
		return
	}
	var rows [][]string
	for _, o := range r.This.Overdue {
		fin := "在办"
		if !o.Row.Open() {
			fin = o.Row.Finished.String()
		}
		rows = append(rows, []string{o.Row.No, o.Row.ItemName, o.Row.Department, o.Row.Clerk, o.Row.Accepted.String(),
			o.Row.Promise.String(), fin, strconv.Itoa(o.Days), strconv.Itoa(o.Stops), o.ReasonText()})
	}
	w.table([]float64{78, 72, 58, 34, 46, 46, 46, 26, 26, contentW - 432},
		[]string{"办件编号", "事项", "部门", "窗口人员", "受理日期", "承诺办结", "办结日期", "超期工作日", "挂起次数", "超期原因"},
		rows, 7, 0)
}

func (w *writer) about(r report.Report) {
	w.heading("口径说明")
	var rows [][]string
	for _, m := range report.Method(r) {
		rows = append(rows, []string{m[0], m[1]})
	}
	w.table([]float64{90, contentW - 90}, nil, rows, 9, 0)
}

// avgDays is the average working days of the finished cases; "—" when none
// is finished, as the screen says.
func avgDays(s supervision.Stat) string {
	if s.Finished == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", s.AvgDays())
}
