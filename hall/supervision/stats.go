package supervision

import (
	"cmp"
	"slices"

	"yichuang/hall"
)

// Stat is what supervisors compare departments and clerks by (DOMAIN.md):
// on-time rate, early-completion rate (提前办结率 = finished early ÷
// finished), overdue count, average working days, 即办件 share.
type Stat struct {
	Name      string
	Cases     int // accepted cases in view
	Open      int
	Finished  int
	OnTime    int // finished on or before the promised due date
	Early     int // finished before it
	Overdue   int // finished late, or open past the due date
	Instant   int // 即办件
	UsedDays  int // working days used by the finished cases, stops taken off
	Lights    [5]int
	Urges     int // 督办 sent
	UrgesOpen int // 督办 not answered yet
}

// OnTimeRate is OnTime ÷ Finished, 0 with nothing finished.
func (s Stat) OnTimeRate() float64 { return ratio(s.OnTime, s.Finished) }

// EarlyRate is Early ÷ Finished (提前办结率).
func (s Stat) EarlyRate() float64 { return ratio(s.Early, s.Finished) }

// AvgDays is the average working days a finished case took.
func (s Stat) AvgDays() float64 { return ratio(s.UsedDays, s.Finished) }

// InstantShare is the share of 即办件 among the cases.
func (s Stat) InstantShare() float64 { return ratio(s.Instant, s.Cases) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *Stat) add(r *Row) {
	s.Cases++
	s.Urges += r.Urges
	s.UrgesOpen += r.UrgesOpen
	if r.PromiseLimit.Instant() {
		s.Instant++
	}
	if r.Late {
		s.Overdue++
	}
	if r.State == hall.StateWithdrawn {
		return // withdrawn: neither finished nor overdue
	}
	if r.Open() {
		s.Open++
		s.Lights[r.Light]++
		return
	}
	s.Finished++
	s.UsedDays += r.Used
	if !r.Late {
		s.OnTime++
	}
	if r.Early {
		s.Early++
	}
}

// Group sums rows by key, sorted by name, and the total over all of them.
func Group(rows []*Row, key func(*Row) string) (groups []Stat, total Stat) {
	by := map[string]*Stat{}
	total.Name = "合计"
	for _, r := range rows {
		k := key(r)
		s := by[k]
		if s == nil {
			s = &Stat{Name: k}
			by[k] = s
		}
		s.add(r)
		total.add(r)
	}
	groups = make([]Stat, 0, len(by))
	for _, s := range by {
		groups = append(groups, *s)
	}
	slices.SortFunc(groups, func(a, b Stat) int { return cmp.Compare(a.Name, b.Name) })
	return groups, total
}

// ByDepartment groups rows by department.
func ByDepartment(rows []*Row) ([]Stat, Stat) {
	return Group(rows, func(r *Row) string { return r.Department })
}

// ByHall groups rows by hall, named by names (code → label).
func ByHall(rows []*Row, names map[string]string) ([]Stat, Stat) {
	return Group(rows, func(r *Row) string {
		if n, ok := names[r.Hall]; ok {
			return n
		}
		return r.Hall
	})
}

// ByDesk groups rows by desk: 大厅名称 07号窗口.
func ByDesk(rows []*Row, names map[string]string) ([]Stat, Stat) {
	return Group(rows, func(r *Row) string {
		n, ok := names[r.Hall]
		if !ok {
			n = r.Hall
		}
		return n + " " + r.Desk + "号窗口"
	})
}

// ByClerk groups rows by clerk; cases without one count under "".
func ByClerk(rows []*Row) ([]Stat, Stat) { return Group(rows, func(r *Row) string { return r.Clerk }) }

// SortStats orders groups by name with cmp: the screen and the reports
// order names by pinyin (package collate), which the domain leaves to them.
func SortStats(groups []Stat, cmp func(a, b string) int) {
	slices.SortStableFunc(groups, func(a, b Stat) int { return cmp(a.Name, b.Name) })
}

// ItemName is how a statistic names an item: its name with its code, for
// two items of one name (per department) are different items.
func ItemName(r *Row) string { return r.ItemName + "（" + r.ItemCode + "）" }

// ByItem sums rows per item (事项统计).
func ByItem(rows []*Row) ([]Stat, Stat) { return Group(rows, ItemName) }
