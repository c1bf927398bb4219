package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed

	"yichuang/documents"
	"yichuang/hall"
	"yichuang/testsupport/pdftext"
)

// TestIntakeKeepsTheHallsDayOnAnyPC runs a whole intake (受理 with a
// deferred material, then 不予受理) at 07:30 in the hall on 2 December 2026
// on PCs set to UTC and to Los Angeles, where it is still 1 December. The
// case number, the deferred-material check, the due dates and every date
// the notices print are the hall's day (hall/clock.go).
func TestIntakeKeepsTheHallsDayOnAnyPC(t *testing.T) {
	instant := time.Date(2026, 12, 2, 7, 30, 0, 0, hall.Zone)
	for _, zone := range []string{"UTC", "America/Los_Angeles", "Asia/Shanghai"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			saved := time.Local
			time.Local = loc
			t.Cleanup(func() { time.Local = saved })

			db := openTest(t)
			db.UseBundledCalendar(bundledTables(t))
			db.Now = func() time.Time { return instant.In(time.Local) } // as time.Now reads on that PC
			ctx := hall.AsDesk(context.Background())
			it := seedItem(t, db)
			it.Code, it.TaskCode = "000104003000", "11341122MB1234567X0000104003000"
			it.PromiseLimit = hall.Limit{Days: 5, Unit: hall.WorkingDays}
			it.LegalLimit = hall.Limit{Days: 20, Unit: hall.WorkingDays}
			it.Materials = append(it.Materials, hall.Material{Name: "户口簿", Kind: "证件证书证明",
				Necessity: hall.Deferrable, Source: "申请人自备", Originals: 1})
			if err := seedCatalog(db, it); err != nil {
				t.Fatal(err)
			}
			mats := func(due string) []hall.CaseMaterial {
				return []hall.CaseMaterial{{Name: "居民身份证", Necessity: hall.Required, Originals: 1},
					{Name: "户口簿", Necessity: hall.Deferrable, Deferred: true, DueDate: due}}
			}
			submit := func(dec hall.Decision, due string) (*hall.Case, hall.Notice, error) {
				c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
					Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆"}, Materials: mats(due)}
				got, evs, err := db.Drafts().Submit(ctx, hall.Submission{Case: c, Decide: dec.Event})
				if err != nil {
					return nil, hall.Notice{}, err
				}
				n, _ := hall.NoticeOf(evs[len(evs)-1])
				return got, n, nil
			}
			accept := hall.Decision{Action: hall.ActAccept, Item: &it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}

			// 1 December is yesterday in the hall: a deferral due then is late.
			if _, _, err := submit(accept, "2026-12-01"); !strings.Contains(hall.ErrorMessage(err), "早于今天") {
				t.Errorf("deferral due 2026-12-01 on the hall's 2 December: %v", err)
			}
			got, n, err := submit(accept, "2026-12-02")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.No, "341122-20261202-07-") {
				t.Errorf("case number %s, want the hall's day 20261202", got.No)
			}
			// Five working days from Wednesday 2 December: 3, 4, 7, 8, 9.
			if got.PromiseDue != "2026-12-09" || got.LegalDue != "2026-12-30" {
				t.Errorf("due dates %s / %s, want 2026-12-09 / 2026-12-30", got.PromiseDue, got.LegalDue)
			}
			text := noticeText(t, got, n)
			for _, want := range []string{"2026年12月2日前补交", "2026年12月9日前办结", "2026-12-02 07:30"} {
				if !strings.Contains(text, want) {
					t.Errorf("receipt lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "2026年12月1日") || strings.Contains(text, "2026-12-01") {
				t.Errorf("receipt prints the PC's day:\n%s", text)
			}

			refuse := hall.Decision{Action: hall.ActRefuse, Item: &it, Reason: "不属于本机关职权范围",
				Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
			got, n, err = submit(refuse, "2026-12-02")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.No, "341122-20261202-07-") || !strings.HasSuffix(got.No, "-0002") {
				t.Errorf("second case number %s", got.No)
			}
			text = noticeText(t, got, n)
			if !strings.Contains(text, "于2026年12月2日提出") || strings.Contains(text, "2026年12月1日") {
				t.Errorf("refusal dates:\n%s", text)
			}
		})
	}
}

func noticeText(t *testing.T, c *hall.Case, n hall.Notice) string {
	t.Helper()
	pdf, err := documents.Render(c, n)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
