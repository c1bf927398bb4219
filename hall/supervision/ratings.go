package supervision

import (
	"slices"
	"time"

	"yichuang/hall"
)

// Rating is one 好差评 as the store lists it for counting.
type Rating struct {
	CaseNo     string
	Stage      hall.RatingStage
	Level      hall.RatingLevel
	Reason     string
	Channel    string
	Clerk      string
	Department string
	At         time.Time
	// Reasoned: a reason was given. Remote: the rating came with the
	// supervision feed, which carries no reason's text (docs/adr/0020).
	Reasoned, Remote bool
}

// ReasonText is the reason as a report prints it: the text, or for a
// rating of another window a note that the reason stays there.
func (r Rating) ReasonText() string {
	switch {
	case r.Reason != "":
		return r.Reason
	case r.Remote && r.Reasoned:
		return "（已填写原因，原文由办理窗口保存）"
	}
	return ""
}

// RatingStat counts the ratings of one clerk, department or the whole hall.
type RatingStat struct {
	Name    string
	Count   int
	ByLevel [5]int // 非常满意 … 非常不满意, in hall.RatingLevels order
	Scores  int    // the sum of the levels' scores (5 … 1)
}

// Good is the 好评 (非常满意, 满意, 基本满意); Bad the 差评.
func (s RatingStat) Good() int { return s.ByLevel[0] + s.ByLevel[1] + s.ByLevel[2] }

// Bad is the 差评 (不满意, 非常不满意).
func (s RatingStat) Bad() int { return s.ByLevel[3] + s.ByLevel[4] }

// GoodRate is 好评率: Good ÷ Count, 0 with no ratings.
func (s RatingStat) GoodRate() float64 { return ratio(s.Good(), s.Count) }

// AvgScore is the average score, 0 with no ratings.
func (s RatingStat) AvgScore() float64 { return ratio(s.Scores, s.Count) }

func (s *RatingStat) add(r Rating) {
	sc := r.Level.Score()
	if sc == 0 {
		return
	}
	s.Count++
	s.ByLevel[5-sc]++
	s.Scores += sc
}

// GroupRatings sums ratings by key, in name order, and the total.
func GroupRatings(rs []Rating, key func(Rating) string) (groups []RatingStat, total RatingStat) {
	by := map[string]*RatingStat{}
	total.Name = "合计"
	var names []string
	for _, r := range rs {
		k := key(r)
		s := by[k]
		if s == nil {
			s = &RatingStat{Name: k}
			by[k] = s
			names = append(names, k)
		}
		s.add(r)
		total.add(r)
	}
	slices.Sort(names) // stable before the caller's pinyin order
	for _, n := range names {
		groups = append(groups, *by[n])
	}
	return groups, total
}

// RatingsByClerk and RatingsByDepartment are GroupRatings by those keys,
// named as the case statistics name them ("" when not recorded), so that a
// table can put both on one row.
func RatingsByClerk(rs []Rating) ([]RatingStat, RatingStat) {
	return GroupRatings(rs, func(r Rating) string { return r.Clerk })
}

// RatingsByDepartment sums ratings by department.
func RatingsByDepartment(rs []Rating) ([]RatingStat, RatingStat) {
	return GroupRatings(rs, func(r Rating) string { return r.Department })
}

// SortRatingStats orders groups by name with cmp (pinyin, package collate).
func SortRatingStats(s []RatingStat, cmp func(a, b string) int) {
	slices.SortStableFunc(s, func(a, b RatingStat) int { return cmp(a.Name, b.Name) })
}

// RatingsOf keeps the ratings of the cases among rows: the statistics of a
// filtered view count the ratings of the cases in it.
func RatingsOf(rs []Rating, rows []*Row) []Rating {
	in := make(map[string]bool, len(rows))
	for _, r := range rows {
		in[r.No] = true
	}
	var out []Rating
	for _, r := range rs {
		if in[r.CaseNo] {
			out = append(out, r)
		}
	}
	return out
}
