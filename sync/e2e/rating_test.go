package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"yichuang/documents"
	"yichuang/hall"
	"yichuang/hall/supervision"
	"yichuang/sync/protocol"
	"yichuang/testsupport/desks"
)

// TestRatingReachesThePlatformOnce: the applicant's 好差评 of 受理 goes out
// with the next sync as an ordinary case event; the platform accepts the
// new kind, shows it on the case and in its events, and a second round
// sends nothing again.
func TestRatingReachesThePlatformOnce(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C6")
	res := k.seed(3, 0, 0)
	ctx := hall.AsDesk(context.Background())
	list, err := k.d.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, c := range list {
		if c.No == res.First {
			id = c.ID
		}
	}
	if id == "" {
		t.Fatalf("no case %s among %d", res.First, len(list))
	}
	ev, err := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryPoor, Reason: "材料清单与窗口要求不一致"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(ctx, id, ev); err != nil {
		t.Fatal(err)
	}
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	if failures := k.syncUntilDone(s, 30*time.Second); failures != 0 {
		t.Errorf("%d rounds failed the second time", failures)
	}
	checkSynced(t, k, p)
	v, err := k.client(p.url()).Case(ctx, res.First)
	if err != nil {
		t.Fatal(err)
	}
	var pc hall.Case
	if err := json.Unmarshal(v.Case, &pc); err != nil {
		t.Fatal(err)
	}
	rates := 0
	var last hall.Event
	for _, raw := range v.Events {
		var e hall.Event
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		if e.Action == hall.ActRate {
			rates++
			last = e
		}
	}
	r, ok := pc.Rated(hall.StageAccept)
	if rates != 1 || !ok || r.Level != hall.RateVeryPoor || r.Reason != "材料清单与窗口要求不一致" || len(pc.Ratings) != 1 {
		t.Errorf("platform: %d rating events, case ratings %+v", rates, pc.Ratings)
	}
	if lr, ok := hall.RatingOf(last); !ok || lr.Level != hall.RateVeryPoor || last.From != last.To {
		t.Errorf("platform's rating event %+v", last)
	}
	st, err := p.st.Stats(ctx)
	if err != nil || st.OpsRejected != 0 {
		t.Errorf("platform rejected %d operations (%v)", st.OpsRejected, err)
	}
}

