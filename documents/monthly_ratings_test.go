package documents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// The monthly PDF prints the month's 好差评 by department and clerk and its
// 差评 with their reasons, a clerk's Ext B name included.
func TestMonthlyPrintsRatings(t *testing.T) {
	rs := []supervision.Rating{
		{CaseNo: "341122-20260302-01-0001", Stage: hall.StageAccept, Level: hall.RateVeryGood, Clerk: "李𠮷", Department: "县民政局"},
		{CaseNo: "341122-20260303-01-0002", Stage: hall.StageAccept, Level: hall.RateVeryPoor, Clerk: "李𠮷", Department: "县民政局", Reason: "材料要求前后不一"},
	}
	deps, total := supervision.RatingsByDepartment(rs)
	clerks, _ := supervision.RatingsByClerk(rs)
	d, _ := calendar.ParseDate("2026-03-31")
	r := report.Report{Hall: "清河县政务服务中心",
		This: report.Period{Month: report.Month{Year: 2026, Month: time.March}, Cutoff: d, Ratings: total,
			RatingsDepartments: deps, RatingsClerks: clerks, Bad: rs[1:]},
		Previous: report.Period{Month: report.Month{Year: 2026, Month: time.February}, Cutoff: d.AddDays(-31)}}
	pdf, err := RenderMonthly(r, issued)
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"好差评", "评价2次，差评1次，", "评率50.00%", report.NoRatings, "李𠮷", "县民政局",
		"差评（须整改回访）", "材料要求前后不一", "50.00%"} {
		if !strings.Contains(text, want) {
			t.Errorf("the monthly PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "□") {
		t.Error("a character printed as □")
	}
	if os.Getenv("YICHUANG_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("YICHUANG_KEEP_PDF"), "monthly-ratings.pdf"), pdf, 0o644)
	}
}
