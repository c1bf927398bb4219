package export

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// DeadlineView is the supervisor's current view: the filtered and sorted
// cases and the statistics over them, as the screen shows them.
type DeadlineView struct {
	Hall        string        // e.g. 清河县政务服务中心
	Today       calendar.Date // the day the lights were counted on
	Filter      string        // the filters in words, e.g. "部门：县民政局；亮灯：红灯"
	Settings    supervision.Settings
	Rows        []*supervision.Row
	Departments []supervision.Stat
	Clerks      []supervision.Stat
	Items       []supervision.Stat
	// Halls and Desks: by hall and by window, written when the view spans
	// more than this desk (本大厅, 下辖; docs/adr/0020).
	Halls, Desks []supervision.Stat
	Total        supervision.Stat
	Uncovered    []int // years without a holiday table the open cases run into
}

// Sheet names, in the workbook's order.
const (
	SheetCases       = "办件清单"
	SheetDepartments = "部门统计"
	SheetClerks      = "人员统计"
	SheetItems       = "事项统计"
	SheetHalls       = "大厅统计"
	SheetDesks       = "窗口统计"
	SheetAbout       = "说明"
)

// WriteDeadlines writes v as an .xlsx workbook to w: the case list (one row
// per case, streamed, so 100,000 rows fit in little memory), the statistics
// by department and by clerk, and a sheet that says what the file shows.
func WriteDeadlines(w io.Writer, v DeadlineView) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("export styles: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetCases); err != nil {
		return err
	}
	if err := writeCases(f, st, v.Rows); err != nil {
		return fmt.Errorf("export cases: %w", err)
	}
	for _, s := range []struct {
		name, by string
		rows     []supervision.Stat
	}{{SheetDepartments, "部门", v.Departments}, {SheetClerks, "窗口人员", v.Clerks}, {SheetItems, "事项（编码）", v.Items},
		{SheetHalls, "大厅", v.Halls}, {SheetDesks, "窗口", v.Desks}} {
		if s.rows == nil && (s.name == SheetHalls || s.name == SheetDesks) {
			continue // one desk's view: no hall or window to compare
		}
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		if err := writeStats(f, st, s.name, s.by, s.rows, v.Total); err != nil {
			return fmt.Errorf("export %s: %w", s.name, err)
		}
	}
	if _, err := f.NewSheet(SheetAbout); err != nil {
		return err
	}
	if err := writeAbout(f, st, v); err != nil {
		return fmt.Errorf("export about: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export write: %w", err)
	}
	return nil
}

// excelDate is d as Excel counts dates: midnight UTC, since excelize turns
// a time into a serial number by its instant, and midnight in the hall's
// zone would land on the day before.
func excelDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// styles are the workbook's cell styles.
type styles struct {
	header, date, percent, decimal int
	light                          [calendar.Suspended + 1]int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	dateFmt, decFmt := "yyyy-mm-dd", "0.0"
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return s, err
	}
	if s.percent, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil { // 0.00%
		return s, err
	}
	if s.decimal, err = f.NewStyle(&excelize.Style{CustomNumFmt: &decFmt}); err != nil {
		return s, err
	}
	for l, color := range map[calendar.Light]string{calendar.Green: "C6EFCE", calendar.Yellow: "FFEB9C",
		calendar.Red: "FFC7CE", calendar.Suspended: "D9D9D9"} {
		if s.light[l], err = f.NewStyle(&excelize.Style{
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}); err != nil {
			return s, err
		}
	}
	return s, nil
}

var caseHeaders = []string{"亮灯", "办件编号", "事项编码", "事项名称", "部门", "窗口人员", "状态", "受理日期", "承诺时限",
	"承诺办结日期", "剩余工作日", "法定办结日期", "办结日期", "是否超期", "日期暂定"}

var caseWidths = []float64{8, 26, 16, 34, 22, 10, 9, 12, 11, 13, 10, 13, 12, 9, 9}

func header(s styles, titles []string) []any {
	out := make([]any, len(titles))
	for i, t := range titles {
		out[i] = excelize.Cell{StyleID: s.header, Value: t}
	}
	return out
}

