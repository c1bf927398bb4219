// Package report computes the supervisors' monthly report (月度报告) over
// the cases of a month, with the previous month beside it. It is pure: the
// caller loads the cases (supervision.Service) and writes the result (export).
//
// Definitions (DOMAIN.md, "Counting time limits"), the same as the 时限监督
// screen's statistics, so that the report and the screen agree for the
// same range and day:
//
//   - A month's cases are those accepted (受理) in it, seen as they stood at
//     the end of its last day (or today, for the month still running): a
//     case finished later counts as open.
//   - 办件量: those cases; 办结: finished by then; 在办: the rest.
//   - 按时办结率 = finished on or before the promised date ÷ finished.
//   - 提前办结率 = finished before the promised date ÷ finished.
//   - 超期: finished after the promised date, or open past it.
//   - 即办件占比 = 即办件 (promise 0 days) ÷ 办件量.
//   - 挂起: stops of the clock (补正 and 特别程序, as the supervisor's index
//     keeps them) that began in the month.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	d, err := calendar.ParseDate(strings.TrimSpace(s) + "-01")
	if err != nil || len(strings.TrimSpace(s)) != 7 {
		return Month{}, hall.Errorf(hall.EInvalid, "月份“%s”格式不对，应写成“年-月”，如2026-03", s)
	}
	return Month{d.Year(), d.Month()}, nil
}

// MonthOf is the month of d.
func MonthOf(d calendar.Date) Month { return Month{d.Year(), d.Month()} }

func (m Month) String() string {
	return m.First().String()[:7]
}

// First is the month's first day.
func (m Month) First() calendar.Date {
	d, _ := calendar.MakeDate(m.Year, m.Month, 1)
	return d
}

// Last is the month's last day.
func (m Month) Last() calendar.Date { return m.Next().First().AddDays(-1) }

// Prev is the month before m.
func (m Month) Prev() Month {
	if m.Month == time.January {
		return Month{m.Year - 1, time.December}
	}
	return Month{m.Year, m.Month - 1}
}

// Next is the month after m.
func (m Month) Next() Month {
	if m.Month == time.December {
		return Month{m.Year + 1, time.January}
	}
	return Month{m.Year, m.Month + 1}
}

// Overdue is one overdue case of the month.
type Overdue struct {
	Row *supervision.Row
	// Days is how many working days past the promised date it finished,
	// or stood open at the cutoff.
	Days int
	// Stops is how many times the clock stopped (补正, 特别程序).
	Stops int
	// Reason is the 超期原因 the supervisor recorded; "" while none is.
	Reason string
}

// NoReason is what the report says of an overdue case with no reason yet.
const NoReason = "（未登记）"

// ReasonText is the overdue case's reason, or NoReason.
func (o Overdue) ReasonText() string {
	if o.Reason == "" {
		return NoReason
	}
	return o.Reason
}

// OverdueNos are the numbers of both months' overdue cases, to look their
// reasons up (supervision.Reasons).
func (r *Report) OverdueNos() []string {
	var nos []string
	for _, p := range []*Period{&r.This, &r.Previous} {
		for _, o := range p.Overdue {
			nos = append(nos, o.Row.No)
		}
	}
	return nos
}

// SetReasons puts the recorded reasons (by case number) on the overdue cases.
func (r *Report) SetReasons(reasons map[string]string) {
	for _, p := range []*Period{&r.This, &r.Previous} {
		for i := range p.Overdue {
			p.Overdue[i].Reason = reasons[p.Overdue[i].Row.No]
		}
	}
}

