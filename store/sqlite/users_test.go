package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
)

const (
	adminPW = "Qinghe#Guan01"
	clerkPW = "Qinghe#Clerk1"
)

// keyedDB is a desk with its first admin (logged out) and a clerk who has
// changed the first password, at a cheap Argon2id cost.
func keyedDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(hall.AsDesk(context.Background()), t.TempDir()+"/t.db", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetKDF(secure.TestParams)
	ctx := hall.AsDesk(context.Background())
	u := db.Users()
	adm, err := u.Setup(ctx, hall.NewUser{Name: "admin", DisplayName: "赵管理", Password: adminPW})
	if err != nil {
		t.Fatal(err)
	}
	ctx = hall.AsUser(ctx, adm)
	if _, err := u.CreateUser(ctx, hall.NewUser{Name: "wangkun", DisplayName: "王堃", Role: hall.RoleClerk, Password: "First#Pass1"}); err != nil {
		t.Fatal(err)
	}
	u.Logout(ctx)
	if _, err := u.Login(ctx, "wangkun", "First#Pass1"); err != nil {
		t.Fatal(err)
	}
	if err := u.ChangePassword(ctx, "First#Pass1", clerkPW); err != nil {
		t.Fatal(err)
	}
	u.Logout(ctx)
	return db
}

// clerkDesk is keyedDB with its clerk wangkun logged in; ctx acts as them.
func clerkDesk(t testing.TB) (*DB, context.Context) {
	t.Helper()
	db := keyedDB(t)
	return db, hall.AsUser(hall.AsDesk(context.Background()), login(t, db, "wangkun", clerkPW))
}

func login(t testing.TB, db *DB, name, pw string) *hall.User {
	t.Helper()
	u, err := db.Users().Login(hall.AsDesk(context.Background()), name, pw)
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return u
}

func auditCount(t testing.TB, db *DB, action hall.AuditAction, outcome string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM audit_log WHERE action = ? AND outcome = ?",
		string(action), outcome).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSetupOnceThenLoginByRole(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	u := db.Users()
	if _, err := u.Setup(ctx, hall.NewUser{Name: "other", DisplayName: "钱", Password: adminPW}); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("second setup: %v", err)
	}
	if u.Current() != nil {
		t.Fatal("logged in after logout")
	}
	clerk := login(t, db, "WangKun", clerkPW) // login names ignore case
	if clerk.Role != hall.RoleClerk || clerk.MustChange || u.Current().ID != clerk.ID {
		t.Errorf("clerk = %+v", clerk)
	}
	if n := auditCount(t, db, hall.AuditLogin, hall.AuditOK); n != 3 { // setup, first clerk login, this one
		t.Errorf("%d login records", n)
	}
}

func TestFirstPasswordMustBeChanged(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	if _, err := db.Users().CreateUser(ctx, hall.NewUser{Name: "lisi", DisplayName: "李四", Role: hall.RoleSupervisor, Password: "short"}); hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "密码") {
		t.Errorf("weak first password: %v", err)
	}
	if _, err := db.Users().CreateUser(ctx, hall.NewUser{Name: "lisi", DisplayName: "李四", Role: hall.RoleSupervisor, Password: "Tree#First1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Users().CreateUser(ctx, hall.NewUser{Name: "LiSi", DisplayName: "李四", Role: hall.RoleClerk, Password: "Tree#First1"}); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("duplicate name: %v", err)
	}
	db.Users().Logout(ctx)
	u := login(t, db, "lisi", "Tree#First1")
	if !u.MustChange {
		t.Error("a first password set by the admin is not flagged for change")
	}
	for _, tc := range []struct{ old, new, want string }{
		{"Tree#First1", "Tree#First1", "不能与原密码相同"},
		{"wrong", "Tree#Second2", "原密码"},
		{"Tree#First1", "tree12345678", "至少三种"},
	} {
		if err := db.Users().ChangePassword(ctx, tc.old, tc.new); err == nil || !strings.Contains(hall.ErrorMessage(err), tc.want) {
			t.Errorf("change %q→%q: %v", tc.old, tc.new, err)
		}
	}
	if err := db.Users().ChangePassword(ctx, "Tree#First1", "Tree#Second2"); err != nil {
		t.Fatal(err)
	}
	db.Users().Logout(ctx)
	if _, err := db.Users().Login(ctx, "lisi", "Tree#First1"); err == nil {
		t.Error("the old password still works")
	}
	if u := login(t, db, "lisi", "Tree#Second2"); u.MustChange {
		t.Error("still flagged after the change")
	}
}