func writeCases(f *excelize.File, s styles, rows []*supervision.Row) error {
	sw, err := f.NewStreamWriter(SheetCases)
	if err != nil {
		return err
	}
	for i, w := range caseWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header(s, caseHeaders)); err != nil {
		return err
	}
	date := func(d calendar.Date) any {
		if d.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: s.date, Value: excelDate(d)}
	}
	values := make([]any, len(caseHeaders))
	for i, r := range rows {
		light := any(nil)
		if r.Light != 0 {
			light = excelize.Cell{StyleID: s.light[r.Light], Value: r.Light.String()}
		}
		left := any(nil)
		if r.Open() && !r.Promise.IsZero() {
			left = r.Left
		}
		values = append(values[:0], light, r.No, r.ItemCode, r.ItemName, r.Department, r.Clerk, string(r.State),
			date(r.Accepted), r.PromiseLimit.String(), date(r.Promise), left, date(r.Legal), date(r.Finished),
			yes(r.Late), yes(r.Open() && (r.PromiseTentative || r.LegalTentative)))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	// The filter goes into the sheet the stream writer holds, so it must be
	// set before Flush: after it excelize keeps only the hidden defined name
	// and the sheet has no filter buttons.
	last, _ := excelize.CoordinatesToCellName(len(caseHeaders), len(rows)+1)
	if err := f.AutoFilter(SheetCases, "A1:"+last, nil); err != nil {
		return err
	}
	return sw.Flush()
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

var statHeaders = []string{"", "受理件数", "在办", "办结", "按时办结率", "提前办结率", "超期件数", "平均办理工作日", "即办件占比",
	"绿灯", "黄灯", "红灯", "挂起"}

func writeStats(f *excelize.File, s styles, sheet, by string, groups []supervision.Stat, total supervision.Stat) error {
	titles := append([]string{by}, statHeaders[1:]...)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 24); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, len(titles), 12); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header(s, titles)); err != nil {
		return err
	}
	for i, g := range append(groups, total) {
		name := cmp.Or(g.Name, report.NoName)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{name, g.Cases, g.Open, g.Finished,
			excelize.Cell{StyleID: s.percent, Value: g.OnTimeRate()},
			excelize.Cell{StyleID: s.percent, Value: g.EarlyRate()}, g.Overdue,
			excelize.Cell{StyleID: s.decimal, Value: g.AvgDays()},
			excelize.Cell{StyleID: s.percent, Value: g.InstantShare()},
			g.Lights[calendar.Green], g.Lights[calendar.Yellow], g.Lights[calendar.Red], g.Lights[calendar.Suspended]}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func writeAbout(f *excelize.File, s styles, v DeadlineView) error {
	filter := v.Filter
	if filter == "" {
		filter = "无（全部已受理办件）"
	}
	rule := fmt.Sprintf("按承诺办结日期亮灯：已过期为红灯；剩余不超过%d个工作日、到期当日或已用时限达%.0f%%为黄灯；其余为绿灯；特别程序等挂起期间为挂起。",
		v.Settings.YellowRemaining, v.Settings.YellowShare*100)
	lines := [][]any{
		{"大厅", v.Hall},
		{"统计日", excelDate(v.Today)},
		{"筛选条件", filter},
		{"办件数", len(v.Rows)},
		{"亮灯规则", rule},
		{"计算依据", "工作日不含法定节假日，含调休上班日；受理当日不计；补正、特别程序期间不计（行政许可法第四十五条）；期限末日为休息日的顺延至下一工作日。"},
	}
	if len(v.Uncovered) > 0 {
		years := make([]string, len(v.Uncovered))
		for i, y := range v.Uncovered {
			years[i] = fmt.Sprint(y)
		}
		lines = append(lines, []any{"注意", strings.Join(years, "、") +
			"年的法定节假日安排尚未收录，涉及这些年份的到期日期按法定节日（元旦、春节、清明、劳动节、端午、中秋、国庆）推算，尚未计入调休，为暂定日期。"})
	}
	if err := f.SetColWidth(SheetAbout, "A", "A", 12); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetAbout, "B", "B", 100); err != nil {
		return err
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetAbout, cell, &l); err != nil {
			return err
		}
		if err := f.SetCellStyle(SheetAbout, cell, cell, s.header); err != nil {
			return err
		}
	}
	return f.SetCellStyle(SheetAbout, "B2", "B2", s.date)
}
