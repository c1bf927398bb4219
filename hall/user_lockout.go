package hall

import (
	"fmt"
	"time"
)

// Lockout is the failed-login policy: after MaxFailures wrong passwords in
// a row the account is locked for LockFor. The clock is the caller's, so
// the policy is a pure function of its inputs.
type Lockout struct {
	MaxFailures int
	LockFor     time.Duration
}

// DefaultLockout is 5 failures, 15 minutes (configurable in 设置).
var DefaultLockout = Lockout{MaxFailures: 5, LockFor: 15 * time.Minute}

// Locked reports whether an account locked until `until` is still locked.
func (Lockout) Locked(until, now time.Time) bool { return now.Before(until) }

// Failed returns the failure count and lock time after one more failure.
// Reaching the limit locks the account and starts the count again.
func (p Lockout) Failed(failed int, now time.Time) (int, time.Time) {
	failed++
	if failed >= p.MaxFailures {
		return 0, now.Add(p.LockFor)
	}
	return failed, time.Time{}
}

// Left is how many tries remain before the lock.
func (p Lockout) Left(failed int) int { return p.MaxFailures - failed }

// LockedError tells the person when they may try again.
func LockedError(until, now time.Time) *Error {
	mins := int(until.Sub(now).Round(time.Minute) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	return Errorf(ELocked, "该账号因连续输错密码已被锁定，请 %d 分钟后（%s 以后）再试，或请管理员解锁",
		mins, HallTime(until).Format("15:04"))
}

// WrongPasswordError says the login failed without telling whether the
// name exists, and how many tries remain.
func WrongPasswordError(left int) *Error {
	if left <= 0 {
		return Errorf(EInvalid, "登录名或密码错误")
	}
	return Errorf(EInvalid, "%s", fmt.Sprintf("登录名或密码错误，再错 %d 次账号将被锁定", left))
}