// rateOnPlatform posts body to the platform's public rating route, as the
// progress page behind the receipt's QR code does: plain HTTP, no signature.
func rateOnPlatform(t *testing.T, p *platform, body string) (int, string) {
	t.Helper()
	res, err := http.Post(p.url()+protocol.PathRate, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// TestRatingFromTheQRCodeReachesTheDeskOnce: an applicant rates 受理 later
// through the platform's public route with the case number and the 评价码
// printed on the receipt. A wrong code, an unknown number, a 差评 without a
// reason, a second rating and an oversized body are refused in Chinese; the
// rating becomes a case event the desk pulls, which adds one row to its
// ratings table however often it syncs, and the desk then refuses to rate
// the stage again at the window. Past its burst the route answers 429.
func TestRatingFromTheQRCodeReachesTheDeskOnce(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C7")
	res := k.seed(3, 0, 0)
	ctx := hall.AsDesk(context.Background())
	list, err := k.d.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var c hall.Case
	for _, x := range list {
		if x.No == res.First {
			full, _, err := k.d.DB.Cases().Case(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			c = *full
		}
	}
	if c.ID == "" || c.AcceptedAt.IsZero() {
		t.Fatalf("no accepted case %s among %d", res.First, len(list))
	}
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Fatalf("%d rounds failed", failures)
	}
	code := hall.RatingCode(c.ID, c.No)
	wrong := "00000000"
	if wrong == code {
		wrong = "11111111"
	}
	rate := func(no, code, level, reason string) string {
		b, _ := json.Marshal(protocol.RateRequest{CaseNo: no, Code: code, Level: level, Reason: reason})
		return string(b)
	}
	for name, body := range map[string]string{
		"wrong code":   rate(c.No, wrong, "满意", ""),
		"no such case": rate("341122-20260101-C7-9999", code, "满意", ""),
	} {
		st, got := rateOnPlatform(t, p, body)
		if st != http.StatusNotFound || !strings.Contains(got, "办件编号或评价码不正确") {
			t.Errorf("%s: %d %s", name, st, got)
		}
	}
	if st, got := rateOnPlatform(t, p, rate(c.No, code, "不满意", " ")); st != http.StatusUnprocessableEntity ||
		!strings.Contains(got, "请填写原因") {
		t.Errorf("a 差评 without a reason: %d %s", st, got)
	}
	if st, got := rateOnPlatform(t, p, rate(c.No, code, "不满意", "等候时间过长")); st != http.StatusOK ||
		!strings.Contains(got, `"stage":"受理"`) {
		t.Fatalf("the rating: %d %s", st, got)
	}
	if st, got := rateOnPlatform(t, p, rate(c.No, code, "非常满意", "")); st != http.StatusConflict ||
		!strings.Contains(got, "一次一评") {
		t.Errorf("a second rating of 受理: %d %s", st, got)
	}
	if st, got := rateOnPlatform(t, p, rate(c.No, code, "不满意", strings.Repeat("长", 2000))); st != http.StatusRequestEntityTooLarge ||
		!strings.Contains(got, "过大") {
		t.Errorf("an oversized body: %d %s", st, got)
	}

	for range 2 { // a second round pulls nothing new and adds no row
		if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
			t.Fatalf("%d rounds failed", failures)
		}
	}
	snap, err := k.d.DB.Cases().Supervise(ctx, supervision.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []supervision.Rating
	for _, r := range snap.Ratings {
		if r.CaseNo == c.No {
			rows = append(rows, r)
		}
	}
	if len(rows) != 1 || rows[0].Stage != hall.StageAccept || rows[0].Level != hall.RatePoor ||
		rows[0].Channel != hall.ChannelQR || rows[0].Reason != "等候时间过长" || rows[0].Clerk != c.Clerk ||
		rows[0].Department != c.Department {
		t.Errorf("the desk's ratings of %s: %+v (case clerk %q, department %q)", c.No, rows, c.Clerk, c.Department)
	}
	got, _, err := k.d.DB.Cases().Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := got.Rated(hall.StageAccept); !ok || r.Channel != hall.ChannelQR || len(got.Ratings) != 1 {
		t.Errorf("the desk's case ratings %+v", got.Ratings)
	}
	ev, err := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryGood})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(ctx, c.ID, ev); hall.ErrorCode(err) != hall.EConflict || !strings.Contains(hall.ErrorMessage(err), "一次一评") {
		t.Errorf("the window rated 受理 again: %v", err)
	}
	if _, evs := platformEvents(t, k, p, c.No); countRate(evs) != 1 {
		t.Errorf("the platform holds %d rating events", countRate(evs))
	}

	limited := false
	for range 15 {
		if st, got := rateOnPlatform(t, p, rate(c.No, wrong, "满意", "")); st == http.StatusTooManyRequests {
			limited = strings.Contains(got, "请求过于频繁")
			break
		}
	}
	if !limited {
		t.Error("15 guesses in a row were never limited")
	}
}

func countRate(evs []hall.Event) int {
	n := 0
	for _, e := range evs {
		if e.Action == hall.ActRate {
			n++
		}
	}
	return n
}

