package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// Sheet names of the monthly report, in the workbook's order.
const (
	SheetMonthSummary = "月报概要"
	SheetMonthDepts   = "按部门"
	SheetMonthItems   = "按事项"
	SheetMonthClerks  = "按窗口人员"
	SheetMonthOverdue = "超期办件"
	SheetMonthRatings = "好差评"
	SheetMonthAbout   = "口径说明"
)

// NoRatings is what the report says while the desk records no 好差评.
const NoRatings = report.NoRatings

// NoExtensions is what it says of 延期, which the desk does not record yet.
const NoExtensions = report.NoExtensions

// WriteMonthly writes the monthly report r as an .xlsx workbook to w: the
// summary with the previous month beside it, the figures by department, by
// item and by clerk, the overdue cases, 好差评 and the definitions.
func WriteMonthly(w io.Writer, r report.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("monthly styles: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetMonthSummary); err != nil {
		return err
	}
	steps := []struct {
		sheet string
		write func(*excelize.File, styles, report.Report) error
	}{
		{SheetMonthSummary, writeMonthSummary},
		{SheetMonthDepts, groupSheet("部门", report.Departments)},
		{SheetMonthItems, groupSheet("事项", report.Items)},
		{SheetMonthClerks, groupSheet("窗口人员", report.Clerks)},
		{SheetMonthOverdue, writeMonthOverdue},
		{SheetMonthRatings, writeMonthRatings},
		{SheetMonthAbout, writeMonthAbout},
	}
	for i, s := range steps {
		if i > 0 {
			if _, err := f.NewSheet(s.sheet); err != nil {
				return err
			}
		}
		if err := s.write(f, st, r); err != nil {
			return fmt.Errorf("monthly %s: %w", s.sheet, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("monthly write: %w", err)
	}
	return nil
}

// rows writes values from A1 down, the first row as a header; an
// excelize.Cell gives its value and style (the sheet is small, so it is
// written cell by cell rather than streamed).
func rows(f *excelize.File, st styles, sheet string, values [][]any, widths ...float64) error {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	for i, v := range values {
		if i == 0 {
			v = header(st, toStrings(v))
		}
		for j, x := range v {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			style := 0
			if c, ok := x.(excelize.Cell); ok {
				x, style = c.Value, c.StyleID
			}
			if err := f.SetCellValue(sheet, cell, x); err != nil {
				return err
			}
			if style != 0 {
				if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func toStrings(v []any) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = fmt.Sprint(x)
	}
	return out
}

func pct(st styles, v float64) excelize.Cell { return excelize.Cell{StyleID: st.percent, Value: v} }
func dec(st styles, v float64) excelize.Cell { return excelize.Cell{StyleID: st.decimal, Value: v} }

func writeMonthSummary(f *excelize.File, st styles, r report.Report) error {
	t, p := r.This, r.Previous
	a, b := t.Total, p.Total
	values := [][]any{
		{"指标", "本月（" + t.Month.String() + "）", "上月（" + p.Month.String() + "）", "较上月"},
		{"受理办件量", a.Cases, b.Cases, a.Cases - b.Cases},
		{"办结件数", a.Finished, b.Finished, a.Finished - b.Finished},
		{"在办件数", a.Open, b.Open, a.Open - b.Open},
		{"按时办结率", pct(st, a.OnTimeRate()), pct(st, b.OnTimeRate()), pct(st, a.OnTimeRate()-b.OnTimeRate())},
		{"提前办结率", pct(st, a.EarlyRate()), pct(st, b.EarlyRate()), pct(st, a.EarlyRate()-b.EarlyRate())},
		{"超期件数", a.Overdue, b.Overdue, a.Overdue - b.Overdue},
		{"平均办理工作日", dec(st, a.AvgDays()), dec(st, b.AvgDays()), dec(st, a.AvgDays()-b.AvgDays())},
		{"即办件占比", pct(st, a.InstantShare()), pct(st, b.InstantShare()), pct(st, a.InstantShare()-b.InstantShare())},
		{"挂起次数（补正、特别程序）", t.Stops, p.Stops, t.Stops - p.Stops},
		{"延期件数", NoExtensions, NoExtensions, ""},
		{"好差评", t.RatingText(), p.RatingText(), ""},
		{"统计截至", excelDate(t.Cutoff), excelDate(p.Cutoff), ""},
	}
	if err := rows(f, st, SheetMonthSummary, values, 26, 18, 18, 12); err != nil {
		return err
	}
	if r.Hall != "" {
		if err := f.SetCellValue(SheetMonthSummary, "F1", r.Hall); err != nil {
			return err
		}
	}
	last := len(values)
	cells := fmt.Sprintf("B%d", last)
	return f.SetCellStyle(SheetMonthSummary, cells, fmt.Sprintf("C%d", last), st.date)
}

// groupSheet writes one breakdown: this month's figures for each group and
// the previous month's volume and on-time rate beside them.
func groupSheet(by string, pick func(report.Period) []supervision.Stat) func(*excelize.File, styles, report.Report) error {
	return func(f *excelize.File, st styles, r report.Report) error {
		values := [][]any{{by, "受理办件量", "办结件数", "在办件数", "按时办结率", "提前办结率", "超期件数", "平均办理工作日",
			"即办件占比", "上月办件量", "上月按时办结率"}}
		for _, l := range r.Breakdown(pick) {
			g, pg := l.This, l.Previous
			pc, pr := any(nil), any(nil)
			if l.Had {
				pc, pr = pg.Cases, pct(st, pg.OnTimeRate())
			}
			values = append(values, []any{l.Name, g.Cases, g.Finished, g.Open, pct(st, g.OnTimeRate()),
				pct(st, g.EarlyRate()), g.Overdue, dec(st, g.AvgDays()), pct(st, g.InstantShare()), pc, pr})
		}
		sheet := map[string]string{"部门": SheetMonthDepts, "事项": SheetMonthItems, "窗口人员": SheetMonthClerks}[by]
		return rows(f, st, sheet, values, 34, 11, 10, 10, 11, 11, 10, 14, 11, 11, 14)
	}
}

func writeMonthOverdue(f *excelize.File, st styles, r report.Report) error {
	values := [][]any{{"办件编号", "事项编码", "事项名称", "部门", "窗口人员", "受理日期", "承诺办结日期", "办结日期",
		"超期工作日", "挂起次数", "超期原因"}}
	for _, o := range r.This.Overdue {
		fin := any("在办")
		if !o.Row.Open() {
			fin = excelize.Cell{StyleID: st.date, Value: excelDate(o.Row.Finished)}
		}
		values = append(values, []any{o.Row.No, o.Row.ItemCode, o.Row.ItemName, o.Row.Department, o.Row.Clerk,
			excelize.Cell{StyleID: st.date, Value: excelDate(o.Row.Accepted)},
			excelize.Cell{StyleID: st.date, Value: excelDate(o.Row.Promise)}, fin, o.Days, o.Stops, o.ReasonText()})
	}
	if len(values) == 1 {
		values = append(values, []any{"本月无超期办件"})
	}
	return rows(f, st, SheetMonthOverdue, values, 26, 14, 30, 22, 10, 12, 13, 12, 10, 9, 20)
}

func writeMonthRatings(f *excelize.File, st styles, r report.Report) error {
	p := r.This
	values := [][]any{{"好差评（国办发〔2019〕51号）", r.This.Month.String()}}
	if p.Ratings.Count == 0 {
		return rows(f, st, SheetMonthRatings, append(values, []any{NoRatings}), 40)
	}
	values = append(values, []any{"分组", "名称", "评价次数", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "好评率", "平均分"})
	add := func(group string, s supervision.RatingStat) {
		values = append(values, []any{group, s.Name, s.Count, s.ByLevel[0], s.ByLevel[1], s.ByLevel[2], s.ByLevel[3],
			s.ByLevel[4], pct(st, s.GoodRate()), dec(st, s.AvgScore())})
	}
	for _, s := range p.RatingsDepartments {
		add("部门", s)
	}
	for _, s := range p.RatingsClerks {
		add("窗口人员", s)
	}
	add("合计", p.Ratings)
	if len(p.Bad) > 0 {
		values = append(values, []any{}, []any{"差评", "办件编号", "评价", "环节", "部门", "窗口人员", "原因"})
		for _, b := range p.Bad {
			values = append(values, []any{"", b.CaseNo, string(b.Level), string(b.Stage), b.Department, b.Clerk, b.ReasonText()})
		}
	}
	return rows(f, st, SheetMonthRatings, values, 14, 26, 10, 10, 10, 10, 10, 12, 10, 10)
}

func writeMonthAbout(f *excelize.File, st styles, r report.Report) error {
	values := [][]any{{"项目", "口径"}}
	for _, m := range report.Method(r) {
		values = append(values, []any{m[0], m[1]})
	}
	return rows(f, st, SheetMonthAbout, values, 16, 100)
}
