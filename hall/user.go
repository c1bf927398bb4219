package hall

import (
	"context"
	"time"
)

// Role is what a user may do at the desk. The three roles keep business
// and administration apart (等保 2.0: least privilege, a separate admin).
type Role string

// Roles.
const (
	RoleClerk      Role = "clerk"      // 窗口人员: receives and handles cases
	RoleSupervisor Role = "supervisor" // 监督人员: watches time limits, exports
	RoleAdmin      Role = "admin"      // 管理员: users, settings, backup, audit
)

// Roles lists the roles in the order forms offer them.
var Roles = []Role{RoleClerk, RoleSupervisor, RoleAdmin}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleClerk:
		return "窗口人员"
	case RoleSupervisor:
		return "监督人员"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// ParseRole reads a role from its code or its Chinese name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if s == string(r) || s == r.Label() {
			return r, nil
		}
	}
	return "", Errorf(EInvalid, "“角色”应为 窗口人员、监督人员 或 管理员，现为“%s”", s)
}

// User is an account of the desk.
type User struct {
	ID          string
	Name        string // login name, unique at the desk
	DisplayName string // shown on screens and in the audit log
	Role        Role
	Disabled    bool
	MustChange  bool   // the password was set by an admin: change it at next login
	Source      string // "desk" or "platform"
	HasPassword bool   // a platform account gets its first password from an admin
	Failed      int    // failed logins in a row
	LockedUntil time.Time
	LastLogin   time.Time
	CreatedAt   time.Time
}

// Label is how screens name the user: 张三（窗口人员）.
func (u *User) Label() string {
	if u == nil {
		return "未登录"
	}
	return u.DisplayName + "（" + u.Role.Label() + "）"
}

// NewUser is what an admin fills in to create an account.
type NewUser struct {
	Name        string
	DisplayName string
	Role        Role
	Password    string // the first password; the user must change it
}

// AccountService is the desk's accounts and its one session: one window,
// one person working at it at a time. Methods that change accounts check
// the session's role themselves, whatever the screen shows.
type AccountService interface {
	// HasUsers reports whether any account exists; a desk with none is at
	// its first start and guides the admin through creating one.
	HasUsers(ctx context.Context) (bool, error)
	// Setup creates the first admin and the desk's data key, and logs in.
	Setup(ctx context.Context, admin NewUser) (*User, error)
	// Login checks the password offline, counts failures and locks the
	// account after too many; on success the desk's personal data opens.
	Login(ctx context.Context, name, password string) (*User, error)
	// Logout closes the session and forgets the data key.
	Logout(ctx context.Context)
	// Current is the logged-in user, nil when none.
	Current() *User
	// ChangePassword changes the session user's own password.
	ChangePassword(ctx context.Context, old, new string) error

	// Admin only.
	ListUsers(ctx context.Context) ([]User, error)
	CreateUser(ctx context.Context, u NewUser) (*User, error)
	// ResetPassword gives a user a new first password (also the way a
	// platform account gets its first one).
	ResetPassword(ctx context.Context, userID, password string) error
	SetRole(ctx context.Context, userID string, r Role) error
	SetDisabled(ctx context.Context, userID string, disabled bool) error
	// UnlockUser lifts a lockout before its time.
	UnlockUser(ctx context.Context, userID string) error
}

// StateLabel says in a word or two whether the account can log in now.
func (u *User) StateLabel(now time.Time) string {
	switch {
	case u.Disabled:
		return "已停用"
	case !u.HasPassword:
		return "待设置密码"
	case now.Before(u.LockedUntil):
		return "锁定至 " + HallTime(u.LockedUntil).Format("15:04")
	case u.MustChange:
		return "须修改密码"
	}
	return "正常"
}
