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
