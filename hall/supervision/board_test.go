package supervision

import (
	"slices"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/testsupport/halldays"
)

// The shared fixtures of the hall's dates (testsupport/halldays).
var (
	loadCal = halldays.Calendar
	day     = halldays.Day
	at10    = halldays.At10
)

const (
	civil  = "县民政局"
	market = "县市场监督管理局"
)

func kase(no, dept, clerk string, st hall.State, accepted, due, finished string, days int) Case {
	return Case{No: no, ItemCode: "0001" + no, ItemName: "事项" + no, Department: dept, Clerk: clerk,
		State: st, AcceptedAt: at10(accepted), FinishedAt: at10(finished), PromiseDue: due, LegalDue: due,
		PromiseLimit: hall.Limit{Days: days, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: days, Unit: hall.WorkingDays}}
}

// sample is a board on Monday 2026-03-16 with one case of every kind.
func sample(t testing.TB) *Board {
	snap := Snapshot{Calendar: loadCal(t), Waiting: 3, Cases: []Case{
		kase("A", civil, "王芳", hall.StateReview, "2026-03-02", "2026-03-30", "", 20),           // 10 of 20 left: green
		kase("B", civil, "李娜", hall.StateAccepted, "2026-03-09", "2026-03-18", "", 7),          // 2 left: yellow
		kase("C", market, "王芳", hall.StateReview, "2026-03-02", "2026-03-13", "", 9),           // due last Friday: red
		kase("D", market, "李娜", hall.StateSpecial, "2026-03-02", "2026-03-20", "", 10),         // suspended
		kase("E", civil, "王芳", hall.StateDecided, "2026-03-02", "2026-03-12", "2026-03-10", 8), // early
		kase("F", civil, "李娜", hall.StateDelivered, "2026-03-02", "2026-03-12", "2026-03-13", 8),
		kase("G", market, "王芳", hall.StateDecided, "2026-03-12", "2026-03-12", "2026-03-12", 0), // 即办件
		kase("H", market, "王芳", hall.StateAccepted, "2026-03-13", "", "", 5),                    // no due date
		kase("I", civil, "", hall.StateReview, "2026-03-10", "2027-01-05", "", 200),             // into 2027
	}}
	snap.Cases[3].Stops = "2026-03-05~" // a special procedure since Thursday 03-05
	snap.Cases[4].StoppedWorkdays = 2
	snap.Cases[8].Provisional = true
	return Evaluate(snap, day("2026-03-16"), DefaultSettings())
}

func byNo(b *Board, no string) *Row {
	for i := range b.Rows {
		if b.Rows[i].No == no {
			return &b.Rows[i]
		}
	}
	return nil
}

func TestEvaluateLightsEveryKind(t *testing.T) {
	b := sample(t)
	want := map[string]calendar.Light{"A": calendar.Green, "B": calendar.Yellow, "C": calendar.Red,
		"D": calendar.Suspended, "I": calendar.Green}
	for i := range b.Rows {
		r := &b.Rows[i]
		if r.Light != want[r.No] {
			t.Errorf("%s: light %s, want %s", r.No, r.Light, want[r.No])
		}
	}
	if got := [5]int(b.Counts); got != [5]int{0, 2, 1, 1, 1} || b.Open() != 5 {
		t.Errorf("counts = %v open %d", got, b.Open())
	}
	if b.Waiting != 3 || b.Undated != 1 || b.Provisional != 1 || !slices.Equal(b.Uncovered, []int{2027}) {
		t.Errorf("waiting %d undated %d provisional %d uncovered %v", b.Waiting, b.Undated, b.Provisional, b.Uncovered)
	}
	if r := byNo(b, "C"); r.Left != -1 || !r.Late {
		t.Errorf("C: left %d late %v, want -1 and late", r.Left, r.Late)
	}
	// D's stop has run from 03-05 through today: 03-03 and 03-04 counted,
	// 8 days from 03-17 on.
	if r := byNo(b, "D"); r.Promise.String() != "2026-03-26" || r.Left != 8 || r.Late {
		t.Errorf("D (suspended): due %s, %d left", r.Promise, r.Left)
	}
	if r := byNo(b, "I"); !r.PromiseTentative || !r.LegalTentative {
		t.Errorf("I runs into 2027: tentative %v %v", r.PromiseTentative, r.LegalTentative)
	}
	if r := byNo(b, "B"); r.Left != 2 || r.Late || r.PromiseTentative {
		t.Errorf("B: left %d", r.Left)
	}
	// E: 03-03..03-10 is 6 working days, 2 of them stopped.
	if r := byNo(b, "E"); r.Used != 4 || !r.Early || r.Late || r.Light != 0 {
		t.Errorf("E: used %d early %v late %v light %v", r.Used, r.Early, r.Late, r.Light)
	}
	if r := byNo(b, "F"); !r.Late || r.Early {
		t.Errorf("F finished the day after its due date: late %v early %v", r.Late, r.Early)
	}
	if r := byNo(b, "G"); r.Late || r.Early || r.Used != 0 {
		t.Errorf("G (即办件 the same day): late %v early %v used %d", r.Late, r.Early, r.Used)
	}
	if !slices.Equal(b.Departments(), []string{market, civil}) || !slices.Equal(b.Clerks(), []string{"", "李娜", "王芳"}) {
		t.Errorf("departments %v clerks %v", b.Departments(), b.Clerks())
	}
}

func nos(rows []*Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.No)
	}
	return out
}