// Period is one month's figures.
type Period struct {
	Month Month
	// Cutoff is the day the cases were seen on: the month's last day, or
	// today while the month runs.
	Cutoff      calendar.Date
	Total       supervision.Stat
	Departments []supervision.Stat
	Items       []supervision.Stat // by item: Name is "name（code）"
	Clerks      []supervision.Stat
	Overdue     []Overdue
	// Stops counts the clock stops (补正, 特别程序) that began in the month,
	// on any case.
	Stops int
	// Provisional counts the month's open cases whose dates may still move.
	Provisional int
	// Ratings are the month's 好差评 (given from its first day to the
	// cutoff, on any case), counted in total, by department and by clerk;
	// Bad lists the 差评 with their reasons.
	Ratings            supervision.RatingStat
	RatingsDepartments []supervision.RatingStat
	RatingsClerks      []supervision.RatingStat
	Bad                []supervision.Rating
}

// RatingText sums up the month's ratings in one line, or says there were
// none.
func (p Period) RatingText() string {
	t := p.Ratings
	if t.Count == 0 {
		return NoRatings
	}
	return fmt.Sprintf("评价%d次，差评%d次，好评率%.2f%%", t.Count, t.Bad(), t.GoodRate()*100)
}

// Report is the chosen month with the one before it.
type Report struct {
	Hall           string
	This, Previous Period
}

// Build computes the report for month m from snap, which must hold at least
// the cases accepted in m and in the month before (more is fine), counted
// with settings s. today bounds the cutoff of a month still running.
func Build(snap supervision.Snapshot, m Month, today calendar.Date, s supervision.Settings) Report {
	return Report{This: period(snap, m, today, s), Previous: period(snap, m.Prev(), today, s)}
}

func period(snap supervision.Snapshot, m Month, today calendar.Date, s supervision.Settings) Period {
	p := Period{Month: m, Cutoff: m.Last()}
	if today.Before(p.Cutoff) {
		p.Cutoff = today
	}
	first := m.First()
	var cases []supervision.Case
	for _, c := range snap.Cases {
		if stops, err := calendar.ParseStops(c.Stops); err == nil {
			for _, st := range stops {
				if !st.From.Before(first) && !st.From.After(p.Cutoff) {
					p.Stops++
				}
			}
		}
		acc := calendar.HallDate(c.AcceptedAt)
		if acc.Before(first) || acc.After(p.Cutoff) {
			continue
		}
		if !c.FinishedAt.IsZero() && calendar.HallDate(c.FinishedAt).After(p.Cutoff) {
			c.FinishedAt = time.Time{} // as it stood at the cutoff
		}
		cases = append(cases, c)
	}
	var rated []supervision.Rating
	for _, r := range snap.Ratings {
		if d := calendar.HallDate(r.At); d.Before(first) || d.After(p.Cutoff) {
			continue
		}
		rated = append(rated, r)
		if r.Level.Bad() {
			p.Bad = append(p.Bad, r)
		}
	}
	p.RatingsDepartments, p.Ratings = supervision.RatingsByDepartment(rated)
	p.RatingsClerks, _ = supervision.RatingsByClerk(rated)
	b := supervision.Evaluate(supervision.Snapshot{Cases: cases, Calendar: snap.Calendar}, p.Cutoff, s)
	rows := b.Select(supervision.Filter{})
	p.Provisional = b.Provisional
	p.Departments, p.Total = supervision.ByDepartment(rows)
	p.Clerks, _ = supervision.ByClerk(rows)
	p.Items, _ = supervision.ByItem(rows)
	for _, r := range rows {
		if !r.Late {
			continue
		}
		end := r.Finished
		if r.Open() {
			end = p.Cutoff
		}
		o := Overdue{Row: r, Days: snap.Calendar.WorkdaysBetween(r.Promise, end)}
		if stops, err := calendar.ParseStops(r.Stops); err == nil {
			o.Stops = len(stops)
		}
		p.Overdue = append(p.Overdue, o)
	}
	slices.SortFunc(p.Overdue, func(a, b Overdue) int {
		return cmp.Or(cmp.Compare(b.Days, a.Days), strings.Compare(a.Row.No, b.Row.No))
	})
	return p
}

// What the report says where the desk records nothing, rather than a zero.
const (
	// NoRatings: 好差评, in a month with no rating.
	NoRatings = "暂无评价数据"
	// NoExtensions: 延期, which the desk does not record yet.
	NoExtensions = "暂无数据（本系统尚未登记延期告知）"
)

