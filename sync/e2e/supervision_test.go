package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
	"yichuang/platform/store"
	"yichuang/sync/engine"
	"yichuang/sync/protocol"
)

// wiretap stands between desks and the platform and keeps every answer to
// the supervision feed exactly as it travelled (compressed).
type wiretap struct {
	mu     sync.Mutex
	bodies [][]byte
	asked  map[string]int // supervision requests by desk id
	url    string
}

func newWiretap(t *testing.T, target string) *wiretap {
	u, _ := url.Parse(target)
	w := &wiretap{asked: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(r *http.Response) error {
		if r.Request.URL.Path != protocol.PathSupervision {
			return nil
		}
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		w.mu.Lock()
		w.bodies = append(w.bodies, raw)
		w.asked[r.Request.Header.Get(protocol.HeaderDesk)]++
		w.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// newDeskIn registers a desk of hallCode.
func newDeskIn(t *testing.T, p *platform, hallCode, deskCode string) *testDesk {
	t.Helper()
	dir := t.TempDir()
	code, err := p.st.AddDesk(hall.AsDesk(context.Background()), hallCode, deskCode, "")
	if err != nil {
		t.Fatal(err)
	}
	if out, errs, rc := runCLI("register", "--data", dir, "--platform", p.url(), "--code", code); rc != 0 {
		t.Fatalf("register: exit %d\n%s%s", rc, out, errs)
	}
	k := &testDesk{t: t, dir: dir}
	k.open()
	t.Cleanup(k.close)
	return k
}

func as(user string) func(*engine.Config) {
	return func(c *engine.Config) { c.Supervisor = func() string { return user } }
}

// TestSupervisionFeed: a county with two townships. The county supervisor
// sees every hall, the township supervisor only its township, a desk of
// clerks never asks and is refused when it does, no applicant's name, ID
// number or phone travels in the feed (read from the raw answers), and a
// 督办 goes from the county's desk to the township's clerk and its reply
// back.
func TestSupervisionFeed(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	for _, h := range []store.Hall{{Code: "340000", Name: "安徽省", Level: "省"},
		{Code: "341100", Name: "滁州市", Level: "市", Parent: "340000"},
		{Code: "341122", Name: "清河县政务服务中心", Level: "县", Parent: "341100"},
		{Code: "341122100", Name: "清河镇便民服务中心", Level: "乡镇", Parent: "341122"},
		{Code: "341122200", Name: "双河镇便民服务中心", Level: "乡镇", Parent: "341122"},
		// A hall whose code starts like the county's but hangs elsewhere:
		// a prefix match would take it in.
		{Code: "341122900", Name: "邻市飞地中心", Level: "县", Parent: "341100"}} {
		if err := p.st.AddHall(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []hall.PlatformUser{{ID: "sup-county", Name: "王监督", Hall: "341122", Role: "监督人员", Active: true},
		{ID: "sup-town", Name: "李监督", Hall: "341122100", Role: "监督人员", Active: true},
		{ID: "clerk-b", Name: "赵窗口", Hall: "341122200", Role: "窗口人员", Active: true}} {
		if err := p.st.PublishUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.st.Grant(ctx, "sup-county", "341122"); err != nil {
		t.Fatal(err)
	}
	if err := p.st.Grant(ctx, "sup-town", "341122100"); err != nil {
		t.Fatal(err)
	}
	if err := p.st.Grant(ctx, "sup-town", "341122"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a township supervisor granted the county: %v", err)
	}
	if err := p.st.Grant(ctx, "clerk-b", "341122200"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a clerk granted a scope: %v", err)
	}
	tap := newWiretap(t, p.url())

	a := newDeskIn(t, p, "341122100", "01") // township 1
	b := newDeskIn(t, p, "341122200", "01") // township 2, clerks only
	x := newDeskIn(t, p, "341122900", "01") // the hall a prefix would wrongly take
	c := newDeskIn(t, p, "341122", "07")    // the county's supervisor's desk
	resA := a.seed(3, 0, 0)
	resB := b.seed(4, 0, 0)
	x.seed(2, 0, 0)
	resC := c.seed(2, 0, 0)
	// 好差评: township 1's applicant rates 受理 at the window, badly, with a
	// reason that names a phone (it must not travel); the county desk's own
	// applicant at its window; township 2's later through the QR route.
	const badReason = "窗口让我回电13912345678再来一次"
	rateAt(t, a, resA.First, hall.RateVeryPoor, badReason)
	rateAt(t, c, resC.First, hall.RateFair, "")
	for _, k := range []*testDesk{a, b, x} {
		if f := k.syncUntilDone(k.syncer(tap.url, 5*time.Second), 60*time.Second); f != 0 {
			t.Errorf("%d rounds failed", f)
		}
	}
	caseB := caseOf(t, b, resB.First)
	qr, _ := json.Marshal(protocol.RateRequest{CaseNo: caseB.No, Code: hall.RatingCode(caseB.ID, caseB.No), Level: "满意"})
	if st, got := rateOnPlatform(t, p, string(qr)); st != 200 {
		t.Fatalf("rating %s from the QR code: %d %s", caseB.No, st, got)
	}
	sc := c.syncer(tap.url, 5*time.Second, as("sup-county"))
	if f := c.syncUntilDone(sc, 60*time.Second); f != 0 {
		t.Errorf("%d rounds failed", f)
	}

	count := func(k *testDesk, s supervision.Scope) int {
		snap, err := k.d.DB.Cases().Supervise(ctx, supervision.Query{Scope: s})
		if err != nil {
			t.Fatal(err)
		}
		return len(snap.Cases)
	}
	if n := count(c, supervision.Scope{Kind: supervision.ScopeDesk}); n != 2 {
		t.Errorf("本窗口 %d cases, want 2", n)
	}
	if n := count(c, supervision.Scope{Kind: supervision.ScopeHall}); n != 2 {
		t.Errorf("本大厅 %d cases, want 2", n)
	}
	if n := count(c, supervision.Scope{Kind: supervision.ScopeUnder}); n != 7 {
		t.Errorf("下辖 %d cases, want 7 (3 + 4, not the other county's 2)", n)
	}
	if n := count(c, supervision.Scope{Kind: supervision.ScopeUnder, Hall: "341122100"}); n != 3 {
		t.Errorf("下辖 清河镇 %d cases, want 3", n)
	}
	checkScopeRatings(t, c, caseOf(t, a, resA.First), caseB, caseOf(t, c, resC.First))

	// Pages of two, the next asked for while the one before is written:
	// another county desk ends up with the same cases.
	c2 := newDeskIn(t, p, "341122", "08")
	s2 := c2.syncer(p.url(), 5*time.Second)
	if err := engine.PullSupervisionPaged(ctx, c2.d.DB.Sync(), s2.Client, "sup-county", 2); err != nil {
		t.Fatal(err)
	}
	if n := count(c2, supervision.Scope{Kind: supervision.ScopeUnder}); n != 7 {
		t.Errorf("paged pull: 下辖 %d cases, want 7", n)
	}
	if n := count(c2, supervision.Scope{Kind: supervision.ScopeHall}); n != 2 {
		t.Errorf("paged pull: 本大厅 %d cases (the other county desk's), want 2", n)
	}

	// The township supervisor at the township's desk: its township only.
	sa := a.syncer(tap.url, 5*time.Second, as("sup-town"))
	if f := a.syncUntilDone(sa, 60*time.Second); f != 0 {
		t.Errorf("%d rounds failed", f)
	}
	snap, err := a.d.DB.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeHall}})
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range snap.Cases {
		if cs.Hall != "341122100" {
			t.Errorf("the township's supervisor sees %s", cs.No)
		}
	}
	if len(snap.Cases) != 3 || len(snap.Halls) != 1 {
		t.Errorf("township scope: %d cases, %d halls; want 3, 1", len(snap.Cases), len(snap.Halls))
	}

	// The clerks' desk never asked, and is refused when it does.
	deskB, _ := b.d.DB.Setting(ctx, hall.SettingDeskID)
	if tap.asked[deskB] != 0 {
		t.Errorf("the clerks' desk asked for the feed %d times", tap.asked[deskB])
	}
	for _, user := range []string{"clerk-b", "sup-county", ""} {
		_, err := b.client(p.url()).Supervision(ctx, protocol.SupervisionRequest{User: user})
		var f *protocol.Fault
		if !errors.As(err, &f) || f.Code != protocol.CodeForbidden {
			t.Errorf("desk B asking for %q: %v, want forbidden", user, err)
		}
	}

	// No personal field on the wire: every seeded applicant's name, ID
	// number and phone, searched in every answer as it travelled, inflated.
	var secrets []string
	var nos []string
	for _, k := range []*testDesk{a, b} {
		n, err := k.d.DB.Sync().CaseNumbers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		nos = append(nos, n...)
	}
	for _, no := range nos {
		v, err := p.st.Case(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		var cs hall.Case
		if err := json.Unmarshal(v.Case, &cs); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{cs.Applicant.Name, cs.Applicant.IDNumber, cs.Applicant.Phone, cs.Applicant.Address} {
			if s != "" {
				secrets = append(secrets, s)
			}
		}
	}
	secrets = append(secrets, badReason, "13912345678")
	if len(secrets) < 14 {
		t.Fatalf("only %d personal values to look for", len(secrets))
	}
	if len(tap.bodies) < 2 {
		t.Fatalf("%d feed answers captured", len(tap.bodies))
	}
	for i, raw := range tap.bodies {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("answer %d is not gzip: %v", i, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && !strings.Contains(string(body), resA.First) {
			t.Errorf("the first answer does not carry case %s: the check would prove nothing", resA.First)
		}
		for _, s := range secrets {
			if strings.Contains(string(body), s) {
				t.Errorf("answer %d carries the personal value %q", i, s)
			}
		}
	}

	// 督办: the county's supervisor on township 1's first case.
	sup := hall.AsUser(context.Background(), &hall.User{ID: "sup-county", Name: "wang", DisplayName: "王监督", Role: hall.RoleSupervisor})
	replyBy := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	if _, err := c.d.DB.Cases().SendUrge(sup, resA.First, "请说明为何尚未审查", replyBy); err != nil {
		t.Fatal(err)
	}
	clerk := hall.AsUser(context.Background(), &hall.User{ID: "c1", Name: "c1", DisplayName: "张窗口", Role: hall.RoleClerk})
	if _, err := a.d.DB.Cases().SendUrge(clerk, resA.First, "x", replyBy); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a clerk sent a 督办: %v", err)
	}
	c.syncUntilDone(sc, 60*time.Second)
	a.syncUntilDone(sa, 60*time.Second)
	open, err := a.d.DB.Cases().Urges(ctx, true, true)
	if err != nil || len(open) != 1 || open[0].CaseNo != resA.First || open[0].By != "王监督" {
		t.Fatalf("township desk's open 督办: %+v, %v", open, err)
	}
	if err := a.d.DB.Cases().ReplyUrge(clerk, open[0].ID, "已于今日开始审查"); err != nil {
		t.Fatal(err)
	}
	a.syncUntilDone(sa, 60*time.Second)
	c.syncUntilDone(sc, 60*time.Second)
	sent, err := c.d.DB.Cases().Urges(ctx, false, false)
	if err != nil || len(sent) != 1 || sent[0].Reply != "已于今日开始审查" || sent[0].RepliedBy != "张窗口" {
		t.Fatalf("county desk's sent 督办: %+v, %v", sent, err)
	}
	snap, err = c.d.DB.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
	if err != nil {
		t.Fatal(err)
	}
	urged := 0
	for _, cs := range snap.Cases {
		if cs.No == resA.First {
			urged = cs.Urges*10 + cs.UrgesOpen
		}
	}
	if urged != 10 {
		t.Errorf("the feed counts %d 督办 (×10) + %d open on %s, want 1 answered", urged/10, urged%10, resA.First)
	}
}

// rateAt records the applicant's rating of 受理 of case no at desk k's window.
func rateAt(t *testing.T, k *testDesk, no string, level hall.RatingLevel, reason string) {
	t.Helper()
	ev, err := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: level, Reason: reason})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(hall.AsDesk(context.Background()), caseOf(t, k, no).ID, ev); err != nil {
		t.Fatal(err)
	}
}

// caseOf reads case no from desk k.
func caseOf(t *testing.T, k *testDesk, no string) *hall.Case {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	list, err := k.d.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range list {
		if x.No == no {
			c, _, err := k.d.DB.Cases().Case(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("no case %s", no)
	return nil
}

// checkScopeRatings: the county desk counts each scope's 好差评 — its own at
// 本窗口 and 本大厅, township 1's window rating and township 2's QR rating
// at 下辖 (by clerk and department, a township alone, in the monthly report),
// the reason's text nowhere, only that one was given.
func checkScopeRatings(t *testing.T, c *testDesk, ra, rb, rc *hall.Case) {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	ratings := func(s supervision.Scope) supervision.Snapshot {
		snap, err := c.d.DB.Cases().Supervise(ctx, supervision.Query{Scope: s})
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}
	for _, kind := range []supervision.ScopeKind{supervision.ScopeDesk, supervision.ScopeHall} {
		if rs := ratings(supervision.Scope{Kind: kind}).Ratings; len(rs) != 1 || rs[0].CaseNo != rc.No || rs[0].Level != hall.RateFair {
			t.Errorf("scope %v: ratings %+v, want the desk's own", kind, rs)
		}
	}
	under := ratings(supervision.Scope{Kind: supervision.ScopeUnder})
	byNo := map[string]supervision.Rating{}
	for _, r := range under.Ratings {
		byNo[r.CaseNo] = r
	}
	a, b := byNo[ra.No], byNo[rb.No]
	if len(under.Ratings) != 2 || a.Level != hall.RateVeryPoor || !a.Reasoned || a.Reason != "" || !a.Remote ||
		a.Clerk != ra.Clerk || a.Department != ra.Department || a.Channel != hall.ChannelWindow ||
		b.Level != hall.RateGood || b.Channel != hall.ChannelQR || b.Reasoned || b.Department != rb.Department {
		t.Errorf("下辖 ratings %+v", under.Ratings)
	}
	if a.ReasonText() == "" || strings.Contains(a.ReasonText(), "139") {
		t.Errorf("a remote 差评's reason reads %q", a.ReasonText())
	}
	deps, total := supervision.RatingsByDepartment(under.Ratings)
	clerks, _ := supervision.RatingsByClerk(under.Ratings)
	if total.Count != 2 || total.Bad() != 1 || len(deps) == 0 || len(clerks) == 0 {
		t.Errorf("下辖 counted: total %+v, %d departments, %d clerks", total, len(deps), len(clerks))
	}
	town := ratings(supervision.Scope{Kind: supervision.ScopeUnder, Hall: "341122100"}).Ratings
	if len(town) != 1 || town[0].CaseNo != ra.No {
		t.Errorf("下辖 清河镇 ratings %+v", town)
	}
	today := calendar.HallDate(time.Now())
	m := report.MonthOf(today)
	snap, err := c.d.DB.Cases().Supervise(ctx, supervision.Query{From: m.Prev().First(), To: m.Last(),
		Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
	if err != nil {
		t.Fatal(err)
	}
	r := report.Build(snap, m, today, supervision.DefaultSettings())
	if r.This.Ratings.Count != 2 || len(r.This.Bad) != 1 || r.This.Bad[0].CaseNo != ra.No {
		t.Errorf("the monthly report at 下辖: %+v, 差评 %+v", r.This.Ratings, r.This.Bad)
	}
}