// TestRatingOneAStageAcrossWindowAndQRCode: 受理 rated from the QR code on
// the platform, then at the window before the desk pulled it: the platform
// counts the ratings its events hold, not the desk's older snapshot, and
// refuses the window's, so it keeps one rating of the stage. The desk keeps
// its refused rating parked and the platform's as a conflict, both shown.
func TestRatingOneAStageAcrossWindowAndQRCode(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C8")
	res := k.seed(2, 0, 0)
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Fatalf("%d rounds failed", failures)
	}
	c := caseOf(t, k, res.First)
	body, _ := json.Marshal(protocol.RateRequest{CaseNo: c.No, Code: hall.RatingCode(c.ID, c.No), Level: "非常满意"})
	if st, got := rateOnPlatform(t, p, string(body)); st != http.StatusOK {
		t.Fatalf("QR rating: %d %s", st, got)
	}
	rateAt(t, k, c.No, hall.RateGood, "") // the desk has not pulled yet: it takes it
	if err := s.Engine.Round(hall.AsDesk(context.Background())); err != nil {
		t.Fatal(err)
	}
	// The window's rating is parked (refused) and the platform's does not
	// fit the desk's case: both shown to the clerk, neither lost.
	if n, err := k.d.DB.Sync().SyncCounts(hall.AsDesk(context.Background())); err != nil || n.Parked != 1 || n.Conflicts != 1 {
		t.Errorf("the desk after the round: %+v, %v", n, err)
	}
	if _, evs := platformEvents(t, k, p, c.No); countRate(evs) != 1 {
		t.Errorf("the platform holds %d rating events of 受理", countRate(evs))
	}
	st, err := p.st.Stats(hall.AsDesk(context.Background()))
	if err != nil || st.OpsRejected != 1 {
		t.Errorf("platform rejected %d operations, want the window's rating (%v)", st.OpsRejected, err)
	}
}

// TestBundleRatedOnceFromItsReceipt: the applicant scans a bundle receipt's
// QR code (一件事, three cases) and rates 受理 once; the page passes the
// link's bundle field on, and the platform records the rating on each of
// the three cases, each by its own 评价码. A case of another intake slipped
// into the field is passed over, a second rating is refused, a bundle
// rating of 出件 is refused; the desk pulls one rating row per case.
func TestBundleRatedOnceFromItsReceipt(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C8")
	ctx := hall.AsDesk(context.Background())
	cases, _ := desks.BundleAccepted(t, ctx, k.d, "YJS341122003")
	other, _ := desks.BundleAccepted(t, ctx, k.d, "YJS341122003")
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Fatalf("%d rounds failed", failures)
	}
	link, err := url.Parse(documents.BundleRatingLink("https://zwfw.example.gov.cn/progress", cases))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	slipped := q.Get("bundle") + "~" + other[0].No + "." + hall.RatingCode(other[0].ID, other[0].No)
	body := func(stage, bundle string) string {
		b, _ := json.Marshal(protocol.RateRequest{CaseNo: cases[0].No, Code: q.Get("code"), Stage: stage, Level: "满意", Bundle: bundle})
		return string(b)
	}
	if st, got := rateOnPlatform(t, p, body("出件", q.Get("bundle"))); st != http.StatusUnprocessableEntity ||
		!strings.Contains(got, "一件事的评价只针对受理服务") {
		t.Errorf("a bundle's 出件: %d %s", st, got)
	}
	st, got := rateOnPlatform(t, p, body("", slipped))
	var res protocol.RateResponse
	if err := json.Unmarshal([]byte(got), &res); st != http.StatusOK || err != nil || res.Stage != "受理" ||
		strings.Join(res.Cases, " ") != cases[0].No+" "+cases[1].No+" "+cases[2].No {
		t.Fatalf("the bundle's rating: %d %s", st, got)
	}
	if st, got := rateOnPlatform(t, p, body("", q.Get("bundle"))); st != http.StatusConflict || !strings.Contains(got, "一次一评") {
		t.Errorf("the bundle rated again: %d %s", st, got)
	}
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Fatalf("%d rounds failed", failures)
	}
	snap, err := k.d.DB.Cases().Supervise(ctx, supervision.Query{})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, r := range snap.Ratings {
		if r.Stage == hall.StageAccept && r.Channel == hall.ChannelQR && r.Level == hall.RateGood {
			rows[r.CaseNo]++
		}
	}
	if len(rows) != 3 || rows[cases[0].No] != 1 || rows[cases[1].No] != 1 || rows[cases[2].No] != 1 {
		t.Errorf("the desk's ratings by case: %v (want one for each of %s, %s, %s)", rows, cases[0].No, cases[1].No, cases[2].No)
	}
	if got, _, err := k.d.DB.Cases().Case(ctx, other[0].ID); err != nil || len(got.Ratings) != 0 {
		t.Errorf("the other intake's case was rated: %+v, %v", got, err)
	}
}
