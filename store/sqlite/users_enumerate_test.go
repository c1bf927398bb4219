package sqlite

import (
	"context"
	"regexp"
	"testing"

	"yichuang/hall"
)

// Before, a wrong password on a real name said how many tries were left
// and then that the account was locked, while an unknown name only ever
// said 登录名或密码错误: the messages told which names exist.
func TestLoginMessagesDoNotTellWhetherANameExists(t *testing.T) {
	db := keyedDB(t)
	ctx := context.Background()
	clock := regexp.MustCompile(`\d+ 分钟后（\d\d:\d\d 以后）`)
	for i := 0; i < 7; i++ {
		_, real := db.Users().Login(ctx, "wangkun", "Wrong#Pass1")
		_, ghost := db.Users().Login(ctx, "wangkun2", "Wrong#Pass1")
		a, b := clock.ReplaceAllString(hall.ErrorMessage(real), "…"), clock.ReplaceAllString(hall.ErrorMessage(ghost), "…")
		if a != b || hall.ErrorCode(real) != hall.ErrorCode(ghost) {
			t.Errorf("try %d: an account says %q, no account says %q", i+1, a, b)
		}
	}
}

// Before, a stopped account said 「账号“wangkun”已停用」 and one without a
// password 「账号“…”尚未设置密码」, each naming the account where an unknown
// name said 登录名或密码错误. Now every failed login says what an unknown
// name does; the audit log keeps the reason.
func TestStoppedAndPasswordlessAccountsAnswerAsUnknownNames(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	adm, err := db.Users().Login(ctx, "admin", adminPW)
	if err != nil {
		t.Fatal(err)
	}
	actx := hall.AsUser(ctx, adm)
	users, err := db.Users().ListUsers(actx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Name == "wangkun" {
			if err := db.Users().SetDisabled(actx, u.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	nopw, err := db.Users().CreateUser(actx, hall.NewUser{Name: "lisi", DisplayName: "李四", Role: hall.RoleClerk, Password: "First#Pass1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, "UPDATE users SET verifier = '' WHERE id = ?", nopw.ID); err != nil {
		t.Fatal(err)
	}
	db.Users().Logout(actx)
	clock := regexp.MustCompile(`\d+ 分钟后（\d\d:\d\d 以后）`)
	for i := 0; i < 7; i++ {
		_, ghost := db.Users().Login(ctx, "nobody9", "Wrong#Pass1")
		want := clock.ReplaceAllString(hall.ErrorMessage(ghost), "…")
		for _, name := range []string{"wangkun", "lisi"} {
			_, err := db.Users().Login(ctx, name, clerkPW)
			if got := clock.ReplaceAllString(hall.ErrorMessage(err), "…"); got != want || hall.ErrorCode(err) != hall.ErrorCode(ghost) {
				t.Errorf("try %d: %s says %q, an unknown name %q", i+1, name, got, want)
			}
		}
	}
	var detail string
	if err := db.read.QueryRowContext(ctx, "SELECT detail FROM audit_log WHERE object = 'wangkun' ORDER BY seq DESC LIMIT 1").Scan(&detail); err != nil || detail != "账号已停用" {
		t.Errorf("the audit log's reason: %q %v", detail, err)
	}
}
