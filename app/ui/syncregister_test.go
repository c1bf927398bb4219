package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/secure"
	"yichuang/testsupport/loopback"
)

// platformWithStore runs the reference platform on loopback and returns
// its address, its store (the back office's hand) and an enrolment code
// for desk 07 of hall 341122.
func platformWithStore(t *testing.T) (string, *store.Store, string) {
	t.Helper()
	url, st := loopback.Platform(t)
	code, err := st.AddDesk(hall.AsDesk(context.Background()), "341122", "07", "清河县政务服务中心")
	if err != nil {
		t.Fatal(err)
	}
	return url, st, code
}

func TestAdminRegistersTheDeskFromSync(t *testing.T) {
	url, _, code := platformWithStore(t)
	ctx, f := openDeskWindow(t, "")
	f.desk.DB.SetKDF(secure.TestParams)
	var stops []func()
	t.Cleanup(func() {
		for _, s := range stops {
			s()
		}
	})
	sh := f.deskShell(ctx, f.testOptions(), func(s *Services) {
		s.StartSync = func() hall.SyncController {
			c, stop := f.desk.StartSync(ctx)
			stops = append(stops, stop)
			return c
		}
	})
	lock := NewLockScreen(sh)
	f.win.SetContent(lock.Content())
	sh.Start(time.Hour)
	lock.Start()
	lf := &lockFixture{fixture: f, lock: lock}
	lf.setupAdmin(t)

	fyne.DoAndWait(func() { sh.Show(ScreenSync) })
	sp := sh.pages[ScreenSync].(*syncPage)
	text := allText(sp.Content())
	if strings.Contains(text, "yichuang register") || !strings.Contains(text, "注册到平台") {
		t.Fatalf("the sync screen of an unregistered desk:\n%s", text)
	}
	reg := sp.reg
	for _, tc := range []struct{ platform, code, ca, want string }{
		{"", code, "", "请填写“平台地址”"},
		{"zwfw.example.gov.cn", code, "", "“平台地址”应以 https:// 开头"},
		{url, "", "", "请填写“注册码”"},
		{url, code, filepath.Join(t.TempDir(), "none.pem"), "无法读取 CA 证书文件"},
		{url, "WRONG-CODE-0000", "", "注册码"},
	} {
		reg.platform.SetText("")
		reg.code.SetText("")
		reg.ca.SetText(tc.ca)
		test.Type(reg.platform, tc.platform)
		test.Type(reg.code, tc.code)
		test.Tap(reg.submit)
		if !strings.Contains(reg.msg.Text, tc.want) {
			t.Errorf("%q %q: message %q, want %q", tc.platform, tc.code, reg.msg.Text, tc.want)
		}
	}
	if id, _ := f.desk.DB.Setting(hall.AsDesk(context.Background()), hall.SettingDeskID); id != "" {
		t.Fatalf("registered after refusals: %s", id)
	}
	reg.platform.SetText(url)
	reg.code.SetText(code)
	reg.ca.SetText("")
	test.Tap(reg.submit)
	dctx := hall.AsDesk(context.Background())
	if id, _ := f.desk.DB.Setting(dctx, hall.SettingDeskID); id == "" {
		t.Fatalf("not registered: %q", reg.msg.Text)
	}
	if dc, _ := f.desk.DB.Setting(dctx, hall.SettingDeskCode); dc != "07" {
		t.Errorf("desk code %q, want the platform's 07", dc)
	}
	if ov := f.win.Canvas().Overlays().Top(); ov == nil || !strings.Contains(allText(ov), "注册成功") {
		t.Error("no word that the desk was registered")
	}
	if sh.env.Sync == nil {
		t.Fatal("the sync engine did not start")
	}
	eventually(t, "the registered sync screen", func() bool {
		txt := allText(sp.summary)
		return strings.Contains(txt, url) && !strings.Contains(txt, "注册本窗口")
	})
	if reg.code.Text != "" {
		t.Error("the spent code stays in the field")
	}
}
