package hall

import (
	"strings"
	"testing"
	"time"
)

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw, name string
		want     string // "" = accepted, else part of the message
	}{
		{"Qinghe#2026", "zhangsan", ""},
		{"qinghe2026!", "zhangsan", ""},
		{"清河Qh2026", "zhangsan", ""}, // Chinese counts as a symbol class
		{"Qh#2026", "zhangsan", "至少 8 位，现为 7 位"},
		{"qinghe2026", "zhangsan", "至少三种"},
		{"QINGHEQINGHE", "zhangsan", "至少三种"},
		{" Qinghe#2026", "zhangsan", "首尾不能是空格"},
		{"Zhangsan#2026", "zhangsan", "不能包含登录名"},
		{"Ab#1Ab#1", "ab", ""}, // a 2-letter name is too short to test for
	} {
		err := CheckPassword(tc.pw, tc.name)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q refused: %v", tc.pw, err)
		case tc.want != "" && (err == nil || !strings.Contains(ErrorMessage(err), tc.want) || ErrorCode(err) != EInvalid):
			t.Errorf("%q: err %v, want %q", tc.pw, err, tc.want)
		}
	}
}

func TestCheckLoginName(t *testing.T) {
	for name, ok := range map[string]bool{"zhangsan": true, "张三": true, "li.si-2": true, "a": false, "zhang san": false,
		"x@y": false, strings.Repeat("a", 33): false} {
		if err := CheckLoginName(name); (err == nil) != ok {
			t.Errorf("CheckLoginName(%q) = %v", name, err)
		}
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	p := DefaultLockout
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	failed, until := 0, time.Time{}
	for i := 1; i <= 4; i++ {
		failed, until = p.Failed(failed, now)
		if failed != i || !until.IsZero() || p.Left(failed) != 5-i {
			t.Fatalf("failure %d: count %d, until %v", i, failed, until)
		}
	}
	failed, until = p.Failed(failed, now)
	if failed != 0 || !until.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("fifth failure: count %d, until %v", failed, until)
	}
	for _, tc := range []struct {
		at   time.Duration
		want bool
	}{{0, true}, {14*time.Minute + 59*time.Second, true}, {15 * time.Minute, false}, {time.Hour, false}} {
		if got := p.Locked(until, now.Add(tc.at)); got != tc.want {
			t.Errorf("locked at +%v = %v", tc.at, got)
		}
	}
	msg := ErrorMessage(LockedError(until, now.Add(5*time.Minute)))
	if !strings.Contains(msg, "10 分钟") || ErrorCode(LockedError(until, now)) != ELocked {
		t.Errorf("locked message %q", msg)
	}
	// The time on the hall's clock (12:15 UTC), whatever the PC's zone.
	u := User{HasPassword: true, LockedUntil: until}
	if !strings.Contains(msg, "20:15 以后") || u.StateLabel(now) != "锁定至 20:15" {
		t.Errorf("locked until: %q, %q", msg, u.StateLabel(now))
	}
	if !strings.Contains(ErrorMessage(WrongPasswordError(2)), "再错 2 次") {
		t.Error("wrong-password message does not count down")
	}
}

func TestRolePermissions(t *testing.T) {
	for _, tc := range []struct {
		r    Role
		p    Permission
		want bool
	}{
		{RoleClerk, PermHandleCases, true}, {RoleClerk, PermManageUsers, false}, {RoleClerk, PermExport, false},
		{RoleSupervisor, PermExport, true}, {RoleSupervisor, PermHandleCases, false},
		{RoleAdmin, PermManageUsers, true}, {RoleAdmin, PermBackup, true}, {RoleAdmin, PermHandleCases, false},
		{RoleAdmin, PermRevealPerson, false},
	} {
		if tc.r.Can(tc.p) != tc.want {
			t.Errorf("%s can %s = %v", tc.r, tc.p, !tc.want)
		}
	}
	if r, err := ParseRole("监督人员"); err != nil || r != RoleSupervisor {
		t.Error("ParseRole by label")
	}
	if _, err := ParseRole("boss"); err == nil {
		t.Error("ParseRole accepted boss")
	}
	u := &User{DisplayName: "张三", Role: RoleClerk}
	if !strings.Contains(ErrorMessage(Forbidden(u, "管理账号")), "张三（窗口人员）没有管理账号的权限") {
		t.Error(Forbidden(u, "管理账号"))
	}
}

func TestMaskAddress(t *testing.T) {
	if got := MaskAddress("清河县人民路88号"); got != "清河县人民路***" {
		t.Errorf("MaskAddress = %q", got)
	}
}

// Aa123456 and Password1 met the three-kinds rule and were accepted.
func TestCommonPasswordsAreRefused(t *testing.T) {
	for _, pw := range []string{"Aa123456", "Password1", "P@ssw0rd", "1qaz@WSX", "Admin@123"} {
		if err := CheckPassword(pw, "wangkun"); err == nil || !strings.Contains(ErrorMessage(err), "常见密码") {
			t.Errorf("%s: %v, want refused as common", pw, err)
		}
	}
	if err := CheckPassword("Qinghe#Clerk1", "wangkun"); err != nil {
		t.Errorf("an uncommon password: %v", err)
	}
}