// Order sorts the breakdowns of both months by name with cmp (the callers
// pass pinyin order, package collate).
func (r *Report) Order(cmp func(a, b string) int) {
	for _, p := range []*Period{&r.This, &r.Previous} {
		supervision.SortStats(p.Departments, cmp)
		supervision.SortStats(p.Items, cmp)
		supervision.SortStats(p.Clerks, cmp)
		supervision.SortRatingStats(p.RatingsDepartments, cmp)
		supervision.SortRatingStats(p.RatingsClerks, cmp)
	}
}

// Method is the report's 口径说明 (figure, what it counts), as the PDF and the
// workbook both print it, with a note when some of this month's due dates
// are provisional.
func Method(r Report) [][2]string {
	m := [][2]string{
		{"统计范围", "本月受理的办件，按月末（本月未结束时按统计当日）所处状态统计；月末之后办结的，按在办计。上月同。"},
		{"按时办结率", "按承诺办结日期之前或当日办结的件数 ÷ 办结件数。"},
		{"提前办结率", "早于承诺办结日期办结的件数 ÷ 办结件数。"},
		{"超期件数", "晚于承诺办结日期办结的件数，加上统计截至日仍在办且已过承诺办结日期的件数。"},
		{"平均办理工作日", "已办结办件从受理次日至办结日的工作日数（扣除补正、特别程序挂起）的平均数。"},
		{"即办件占比", "承诺时限为0（即办）的件数 ÷ 受理办件量。"},
		{"挂起次数", "本月开始的补正、特别程序挂起次数（行政许可法第四十五条：不计入办理时限）。"},
		{"超期原因", "由监督人员在“时限监督”中登记；尚未登记的标“（未登记）”。"},
		{"延期件数", NoExtensions + "。"},
		{"好差评", "本月内申请人在窗口（受理后、出件后各一次）或扫码给出的评价，按评价时的窗口人员和办件的部门统计；" +
			"好评为非常满意、满意、基本满意，差评为不满意、非常不满意（须填原因）。"},
		{"计算依据", "工作日不含法定节假日，含调休上班日；受理当日不计；期限末日为休息日的顺延至下一工作日。与“时限监督”界面同一算法。"},
	}
	if r.This.Provisional > 0 {
		m = append(m, [2]string{"注意", fmt.Sprintf("本月有%d件在办件的到期日期为暂定（节假日安排尚未收录或挂起未结束）。", r.This.Provisional)})
	}
	return m
}

// NoName is what the report prints for a group without a name (cases with
// no department or clerk recorded).
const NoName = "（未记录）"

// GroupLine is one row of a breakdown: a group of this month beside the
// same group the month before, when it had one (Had).
type GroupLine struct {
	Name           string // as printed: NoName for a group without one
	This, Previous supervision.Stat
	Had            bool
}

// Breakdown pairs each of this month's groups (departments, items or
// clerks: pick says which) with the same group the month before, and ends
// with the two months' totals.
func (r Report) Breakdown(pick func(Period) []supervision.Stat) []GroupLine {
	prev := map[string]supervision.Stat{}
	for _, g := range pick(r.Previous) {
		prev[g.Name] = g
	}
	var out []GroupLine
	for _, g := range append(slices.Clone(pick(r.This)), r.This.Total) {
		l := GroupLine{Name: cmp.Or(g.Name, NoName), This: g}
		l.Previous, l.Had = prev[g.Name]
		if g.Name == r.This.Total.Name {
			l.Previous, l.Had = r.Previous.Total, true
		}
		out = append(out, l)
	}
	return out
}

// Departments, Items and Clerks pick a period's groups for Breakdown.
func Departments(p Period) []supervision.Stat { return p.Departments }
func Items(p Period) []supervision.Stat       { return p.Items }
func Clerks(p Period) []supervision.Stat      { return p.Clerks }
