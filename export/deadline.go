package export

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/hall/calendar"
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
