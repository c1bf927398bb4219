package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// feedFor is a page of the platform's supervision feed for the county hall
// 341122 (the fixture desk's, window 01): another window of the hall and
// two townships, as the sync pull hands it to the store.
func feedFor(t *testing.T) supervision.FeedPage {
	t.Helper()
	page := supervision.FeedPage{Scope: "341122", Cursor: "500", Halls: []supervision.Hall{
		{Code: "341122", Name: "清河县政务服务中心", Level: "县"},
		{Code: "341122100", Name: "清河镇便民服务中心", Level: "乡镇", Parent: "341122"},
		{Code: "341122200", Name: "双河镇便民服务中心", Level: "乡镇", Parent: "341122"}}}
	add := func(hallCode, deskCode string, n int, dept, clerk string) {
		for i := 1; i <= n; i++ {
			at := supervisorToday.AddDate(0, 0, -(i*37)%40-1)
			no := fmt.Sprintf("%s-%s-%s-%04d", hallCode, at.Format("20060102"), deskCode, i)
			fc := supervision.FeedCase{Case: supervision.Case{No: no, Hall: hallCode, Desk: deskCode,
				ItemCode: fmt.Sprintf("00010%d", i%3), ItemName: []string{"临时救助申请", "最低生活保障审批", "残疾人证核发"}[i%3],
				Department: dept, Clerk: clerk, State: hall.StateAccepted, AcceptedAt: at,
				PromiseLimit: hall.Limit{Days: 5 + i%10, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays}},
				Events: []hall.Event{{Action: hall.ActReceive, At: at}, {Action: hall.ActAccept, At: at}}}
			if i%5 == 0 { // 好差评: one in five rated, one in ten badly (with a reason, not carried)
				r := supervision.Rating{CaseNo: no, Stage: hall.StageAccept, Level: hall.RateGood, At: at.Add(time.Hour),
					Channel: hall.ChannelWindow, Remote: true}
				if i%10 == 0 {
					r.Level, r.Reasoned = hall.RatePoor, true
				}
				fc.Ratings = []supervision.Rating{r}
				fc.Events = append(fc.Events, hall.Event{Action: hall.ActRate, At: r.At})
			}
			if i%7 == 0 {
				fc.Urges = []hall.Urge{{ID: no + "-u", CaseNo: no, Reason: "请说明进度", ReplyBy: "2026-06-18", By: "王监督", At: at}}
				fc.Case.Urges, fc.UrgesOpen = 1, 1
			}
			page.Cases = append(page.Cases, fc)
		}
	}
	add("341122", "02", 30, "县民政局", "周敏")
	add("341122100", "01", 40, "清河镇民政办", "孙丽")
	add("341122200", "03", 25, "双河镇社会事务办", "吴刚")
	return page
}

