package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/testsupport/halldays"
)

// The shared fixtures of the hall's dates (testsupport/halldays).
var (
	loadCal = halldays.Calendar
	day     = halldays.Day
	at10    = halldays.At10
)

// view builds a view of n cases on snap, as the screen would.
func view(snap supervision.Snapshot, today calendar.Date) DeadlineView {
	b := supervision.Evaluate(snap, today, supervision.DefaultSettings())
	rows := b.Select(supervision.Filter{})
	supervision.Sort(rows, supervision.ColLight, false)
	deps, total := supervision.ByDepartment(rows)
	clerks, _ := supervision.ByClerk(rows)
	items, _ := supervision.ByItem(rows)
	return DeadlineView{Hall: "清河县政务服务中心", Today: today, Filter: "部门：全部", Settings: b.Settings,
		Rows: rows, Departments: deps, Clerks: clerks, Items: items, Total: total, Uncovered: b.Uncovered}
}

func TestDeadlineWorkbookReadsBack(t *testing.T) {
	mk := func(no, dept, clerk string, st hall.State, acc, due, fin string, days int) supervision.Case {
		return supervision.Case{No: no, ItemCode: "000201001000", ItemName: "食品经营许可", Department: dept,
			Clerk: clerk, State: st, AcceptedAt: at10(acc), FinishedAt: at10(fin), PromiseDue: due, LegalDue: due,
			PromiseLimit: hall.Limit{Days: days, Unit: hall.WorkingDays}}
	}
	snap := supervision.Snapshot{Calendar: loadCal(t), Cases: []supervision.Case{
		mk("341122-20260302-07-0001", "县市场监督管理局", "王芳", hall.StateReview, "2026-03-02", "2026-03-13", "", 9),
		mk("341122-20260302-07-0002", "县市场监督管理局", "李娜", hall.StateDecided, "2026-03-02", "2026-03-12", "2026-03-10", 8),
		mk("341122-20260309-07-0001", "县民政局", "", hall.StateDecided, "2026-03-09", "2026-03-09", "2026-03-09", 0),
		mk("341122-20260310-07-0001", "县民政局", "王芳", hall.StateReview, "2026-03-10", "2027-01-05", "", 200),
	}}
	snap.Cases[3].Provisional = true
	var buf bytes.Buffer
	if err := WriteDeadlines(&buf, view(snap, day("2026-03-16"))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "办件清单,部门统计,人员统计,事项统计,说明" {
		t.Errorf("sheets = %s", got)
	}
	rows, err := f.GetRows(SheetCases)
	if err != nil || len(rows) != 5 {
		t.Fatalf("case rows = %d, %v", len(rows), err)
	}
	if strings.Join(rows[0], "|") != strings.Join(caseHeaders, "|") {
		t.Errorf("headers = %v", rows[0])
	}
	// Sorted by urgency: the red case first, its dates real dates.
	red := rows[1]
	if red[0] != "红灯" || red[1] != "341122-20260302-07-0001" || red[7] != "2026-03-02" || red[9] != "2026-03-13" ||
		red[10] != "-1" || red[13] != "是" {
		t.Errorf("red row = %q", red)
	}
	raw, _ := f.GetCellValue(SheetCases, "J2", excelize.Options{RawCellValue: true})
	if raw != "46094" { // 2026-03-13 as an Excel serial number
		t.Errorf("due date cell holds %q, want the serial 46094", raw)
	}
	if typ, _ := f.GetCellType(SheetCases, "J2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("due date cell type = %v", typ)
	}
	var provisional, instant []string
	for _, r := range rows[1:] {
		if r[1] == "341122-20260310-07-0001" {
			provisional = r
		}
		if r[1] == "341122-20260309-07-0001" {
			instant = r
		}
	}
	if provisional[14] != "是" || instant[8] != "即办" || instant[12] != "2026-03-09" || instant[0] != "" {
		t.Errorf("provisional %q instant %q", provisional, instant)
	}
	deps, _ := f.GetRows(SheetDepartments)
	if len(deps) != 4 || deps[0][0] != "部门" || deps[3][0] != "合计" {
		t.Fatalf("department sheet = %q", deps)
	}
	// 县市场监督管理局: one finished early → 100% on time, 100% early.
	if deps[1][0] != "县市场监督管理局" || deps[1][4] != "100.00%" || deps[1][5] != "100.00%" || deps[1][6] != "1" {
		t.Errorf("market row = %q", deps[1])
	}
	clerks, _ := f.GetRows(SheetClerks)
	if clerks[1][0] != "（未记录）" {
		t.Errorf("clerk without a name = %q", clerks[1])
	}
	items, _ := f.GetRows(SheetItems)
	if len(items) != 3 || items[0][0] != "事项（编码）" || items[1][0] != "食品经营许可（000201001000）" ||
		items[1][1] != deps[3][1] || items[2][0] != "合计" {
		t.Errorf("item sheet = %q", items) // every case is of one item: its row is the total's
	}
	about, _ := f.GetRows(SheetAbout)
	text := fmt.Sprint(about)
	for _, want := range []string{"清河县政务服务中心", "2026-03-16", "部门：全部", "2027年", "暂定"} {
		if !strings.Contains(text, want) {
			t.Errorf("说明 lacks %q: %s", want, text)
		}
	}
}

func TestDeadlineWorkbookWithNoRows(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDeadlines(&buf, view(supervision.Snapshot{Calendar: loadCal(t)}, day("2026-03-16"))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows(SheetCases); len(rows) != 1 {
		t.Errorf("an empty view should export just the headers: %d rows", len(rows))
	}
}

// BenchmarkExport100k writes 100,000 cases with their statistics.
func BenchmarkExport100k(b *testing.B) {
	today := day("2026-06-15")
	cal := loadCal(b)
	r := rand.New(rand.NewSource(4))
	snap := supervision.Snapshot{Calendar: cal, Cases: make([]supervision.Case, 100_000)}
	for i := range snap.Cases {
		acc := today.AddDays(-r.Intn(120))
		l := hall.Limit{Days: 1 + r.Intn(20), Unit: hall.WorkingDays}
		due, _ := cal.DueDate(acc, l, nil)
		c := supervision.Case{No: fmt.Sprintf("341122-20260615-01-%06d", i),
			ItemCode: fmt.Sprintf("0001%08d", i%70), ItemName: fmt.Sprintf("事项名称%02d", i%70),
			Department: fmt.Sprintf("县部门%02d", i%14), Clerk: fmt.Sprintf("人员%02d", i%20), State: hall.StateReview,
			AcceptedAt: acc.Start().Add(9 * time.Hour), PromiseDue: due.Date.String(), LegalDue: due.Date.String(),
			PromiseLimit: l}
		if r.Intn(2) == 0 {
			c.State, c.FinishedAt = hall.StateDecided, cal.AddWorkdays(acc, 1+r.Intn(20)).Start().Add(15*time.Hour)
		}
		snap.Cases[i] = c
	}
	v := view(snap, today)
	var size int
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteDeadlines(&buf, v); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/100k")
}

// sheetXML returns the worksheet part of the sheet named name, read
// straight from the .xlsx zip, as Excel or WPS would read it.
func sheetXML(t *testing.T, xlsx []byte, name string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := f.GetSheetIndex(name)
	f.Close()
	if err != nil || idx < 0 {
		t.Fatalf("no sheet %s: %v", name, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	// Sheets are written as sheet1.xml, sheet2.xml … in the workbook's order.
	want := "xl/worksheets/sheet" + string(rune('1'+idx)) + ".xml"
	for _, zf := range zr.File {
		if zf.Name == want {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("%s not in the workbook", want)
	return nil
}

// TestCaseSheetHasFilterButtons: the case list opens with a filter button
// on every column header, over every row written.
func TestCaseSheetHasFilterButtons(t *testing.T) {
	snap := supervision.Snapshot{Calendar: loadCal(t)}
	for i, no := range []string{"341122-20260302-07-0001", "341122-20260302-07-0002", "341122-20260303-07-0001"} {
		snap.Cases = append(snap.Cases, supervision.Case{No: no, ItemCode: "000201001000", ItemName: "食品经营许可",
			Department: "县市场监督管理局", Clerk: "王芳", State: hall.StateReview, AcceptedAt: at10("2026-03-02"),
			PromiseDue: "2026-03-13", LegalDue: "2026-03-30", PromiseLimit: hall.Limit{Days: 9 + i, Unit: hall.WorkingDays}})
	}
	var buf bytes.Buffer
	if err := WriteDeadlines(&buf, view(snap, day("2026-03-16"))); err != nil {
		t.Fatal(err)
	}
	ws := sheetXML(t, buf.Bytes(), SheetCases)
	var sheet struct {
		AutoFilter *struct {
			Ref string `xml:"ref,attr"`
		} `xml:"autoFilter"`
	}
	if err := xml.Unmarshal(ws, &sheet); err != nil {
		t.Fatal(err)
	}
	// 15 columns (A–O), the header and three cases (excelize writes the
	// range absolute, $A$1:$O$4, as it does for sheets not streamed).
	if sheet.AutoFilter == nil || strings.ReplaceAll(sheet.AutoFilter.Ref, "$", "") != "A1:O4" {
		t.Fatalf("case sheet autoFilter = %+v, want ref A1:O4", sheet.AutoFilter)
	}
	// The other sheets carry none: the filter is the case list's.
	if bytes.Contains(sheetXML(t, buf.Bytes(), SheetDepartments), []byte("<autoFilter")) {
		t.Error("department sheet has a filter")
	}
}
