package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

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
