package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/hall"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// TestMonthlyWorkbookReadsBack: a month worked by hand (March 2026, no
// holidays), written and read back cell by cell.
func TestMonthlyWorkbookReadsBack(t *testing.T) {
	mk := func(no, dept, clerk, code, name, acc, due, fin string, days int) supervision.Case {
		return supervision.Case{No: no, ItemCode: code, ItemName: name, Department: dept, Clerk: clerk,
			State: hall.StateDecided, AcceptedAt: at10(acc), FinishedAt: at10(fin), PromiseDue: due, LegalDue: due,
			PromiseLimit: hall.Limit{Days: days, Unit: hall.WorkingDays}}
	}
	snap := supervision.Snapshot{Calendar: loadCal(t), Cases: []supervision.Case{
		// March: A early, C three working days late (promised 3/9, done 3/12), D 即办.
		mk("A", "县民政局", "王芳", "000101", "婚姻登记", "2026-03-02", "2026-03-09", "2026-03-06", 5),
		mk("C", "县民政局", "李娜", "000102", "最低生活保障", "2026-03-04", "2026-03-09", "2026-03-12", 3),
		mk("D", "县市场监督管理局", "李娜", "000201", "食品经营许可", "2026-03-16", "2026-03-16", "2026-03-16", 0),
		// February: G early.
		mk("G", "县民政局", "王芳", "000101", "婚姻登记", "2026-02-24", "2026-03-03", "2026-02-26", 5),
	}}
	r := report.Build(snap, report.Month{Year: 2026, Month: time.March}, day("2026-04-10"), supervision.DefaultSettings())
	r.Hall = "清河县政务服务中心"
	var buf bytes.Buffer
	if err := WriteMonthly(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "月报概要,按部门,按事项,按窗口人员,超期办件,好差评,口径说明" {
		t.Errorf("sheets = %s", got)
	}
	cell := func(sheet, ref string) string { v, _ := f.GetCellValue(sheet, ref); return v }
	for ref, want := range map[string]string{
		"B1": "本月（2026-03）", "C1": "上月（2026-02）",
		"B2": "3", "C2": "1", "D2": "2", // 受理
		"B5": "66.67%", "C5": "100.00%", // 按时办结率: 2 of 3; 1 of 1
		"B6": "33.33%", "C6": "100.00%", // 提前办结率: A; G
		"B7": "1", "C7": "0", // 超期: C
		"B9":  "33.33%", // 即办件占比: D
		"B11": NoExtensions, "B12": NoRatings, "B13": "2026-03-31", "C13": "2026-02-28", "F1": "清河县政务服务中心",
	} {
		if got := cell(SheetMonthSummary, ref); got != want {
			t.Errorf("概要 %s = %q, want %q", ref, got, want)
		}
	}
	deps, _ := f.GetRows(SheetMonthDepts)
	// 县市场监督管理局 sorts before 县民政局 (code points), then 合计.
	if len(deps) != 4 || deps[1][0] != "县市场监督管理局" || deps[2][0] != "县民政局" || deps[3][0] != "合计" {
		t.Fatalf("部门 = %q", deps)
	}
	if got := strings.Join(deps[2], "|"); got != "县民政局|2|2|0|50.00%|50.00%|1|5.0|0.00%|1|100.00%" {
		t.Errorf("县民政局 = %s", got) // A 4 + C 6 working days = 5.0 average
	}
	if len(deps[1]) > 9 && deps[1][9] != "" {
		t.Errorf("a department with no February cases shows a February volume: %q", deps[1])
	}
	items, _ := f.GetRows(SheetMonthItems)
	if len(items) != 5 || items[1][0] != "婚姻登记（000101）" {
		t.Errorf("事项 = %q", items)
	}
	over, _ := f.GetRows(SheetMonthOverdue)
	if len(over) != 2 || over[1][0] != "C" || over[1][6] != "2026-03-09" || over[1][7] != "2026-03-12" ||
		over[1][8] != "3" || over[1][10] != "（未登记）" {
		t.Errorf("超期办件 = %q", over)
	}
	if got := cell(SheetMonthRatings, "A2"); got != NoRatings {
		t.Errorf("好差评 = %q", got)
	}
}
