package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"yichuang/hall"
)

func tabTitles(p *deadlinePage) string {
	var out []string
	for _, ti := range p.tabs.Items {
		out = append(out, ti.Text)
	}
	return strings.Join(out, "|")
}

// TestHallAndDeskTabsOnlyWithTheFeed: a desk without the platform's
// supervision feed knows its own cases only: 时限监督 shows no 大厅统计 or
// 窗口统计 (two empty tables before), and a supervisor logged in is told why
// (not registered here) while a clerk is told nothing. Once the feed has
// arrived the two tabs are there, after 事项统计, and the note goes.
func TestHallAndDeskTabsOnlyWithTheFeed(t *testing.T) {
	f, p := seededSupervisor(t, 60)
	clerk := &hall.User{ID: "c1", Name: "wangkun", DisplayName: "王坤", Role: hall.RoleClerk}
	f.shell.env.setUser(clerk)
	fyne.DoAndWait(p.Refresh)
	eventually(t, "the board", func() bool { return p.whole })
	if tabs := tabTitles(p); strings.Contains(tabs, "大厅统计") || strings.Contains(tabs, "窗口统计") {
		t.Fatalf("tabs without a feed: %s", tabs)
	}
	if p.feedNote.Visible() {
		t.Errorf("a clerk is told about the feed: %q", p.feedNote.Text)
	}
	sup := &hall.User{ID: "sup-county", Name: "wangjd", DisplayName: "王监督", Role: hall.RoleSupervisor}
	f.shell.env.setUser(sup)
	fyne.DoAndWait(p.Refresh)
	eventually(t, "the note for a supervisor", func() bool { return p.feedNote.Visible() })
	if !strings.Contains(p.feedNote.Text, "未注册到省级平台") || !strings.Contains(p.feedNote.Text, "大厅统计") {
		t.Errorf("the supervisor's note: %q", p.feedNote.Text)
	}
	shot(t, f, "deadline-no-feed.png")

	if err := f.desk.DB.Sync().ApplySupervision(hall.AsDesk(context.Background()), "sup-county", feedFor(t)); err != nil {
		t.Fatal(err)
	}
	fyne.DoAndWait(p.Refresh)
	eventually(t, "the feed's tabs", func() bool { return strings.Contains(tabTitles(p), "大厅统计") })
	if tabs := tabTitles(p); !strings.HasPrefix(tabs[strings.Index(tabs, "事项统计"):], "事项统计|大厅统计|窗口统计|") {
		t.Errorf("tabs with the feed: %s", tabs)
	}
	if p.feedNote.Visible() {
		t.Errorf("the note stays with the feed: %q", p.feedNote.Text)
	}
	fyne.DoAndWait(func() { p.tabs.SelectIndex(feedTabsAt) })
	eventually(t, "大厅统计 rows", func() bool { return len(p.hallStats.rows) > 0 })
}