// TestDeadlineScopes: on a desk that receives the feed, 时限监督 offers
// 本窗口, 本大厅, 下辖 and each township; each shows exactly its cases,
// counts them by hall and window, and a 督办 on another window's case is
// stored with its outbox entry.
// With YICHUANG_SHOTS=DIR it saves each scope and the 督办 dialog.
func TestDeadlineScopes(t *testing.T) {
	f, p := seededSupervisor(t, 120)
	own := len(p.board.Rows)
	if p.scopes.box.Visible() {
		t.Fatal("the scope selector shows on a desk without a feed")
	}
	ctx := hall.AsDesk(context.Background())
	if err := f.desk.DB.Sync().ApplySupervision(ctx, "sup-county", feedFor(t)); err != nil {
		t.Fatal(err)
	}
	sup := &hall.User{ID: "sup-county", Name: "wangjd", DisplayName: "王监督", Role: hall.RoleSupervisor}
	f.shell.env.setUser(sup)
	fyne.DoAndWait(p.Refresh)
	eventually(t, "the scope selector", func() bool { return p.scopes.box.Visible() })
	want := []string{"本窗口", "本大厅", "下辖（全部）", "下辖：清河镇便民服务中心", "下辖：双河镇便民服务中心"}
	if strings.Join(p.scopes.sel.Options, "|") != strings.Join(want, "|") {
		t.Fatalf("scopes %q, want %q", p.scopes.sel.Options, want)
	}
	for i, c := range []struct {
		choice      string
		rows, halls int
	}{{"本窗口", own, 1}, {"本大厅", own + 30, 1}, {"下辖（全部）", 65, 2}, {"下辖：清河镇便民服务中心", 40, 1}, {"下辖：双河镇便民服务中心", 25, 1}} {
		fyne.DoAndWait(func() { p.scopes.sel.SetSelected(c.choice) })
		eventually(t, c.choice, func() bool { return p.whole && len(p.board.Rows) == c.rows && p.scope == p.scopes.scopes[c.choice] })
		eventually(t, c.choice+" statistics", func() bool { return len(p.hallStats.rows) == c.halls+1 })
		if c.choice == "下辖（全部）" {
			names := p.hallStats.rows[0].Name + "|" + p.hallStats.rows[1].Name
			if names != "清河镇便民服务中心|双河镇便民服务中心" && names != "双河镇便民服务中心|清河镇便民服务中心" {
				t.Errorf("halls counted: %s", names)
			}
			if tot := p.hallStats.rows[2]; tot.Urges != 8 || tot.UrgesOpen != 8 {
				t.Errorf("督办 counted %d (%d open), want 8 (5 + 3)", tot.Urges, tot.UrgesOpen)
			}
			if !strings.Contains(p.filterText(), "范围：下辖（全部）") {
				t.Errorf("the export's filter line %q does not name the scope", p.filterText())
			}
			fyne.DoAndWait(func() { p.tabs.SelectIndex(4) }) // 大厅统计
			shot(t, f, "deadline-scope-under-halls.png")
			// The townships' 好差评 from the feed, by department and clerk:
			// 孙丽 8 of 40 cases (4 差评), 吴刚 5 of 25 (2).
			if tot := p.deptStats.total; tot.Count != 13 || tot.Bad() != 6 {
				t.Errorf("下辖 ratings counted %d (%d 差评), want 13 (6)", tot.Count, tot.Bad())
			}
			if r := p.clerkStats.ratings["孙丽"]; r.Count != 8 || r.Bad() != 4 {
				t.Errorf("孙丽's ratings %+v, want 8 (4 差评)", r)
			}
			fyne.DoAndWait(func() { // 人员统计, scrolled to its last (rating) columns
				p.tabs.SelectIndex(2)
				_, cols := p.clerkStats.table.Length()
				p.clerkStats.table.ScrollTo(widget.TableCellID{Row: 0, Col: cols - 1})
			})
			shot(t, f, "deadline-scope-under-ratings.png")
			// The monthly report of May counts the same scope: the feed's
			// cases accepted in May, and says whose they are.
			m := p.monthly
			fyne.DoAndWait(func() { p.tabs.SelectIndex(len(p.tabs.Items) - 1) })
			fyne.DoAndWait(func() { m.month.SetSelected("2026-05") })
			may := 0
			for _, r := range p.board.Rows {
				if r.Accepted.String()[:7] == "2026-05" {
					may++
				}
			}
			eventually(t, "the monthly report of the scope", func() bool {
				return m.report != nil && m.report.This.Month.String() == "2026-05" && m.report.This.Total.Cases == may &&
					strings.HasSuffix(m.report.Hall, "（下辖（全部））")
			})
			shot(t, f, "deadline-scope-under-monthly.png")
			fyne.DoAndWait(func() { p.tabs.SelectIndex(0) })
		}
		shot(t, f, fmt.Sprintf("deadline-scope-%d.png", i))
	}
	// 督办 on a township's case.
	fyne.DoAndWait(func() { p.scopes.sel.SetSelected("下辖：清河镇便民服务中心") })
	eventually(t, "清河镇", func() bool { return p.whole && len(p.board.Rows) == 40 })
	no := p.view.rows[0].No
	fyne.DoAndWait(func() { p.table.Select(widget.TableCellID{Row: 0, Col: 2}) })
	eventually(t, "the 督办 dialog", func() bool { return p.urgeForm != nil })
	form := p.urgeForm
	test.Tap(form.send)
	if !strings.Contains(form.msg.Text, "请填写督办事由") {
		t.Errorf("an empty reason: %q", form.msg.Text)
	}
	test.Type(form.reason, "该件已临近承诺期限，请说明进度")
	// The store checks the day against the desk's clock, which this
	// fixture does not set back with the screen's day.
	fyne.DoAndWait(func() { form.by.SetText(time.Now().AddDate(0, 0, 7).Format("2006-01-02")) })
	shot(t, f, "deadline-urge-dialog.png")
	test.Tap(form.send)
	eventually(t, "the stored 督办", func() bool {
		sent, err := f.desk.DB.Cases().Urges(ctx, false, false)
		return err == nil && len(sent) == 1 && sent[0].CaseNo == no && sent[0].By == "王监督"
	})
	ops, err := f.desk.DB.Sync().NextOps(ctx, 1000, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, op := range ops {
		found = found || op.Kind == "supervise.urge"
	}
	if !found {
		t.Error("the 督办 has no outbox entry")
	}
}

// TestUrgeBannerAndReply: a 督办 the pull brings on this desk's case shows
// at once as a banner; the clerk's reply is stored with its outbox entry
// and the banner goes.
// With YICHUANG_SHOTS=DIR it saves the banner and the reply list.
func TestUrgeBannerAndReply(t *testing.T) {
	f, p := seededSupervisor(t, 40)
	if f.shell.urges.box.Visible() {
		t.Fatal("a banner with no 督办")
	}
	no := p.board.Rows[0].No
	ctx := hall.AsDesk(context.Background())
	u := hall.Urge{ID: "0193a000-0000-7000-8000-000000000001", CaseNo: no, Reason: "该件已超期，请当日说明原因",
		ReplyBy: "2026-06-16", By: "王监督", At: supervisorToday.Add(-time.Hour)}
	if _, err := f.desk.DB.Sync().ApplyPull(ctx, hall.PullBatch{Urges: []hall.Urge{u}, Cursors: map[string]string{"urges": "9"}}); err != nil {
		t.Fatal(err)
	}
	clerk := &hall.User{ID: "c1", Name: "wangkun", DisplayName: "王堃", Role: hall.RoleClerk}
	f.shell.env.setUser(clerk)
	fyne.DoAndWait(f.shell.urges.Refresh)
	eventually(t, "the banner", func() bool { return f.shell.urges.box.Visible() })
	if txt := f.shell.urges.text.Text; !strings.Contains(txt, no) || !strings.Contains(txt, "王监督") || !strings.Contains(txt, "2026-06-16") {
		t.Errorf("banner %q", txt)
	}
	shot(t, f, "urge-banner.png")
	fyne.DoAndWait(f.shell.urges.showList)
	l := f.shell.urges.list
	test.Type(l.replies[u.ID], "已联系申请人，今日办结")
	shot(t, f, "urge-reply-list.png")
	test.Tap(l.send[u.ID])
	eventually(t, "the reply", func() bool {
		got, err := f.desk.DB.Cases().Urges(ctx, true, false)
		return err == nil && len(got) == 1 && got[0].Reply == "已联系申请人，今日办结" && got[0].RepliedBy == "王堃"
	})
	eventually(t, "the banner gone", func() bool { return !f.shell.urges.box.Visible() })
	// The case's history shows the 督办 and its reply.
	got, err := f.desk.DB.Cases().Urges(ctx, true, false)
	if err != nil || len(got) != 1 || got[0].CaseID == "" {
		t.Fatalf("urges: %+v, %v", got, err)
	}
	d, err := loadCaseDetail(f.shell.env.Ctx(), f.shell.env, got[0].CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.urges) != 1 || !strings.Contains(urgeLine(d.urges[0]), "督办回复（王堃）  已联系申请人，今日办结") {
		t.Errorf("the case's history: %+v", d.urges)
	}
	ops, err := f.desk.DB.Sync().NextOps(ctx, 1000, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, op := range ops {
		found = found || op.Kind == "supervise.reply"
	}
	if !found {
		t.Error("the reply has no outbox entry")
	}
}
