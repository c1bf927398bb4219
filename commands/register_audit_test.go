package commands

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/loopback"
)

// Registering the desk is audited as the admin who did it, naming the
// platform and the desk code; a re-registration names the platform it
// left. A refused registration writes no 注册到平台 record that succeeded.
func TestRegisterIsAuditedAsTheAdmin(t *testing.T) {
	url, st := loopback.Platform(t)
	ctx := hall.AsDesk(context.Background())
	dir := deskWithUsers(t)
	admin := func() []hall.AuditEntry {
		t.Helper()
		dk := desks.Open(t, dir)
		defer dk.Close()
		u, err := dk.DB.Users().Login(context.Background(), "zhao", cliAdminPW)
		if err != nil {
			t.Fatal(err)
		}
		log, err := dk.DB.Audit().ListAudit(hall.AsUser(context.Background(), u), hall.AuditFilter{Action: hall.AuditRegister})
		if err != nil {
			t.Fatal(err)
		}
		return log
	}
	if code, _, errs := run(t, "register", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW),
		"--platform", url, "--code", "AAAA-BBBB-CCCC-DDDD"); code == 0 {
		t.Fatalf("register with a code the platform never issued: exit 0 %q", errs)
	}
	for _, e := range admin() {
		if e.Outcome == hall.AuditOK {
			t.Fatalf("a refused registration is audited as done: %+v", e)
		}
	}
	code07, err := st.AddDesk(ctx, "341122", "07", "清河县政务服务中心")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "register", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW),
		"--platform", url, "--code", code07); code != 0 {
		t.Fatalf("register by the admin: exit %d %q %q", code, out, errs)
	}
	log := admin()
	if len(log) != 1 {
		t.Fatalf("after one registration the audit holds %d 注册到平台 records: %+v", len(log), log)
	}
	e := log[0]
	if e.UserName != "赵管理" || e.Role != hall.RoleAdmin || e.Outcome != hall.AuditOK || e.Object == "" ||
		!strings.Contains(e.Detail, "注册到 "+url) || !strings.Contains(e.Detail, "窗口编码 07") {
		t.Fatalf("the registration is audited as %+v", e)
	}
	code08, err := st.AddDesk(ctx, "341122", "08", "清河县政务服务中心")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "register", "--data", dir, "--as", "zhao", "--password-file", pwFile(t, cliAdminPW),
		"--platform", url, "--code", code08, "--reregister"); code != 0 {
		t.Fatalf("re-register by the admin: exit %d %q %q", code, out, errs)
	}
	log = admin()
	if len(log) != 2 {
		t.Fatalf("after re-registration the audit holds %+v", log)
	}
	again := log[0]
	if log[1].Seq > again.Seq {
		again = log[1]
	}
	if again.UserName != "赵管理" || !strings.HasPrefix(again.Detail, "由 "+url+" 改注册到 "+url) || !strings.Contains(again.Detail, "窗口编码 08") {
		t.Fatalf("the re-registration is audited as %+v", again)
	}
}