func TestLockoutAfterFiveWrongPasswords(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local)
	db.Now = func() time.Time { return now }
	for i := 1; i <= 4; i++ {
		_, err := db.Users().Login(ctx, "wangkun", "Wrong#Pass1")
		if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "再错") {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, err := db.Users().Login(ctx, "wangkun", "Wrong#Pass1")
	if hall.ErrorCode(err) != hall.ELocked || !strings.Contains(hall.ErrorMessage(err), "15 分钟") {
		t.Fatalf("fifth failure: %v", err)
	}
	now = now.Add(10 * time.Minute)
	if _, err := db.Users().Login(ctx, "wangkun", clerkPW); hall.ErrorCode(err) != hall.ELocked {
		t.Errorf("the right password during the lock: %v", err)
	}
	if db.Users().Current() != nil {
		t.Fatal("a locked account got a session")
	}
	now = now.Add(5 * time.Minute)
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
	if n := auditCount(t, db, hall.AuditLoginFailed, hall.AuditFailed); n != 6 {
		t.Errorf("%d failed-login records, want 6", n)
	}
	var detail string
	db.read.QueryRow("SELECT detail FROM audit_log WHERE detail LIKE '%锁定至%'").Scan(&detail)
	if !strings.Contains(detail, "连续 5 次密码错误") {
		t.Errorf("lock record detail %q", detail)
	}
	// An unknown name fails like a wrong password and is audited too.
	if _, err := db.Users().Login(ctx, "nobody", "x"); hall.ErrorMessage(err) != "登录名或密码错误，再错 4 次账号将被锁定" {
		t.Errorf("unknown name: %v", err)
	}
}

func TestLockoutTimeFromSettingsAndAdminUnlock(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	db.SetSetting(ctx, hall.SettingLockoutMinutes, "30")
	for i := 0; i < 5; i++ {
		db.Users().Login(ctx, "wangkun", "Wrong#Pass1")
	}
	if _, err := db.Users().Login(ctx, "wangkun", clerkPW); !strings.Contains(hall.ErrorMessage(err), "30 分钟") {
		t.Fatalf("lock with 30 minutes set: %v", err)
	}
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	id := userID(t, db, "wangkun")
	if err := db.Users().UnlockUser(ctx, id); err != nil {
		t.Fatal(err)
	}
	db.Users().Logout(ctx)
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
}

func userID(t testing.TB, db *DB, name string) string {
	t.Helper()
	r, err := userBy(hall.AsDesk(context.Background()), db.read, "name", name)
	if err != nil || r == nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return r.ID
}

func TestRolesAreCheckedInTheServices(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
	forbidden := func(what string, err error) {
		t.Helper()
		if hall.ErrorCode(err) != hall.EForbidden || !strings.Contains(hall.ErrorMessage(err), "王堃（窗口人员）没有") {
			t.Errorf("clerk %s: %v", what, err)
		}
	}
	_, err := db.Users().CreateUser(ctx, hall.NewUser{Name: "x1", DisplayName: "甲", Role: hall.RoleAdmin, Password: "Abc#12345"})
	forbidden("creates a user", err)
	_, err = db.Users().ListUsers(ctx)
	forbidden("lists users", err)
	forbidden("changes settings", db.GuardedSettings().SetSettings(ctx, map[string]string{hall.SettingDeskCode: "99"}))
	_, err = db.Audit().ListAudit(ctx, hall.AuditFilter{})
	forbidden("reads the audit log", err)
	if err := db.Cases().Open(ctx, newCase(it), hall.Event{Action: hall.ActReceive}); err != nil {
		t.Errorf("clerk opens a case: %v", err)
	}
	db.Users().Logout(ctx)
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	if err := db.Cases().Open(ctx, newCase(it), hall.Event{Action: hall.ActReceive}); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("admin handles a case: %v", err)
	}
	if err := db.GuardedSettings().SetSettings(ctx, map[string]string{hall.SettingIdleMinutes: "10"}); err != nil {
		t.Errorf("admin changes a setting: %v", err)
	}
	if n := auditCount(t, db, hall.AuditSetting, hall.AuditOK); n != 1 {
		t.Errorf("%d setting records", n)
	}
	if users, err := db.Users().ListUsers(ctx); err != nil || len(users) != 2 {
		t.Errorf("admin lists %d users: %v", len(users), err)
	}
}

