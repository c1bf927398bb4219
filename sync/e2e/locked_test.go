package e2e

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/seed"
)

// TestEngineWritesWithItsOwnKeyAfterLogout: a desk works without accounts
// (its engine starts with no key), its first admin is created in the
// window, a clerk logs in and out. The engine, which took the key of that
// login, must go on pulling the platform's decisions into the cases made
// before the accounts, and pushing what was made meanwhile, while the
// window is locked; nothing it writes is in clear.
func TestEngineWritesWithItsOwnKeyAfterLogout(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	k := newDesk(t, p, "L1")
	res := k.seed(2, 0, 0)
	s := k.syncer(p.url(), 5*time.Second) // built like the window's: no accounts, no key
	k.syncUntilDone(s, 30*time.Second)

	users := k.d.DB.Users()
	admin, err := users.Setup(ctx, hall.NewUser{Name: "zhaoguan", DisplayName: "赵管理", Password: "Qinghe#2026"})
	if err != nil {
		t.Fatal(err)
	}
	clerk, err := users.CreateUser(hall.AsUser(ctx, admin), hall.NewUser{Name: "wangkun", DisplayName: "王坤",
		Role: hall.RoleClerk, Password: "Qinghe#2027"})
	if err != nil {
		t.Fatal(err)
	}
	users.Logout(hall.AsUser(ctx, admin))
	if _, err := users.Login(ctx, clerk.Name, "Qinghe#2027"); err != nil {
		t.Fatal(err)
	}
	// A round while the clerk is logged in: the engine takes this login's key.
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatalf("a round while logged in: %v", err)
	}
	// The clerk takes one more case, then logs out: the window locks.
	more := k.seed(1, 0, 0)
	users.Logout(hall.AsUser(ctx, clerk))
	if users.Current() != nil {
		t.Fatal("still logged in after logout")
	}
	// With nobody logged in, the window's own calls write nothing personal.
	if _, err := seed.Cases(ctx, k.d, seed.Options{Cases: 1, Seed: 7}); hall.ErrorCode(err) != hall.EForbidden {
		t.Fatalf("a case taken with the window locked: %v, want refused", err)
	}

	if _, err := p.st.Decide(ctx, res.First, hall.Event{Action: hall.ActStartReview, Actor: "后台审批"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.Decide(ctx, res.First, hall.Event{Action: hall.ActDecide, Actor: "后台审批", Result: hall.ResultApproved}); err != nil {
		t.Fatal(err)
	}
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatalf("a round after logout: %v", err)
	}
	if c, err := k.d.DB.Sync().SyncCounts(ctx); err != nil || c.Outstanding() != 0 {
		t.Fatalf("left after a round with the window locked: %+v %v", c, err)
	}
	if nos, _ := p.st.CaseNumbers(ctx); !contains(nos, more.First) {
		t.Errorf("the case taken before logout did not reach the platform: %v", nos)
	}
	raw := rawDB(t, k)
	var state string
	if err := raw.QueryRowContext(ctx, "SELECT state FROM cases WHERE no = ?", res.First).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if hall.State(state) != hall.StateDecided {
		t.Errorf("the platform's decision did not reach the desk's case: %s", state)
	}
	noClearPersonal(t, raw)
}

// rawDB opens the desk's database file read-only, as anyone holding it could.
func rawDB(t *testing.T, k *testDesk) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+k.d.DB.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// noClearPersonal fails when a document column of the desk holds a personal
// value in clear.
func noClearPersonal(t *testing.T, raw *sql.DB) {
	t.Helper()
	for _, q := range []string{"SELECT doc FROM cases", "SELECT doc FROM case_events", "SELECT body FROM outbox",
		"SELECT doc FROM drafts", "SELECT doc FROM sync_conflicts"} {
		rows, err := raw.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var doc string
			if err := rows.Scan(&doc); err != nil {
				t.Fatal(err)
			}
			if secure.HasClearPersonal([]byte(doc)) {
				t.Errorf("%s: personal data in clear: %.200s", q, doc)
			}
		}
		rows.Close()
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
