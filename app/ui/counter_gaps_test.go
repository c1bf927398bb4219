package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// decideAtWindow takes a 即办件 by 收件 only, accepts and decides it from
// the case, and closes the case.
func decideAtWindow(t *testing.T, f *fixture, licence string) *hall.Case {
	t.Helper()
	c := receiveOnly(t, f, dogs)
	v := openCase(t, f, c.ID, false)
	_, v = act(t, f, v, fyne.KeyA, nil, nil)
	_, v = act(t, f, v, fyne.KeyJ, map[string]string{"licence": licence}, nil)
	if v == nil || v.d.c.State != hall.StateDecided {
		t.Fatalf("办结: %+v", v)
	}
	fyne.DoAndWait(v.close)
	return v.d.c
}

// Test待出件WaitsInWorkingDays: 待出件 shows when each result was decided
// and how many working days it has waited, the longest waiting on top
// (though received first), and marks one past Art. 44's ten days.
// With YICHUANG_SHOTS=DIR it saves the list.
func Test待出件WaitsInWorkingDays(t *testing.T) {
	f := newFixture(t)
	old := decideAtWindow(t, f, "QL-2026-000201")
	now := time.Now()
	f.desk.DB.Now = func() time.Time { return now.Add(20 * 24 * time.Hour) } // decided three weeks later
	recent := decideAtWindow(t, f, "QL-2026-000202")
	f.shell.env.Clock = func() time.Time { return now.Add(21 * 24 * time.Hour) }

	p := f.shell.pages[ScreenCases].(*casesPage)
	fyne.DoAndWait(func() { f.shell.Show(ScreenCases); p.list.SetSelected(listToDeliver()) })
	if len(p.rows) != 2 || p.rows[0].ID != old.ID || p.rows[1].ID != recent.ID {
		t.Fatalf("待出件 order %+v, want the case decided first on top", p.rows)
	}
	var titles []string
	for _, c := range p.cols {
		titles = append(titles, c.title)
	}
	if got := strings.Join(titles, ","); !strings.Contains(got, "办结时间") || !strings.Contains(got, "已等待") ||
		strings.Contains(got, "收件时间") {
		t.Fatalf("待出件 columns %s", got)
	}
	cal := f.shell.env.Calendar
	cell := func(row int, title string) string {
		for _, c := range p.cols {
			if c.title == title {
				return c.value(p.rows[row])
			}
		}
		return ""
	}
	wantOld, _ := cal.DeliveryWait(p.rows[0].FinishedAt, now.Add(21*24*time.Hour))
	if s := cell(0, "已等待"); !strings.Contains(s, "超10日") || wantOld <= 10 || !strings.Contains(s, strconv.Itoa(wantOld)) {
		t.Errorf("the old result shows %q (%d working days)", s, wantOld)
	}
	if s := cell(1, "已等待"); strings.Contains(s, "超10日") || !strings.Contains(s, "个工作日") {
		t.Errorf("the recent result shows %q", s)
	}
	if s := cell(0, "办结时间"); s != stampText(p.rows[0].FinishedAt) || p.rows[0].FinishedAt.IsZero() {
		t.Errorf("办结时间 %q", s)
	}
	// The window draws what the columns say.
	if text := drawnText(p.table); !strings.Contains(text, "超10日期限") {
		t.Errorf("the table does not show the mark: %s", text)
	}
	shot(t, f, "cases-todeliver-wait.png")
	fyne.DoAndWait(func() { p.list.SetSelected(listAll()) })
	if p.cols[4].title != "收件时间" {
		t.Errorf("全部办件 columns changed: %s", p.cols[4].title)
	}
}

// drawnText is the text of every label the object's renderers draw, widgets
// inside widgets included (a table's cells).
func drawnText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// draftBox shows the draft box afresh and returns its lines.
func draftBox(t *testing.T, f *lockFixture) string {
	t.Helper()
	fyne.DoAndWait(func() { f.shell.Show(ScreenIntake); f.shell.intake.showList() })
	return drawnText(f.shell.intake.list.list)
}

// TestDraftBoxIsTheUsersOwn: after A (the admin) logs out, clerk B's draft
// box does not list A's draft; B's own draft is B's; the admin, back, sees
// both, B's marked with B's name.
func TestDraftBoxIsTheUsersOwn(t *testing.T) {
	f := newLockFixture(t)
	f.setupAdmin(t)
	p := f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "甲某人")
	if box := draftBox(t, f); !strings.Contains(box, "甲某人") {
		t.Fatalf("A's box lacks A's draft: %s", box)
	}
	f.loginClerk(t)
	if box := draftBox(t, f); strings.Contains(box, "甲某人") || len(f.shell.intake.list.rows) != 0 {
		t.Fatalf("B's box lists A's draft: %s", box)
	}
	p = f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "乙某人")
	if box := draftBox(t, f); !strings.Contains(box, "乙某人") || strings.Contains(box, "的草稿") {
		t.Fatalf("B's box: %s", box)
	}
	f.lock.Logout()
	f.login(t, "guanli", "Qinghe#Guan01")
	if f.lock.Locked() {
		t.Fatalf("the admin is not back: %s", allText(f.lock.layer))
	}
	box := draftBox(t, f)
	if !strings.Contains(box, "甲某人") || !strings.Contains(box, "乙某人") || !strings.Contains(box, "王堃的草稿") ||
		strings.Contains(box, "赵管理的草稿") {
		t.Fatalf("the admin's box: %s", box)
	}
	shot(t, f.fixture, "drafts-admin.png")
}
