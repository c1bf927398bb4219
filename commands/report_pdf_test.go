package commands

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yichuang/documents"
	"yichuang/hall/report"
	"yichuang/testsupport/pdftext"
)

// TestMonthlyPDFEqualsTheSupervisorScreen seeds a real desk, writes the
// report of the month running on 2026-06-15 as a PDF through the command's
// path, reads its text back and finds, for every department and the total,
// the figures 时限监督 shows that day for cases accepted from 6/1 on.
// With YICHUANG_SHOTS=DIR the PDF is kept as DIR/monthly-report.pdf.
func TestMonthlyPDFEqualsTheSupervisorScreen(t *testing.T) {
	j := june(t, "清河县政务服务中心")
	r, deps, total := j.report, j.deps, j.total
	if len(deps) < 3 || total.Overdue == 0 {
		t.Fatalf("the seeded month is too thin to compare: %d departments, %+v", len(deps), total)
	}
	dir := t.TempDir()
	if d := os.Getenv("YICHUANG_SHOTS"); d != "" {
		dir = d
	}
	path := filepath.Join(dir, "monthly-report.pdf")
	var out strings.Builder
	if err := writeReportFile(path, r, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")
	// A table row is drawn cell by cell, line by line: the screen's figures
	// for a group follow its name (on one line or wrapped over several), in
	// the columns' order.
	follows := func(name string, want []string) bool {
		for i := range lines {
			joined := ""
			for j := i; j < len(lines) && strings.HasPrefix(name, joined+lines[j]) && lines[j] != ""; j++ {
				joined += lines[j]
				if joined == name && j+1+len(want) <= len(lines) &&
					strings.Join(lines[j+1:j+1+len(want)], "|") == strings.Join(want, "|") {
					return true
				}
			}
		}
		return false
	}
	for _, d := range append(deps, total) {
		on, early := documents.Pct(d.OnTimeRate()), documents.Pct(d.EarlyRate())
		if d.Finished == 0 {
			on, early = "—", "—" // no rate without a finished case
		}
		want := []string{strconv.Itoa(d.Cases), strconv.Itoa(d.Finished), on, early, strconv.Itoa(d.Overdue)}
		if !follows(d.Name, want) {
			t.Errorf("the PDF lacks %s with the screen's %q", d.Name, want)
		}
	}
	// The summary says what the 月度报告 tab says, row by row.
	for _, l := range documents.MonthlyLines(r)[1:] {
		want := l[1:]
		for len(want) > 0 && want[len(want)-1] == "" {
			want = want[:len(want)-1]
		}
		if l[0] == "延期件数" {
			continue // its text wraps in the cell; found whole below
		}
		if !follows(l[0], want) {
			t.Errorf("the PDF's summary lacks %s %q", l[0], want)
		}
	}
	for _, want := range []string{"清河县政务服务中心", "各部门按时办结率", "各部门受理办件量",
		"超期办件（" + strconv.Itoa(total.Overdue) + "件）", report.NoRatings} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if !strings.Contains(strings.ReplaceAll(text, "\n", ""), report.NoExtensions) {
		t.Errorf("the PDF lacks %q", report.NoExtensions)
	}
	if strings.ContainsRune(text, '□') {
		t.Error("the PDF prints a character its font lacks")
	}
}