func TestSelectAndSort(t *testing.T) {
	b := sample(t)
	for _, tc := range []struct {
		f    Filter
		want []string
	}{
		{Filter{}, []string{"A", "B", "C", "D", "E", "F", "G", "H", "I"}},
		{Filter{Show: ShowOpen}, []string{"A", "B", "C", "D", "H", "I"}},
		{Filter{Show: ShowRed}, []string{"C"}},
		{Filter{Show: ShowSuspended}, []string{"D"}},
		{Filter{Show: ShowFinished}, []string{"E", "F", "G"}},
		{Filter{Show: ShowLate}, []string{"C", "F"}},
		{Filter{Show: ShowDueSoon}, []string{"B", "C"}},
		{Filter{Department: market}, []string{"C", "D", "G", "H"}},
		{Filter{Clerk: "李娜", Show: ShowOpen}, []string{"B", "D"}},
		{Filter{Item: "事项E"}, []string{"E"}},
		{Filter{NoClerk: true}, []string{"I"}},
		{Filter{Item: "0001G"}, []string{"G"}},
		{Filter{From: day("2026-03-09"), To: day("2026-03-12")}, []string{"B", "G", "I"}},
		{Filter{Show: ShowGreen, Department: civil, To: day("2026-03-05")}, []string{"A"}},
	} {
		if got := nos(b.Select(tc.f)); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.f, got, tc.want)
		}
	}
	rows := b.Select(Filter{})
	Sort(rows, ColLight, false)
	if got := nos(rows); !slices.Equal(got[:5], []string{"C", "B", "A", "I", "D"}) {
		t.Errorf("by urgency: %v", got)
	}
	Sort(rows, ColPromise, true)
	if got := nos(rows); got[0] != "I" || got[len(got)-1] != "H" {
		t.Errorf("by due date, latest first: %v", got)
	}
	Sort(rows, ColLeft, false)
	if got := nos(rows); got[0] != "C" || got[1] != "H" {
		// C is overdue (-1); H has no due date (0 left but counts first
		// among 0s by number); finished cases come last.
		t.Errorf("by days left: %v", got)
	}
	Sort(rows, ColClerk, false)
	if got := nos(rows); got[0] != "I" {
		t.Errorf("by clerk: the case without a clerk should come first: %v", got)
	}
}

func TestStatsByDepartmentAndClerk(t *testing.T) {
	b := sample(t)
	deps, total := ByDepartment(b.Select(Filter{}))
	// Sorted by code point: 县市… before 县民….
	if len(deps) != 2 || deps[0].Name != market {
		t.Fatalf("departments = %+v", deps)
	}
	c := deps[1] // A B E F I
	if c.Cases != 5 || c.Open != 3 || c.Finished != 2 || c.OnTime != 1 || c.Early != 1 || c.Overdue != 1 {
		t.Errorf("民政局 = %+v", c)
	}
	if c.OnTimeRate() != 0.5 || c.EarlyRate() != 0.5 {
		t.Errorf("民政局 rates %v %v", c.OnTimeRate(), c.EarlyRate())
	}
	// E used 4, F 03-03..03-13 = 9: average 6.5.
	if c.AvgDays() != 6.5 {
		t.Errorf("民政局 average days = %v", c.AvgDays())
	}
	m := deps[0] // C D G H
	if m.Instant != 1 || m.InstantShare() != 0.25 || m.Overdue != 1 || m.Finished != 1 || m.OnTimeRate() != 1 {
		t.Errorf("市场监管 = %+v", m)
	}
	if total.Cases != 9 || total.Finished != 3 || total.Overdue != 2 || total.Name != "合计" {
		t.Errorf("total = %+v", total)
	}
	if total.Lights[calendar.Red] != 1 || total.Lights[calendar.Green] != 2 {
		t.Errorf("total lights = %v", total.Lights)
	}
	clerks, _ := ByClerk(b.Select(Filter{}))
	if len(clerks) != 3 || clerks[0].Name != "" || clerks[2].Name != "王芳" || clerks[2].Cases != 5 {
		t.Errorf("clerks = %+v", clerks)
	}
	var none Stat
	if none.OnTimeRate() != 0 || none.AvgDays() != 0 {
		t.Error("an empty group must not divide by zero")
	}
}

func TestDueSoonListsOverdueAndNearlyDue(t *testing.T) {
	b := sample(t)
	if got := nos(b.DueSoon()); !slices.Equal(got, []string{"C", "B"}) {
		t.Errorf("due soon = %v, want C (overdue) then B (2 days left); D is suspended", got)
	}
	b.Settings.NoticeDays = 0
	if got := nos(b.DueSoon()); !slices.Equal(got, []string{"C"}) {
		t.Errorf("notice 0 days = %v", got)
	}
}

func TestSettings(t *testing.T) {
	s, err := ParseSettings("")
	if err != nil || s != DefaultSettings() {
		t.Errorf("empty = %+v, %v", s, err)
	}
	s.YellowRemaining, s.YellowShare, s.NoticeDays = 3, 0.5, 5
	back, err := ParseSettings(s.Encode())
	if err != nil || back != s {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	for _, bad := range []string{`{"notice_days": 31}`, `{"yellow_share": 1.5}`, `{"yellow_remaining": -1}`, `{`} {
		if _, err := ParseSettings(bad); err == nil || hall.ErrorCode(err) != hall.EInvalid {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := ParseSettings(`{"notice_days": 31}`); !containsAll(hall.ErrorMessage(err), "到期提醒", "31") {
		t.Errorf("message %q", hall.ErrorMessage(err))
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
