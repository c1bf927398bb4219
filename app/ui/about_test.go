package ui

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
)

// The menu bar reaches 关于 and the dialog names the version and build the
// window was given, which main reads from FyneApp.toml like --version does.
func TestAboutFromMenuShowsVersionBuildAndDataDir(t *testing.T) {
	w := newWindow(t)
	sh := NewShell(hall.AsDesk(context.Background()), w, Services{Info: Info{Version: "2.3.4", Build: "56", DataDir: "/srv/一窗数据"}}, Options{Synchronous: true})
	menu := MainMenu(sh)
	if len(menu.Items) != 2 || menu.Items[0].Label != "文件" || menu.Items[1].Label != "帮助" {
		t.Fatalf("menus: %+v", menu.Items)
	}
	if q := menu.Items[0].Items[0]; !q.IsQuit || q.Label != "退出" {
		t.Errorf("文件 menu's item: %q quit=%v", q.Label, q.IsQuit)
	}
	about := menu.Items[1].Items[0]
	if about.Label != "关于一窗" {
		t.Fatalf("帮助 menu's item: %q", about.Label)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog is open before 关于 is chosen")
	}
	about.Action()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("关于 opened no dialog")
	}
	all := strings.Join(texts(top), "\n")
	for _, want := range []string{"一窗 · 政务服务窗口受理", "2.3.4（构建 56）", "/srv/一窗数据", "复制版本信息", "关闭"} {
		if !strings.Contains(all, want) {
			t.Errorf("关于 lacks %q; it shows:\n%s", want, all)
		}
	}
}

func TestAboutTextIsWhatSupportNeeds(t *testing.T) {
	got := aboutText(Info{Version: "0.1.0", Build: "7", DataDir: `C:\Users\clerk\AppData\Roaming\yichuang`})
	for _, want := range []string{"0.1.0（构建 7）", `C:\Users\clerk\AppData\Roaming\yichuang`, "运行环境："} {
		if !strings.Contains(got, want) {
			t.Errorf("copied text lacks %q:\n%s", want, got)
		}
	}
}