func newCase(it hall.Item) *hall.Case {
	return &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: "王堃",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDType: hall.IDResidentCard,
			IDNumber: "11010519491231002X", Phone: "13812345678", Address: "清河县人民路1号"}}
}

func TestDisableRemovesSlotAndLastAdminStays(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	admin := login(t, db, "admin", adminPW)
	ctx = hall.AsUser(ctx, admin)
	clerk := userID(t, db, "wangkun")
	if err := db.Users().SetDisabled(ctx, clerk, true); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "key_slots"); n != 1 {
		t.Errorf("%d key slots after disabling the clerk", n)
	}
	if err := db.Users().SetDisabled(ctx, admin.ID, true); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("admin disables themself: %v", err)
	}
	if err := db.Users().SetRole(ctx, admin.ID, hall.RoleClerk); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("last admin drops the role: %v", err)
	}
	db.Users().Logout(ctx)
	if _, err := db.Users().Login(ctx, "wangkun", clerkPW); err == nil || strings.Contains(hall.ErrorMessage(err), "wangkun") {
		t.Errorf("disabled clerk logs in, or the message names the account: %v", err)
	}
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	db.Users().SetDisabled(ctx, clerk, false)
	if err := db.Users().ResetPassword(ctx, clerk, "Again#Pass1"); err != nil {
		t.Fatal(err)
	}
	db.Users().Logout(ctx)
	if u := login(t, db, "wangkun", "Again#Pass1"); !u.MustChange {
		t.Error("reset password not flagged for change")
	}
}

func TestPlatformAccountGetsItsFirstPasswordFromAnAdmin(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO platform_users (id, name, hall, role, active, updated_at)
			VALUES ('p-7', '孙玥', '341122', 'supervisor', 1, '')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Users().Login(ctx, "孙玥", "Any#Pass123"); err == nil {
		t.Fatal("a platform account with no desk password logged in")
	}
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	users, _ := db.Users().ListUsers(ctx)
	var found *hall.User
	for i := range users {
		if users[i].ID == "p-7" {
			found = &users[i]
		}
	}
	if found == nil || found.HasPassword || found.Source != "platform" || found.Role != hall.RoleSupervisor {
		t.Fatalf("platform account in the list: %+v", found)
	}
	if err := db.Users().ResetPassword(ctx, "p-7", "Sun#First12"); err != nil {
		t.Fatal(err)
	}
	db.Users().Logout(ctx)
	if u := login(t, db, "孙玥", "Sun#First12"); u.Role != hall.RoleSupervisor || !u.MustChange {
		t.Errorf("platform account = %+v", u)
	}
}

func TestCheapVerifierRenewedAtLogin(t *testing.T) {
	db := keyedDB(t)
	db.SetKDF(secure.Params{Time: 2, Memory: 128, Threads: 1})
	login(t, db, "wangkun", clerkPW)
	r, _ := userBy(hall.AsDesk(context.Background()), db.read, "name", "wangkun")
	if p, _, _, _ := secure.ParseVerifier(r.verifier); p.Time != 2 || p.Memory != 128 {
		t.Errorf("verifier not renewed: %s", r.verifier)
	}
	db.Users().Logout(hall.AsDesk(context.Background()))
	login(t, db, "wangkun", clerkPW)
}
