package supervision

import (
	"strings"

	"yichuang/hall/calendar"
)

// Show picks cases by where they stand.
type Show int

// What a filter may show, in the order the screen offers them.
const (
	ShowAll Show = iota
	ShowOpen
	ShowGreen
	ShowYellow
	ShowRed
	ShowSuspended
	ShowFinished
	ShowLate    // open past the due date, or finished after it
	ShowDueSoon // what the notice lists: running, overdue or due within the notice's days
)

// Shows lists every choice in screen order.
func Shows() []Show {
	return []Show{ShowAll, ShowOpen, ShowGreen, ShowYellow, ShowRed, ShowSuspended, ShowFinished, ShowLate, ShowDueSoon}
}

func (s Show) String() string {
	switch s {
	case ShowOpen:
		return "在办"
	case ShowGreen:
		return "绿灯"
	case ShowYellow:
		return "黄灯"
	case ShowRed:
		return "红灯"
	case ShowSuspended:
		return "挂起"
	case ShowFinished:
		return "已办结"
	case ShowLate:
		return "超期"
	case ShowDueSoon:
		return "临期及超期"
	}
	return "全部"
}

// ShowOf is the choice that shows only light l.
func ShowOf(l calendar.Light) Show {
	switch l {
	case calendar.Green:
		return ShowGreen
	case calendar.Yellow:
		return ShowYellow
	case calendar.Red:
		return ShowRed
	case calendar.Suspended:
		return ShowSuspended
	}
	return ShowAll
}

// Filter narrows the board; empty fields do not filter.
type Filter struct {
	Show       Show
	Department string
	Clerk      string
	NoClerk    bool // only the cases with no clerk recorded
	// Item matches part of the item's name or code.
	Item string
	// From and To bound the acceptance day, both included.
	From, To calendar.Date
}

// Match reports whether r passes every field but Show.
func (f Filter) Match(r *Row) bool {
	switch {
	case f.Department != "" && r.Department != f.Department,
		f.Clerk != "" && r.Clerk != f.Clerk,
		f.NoClerk && r.Clerk != "",
		!f.From.IsZero() && r.Accepted.Before(f.From),
		!f.To.IsZero() && r.Accepted.After(f.To):
		return false
	case f.Item != "":
		return strings.Contains(r.ItemName, f.Item) || strings.Contains(r.ItemCode, f.Item)
	}
	return true
}

// Shows reports whether r is among what s picks; notice is the notice's
// working days (Settings.NoticeDays), for ShowDueSoon.
func (s Show) Shows(r *Row, notice int) bool {
	switch s {
	case ShowOpen:
		return r.Open()
	case ShowGreen:
		return r.Light == calendar.Green
	case ShowYellow:
		return r.Light == calendar.Yellow
	case ShowRed:
		return r.Light == calendar.Red
	case ShowSuspended:
		return r.Light == calendar.Suspended
	case ShowFinished:
		return !r.Open()
	case ShowLate:
		return r.Late
	case ShowDueSoon:
		return dueSoon(r, notice)
	}
	return true
}

// dueSoon: open, with a due date, the clock running, and at most notice
// working days left (overdue included); a 即办件 on its day of acceptance
// is the window's to decide, not a warning.
func dueSoon(r *Row, notice int) bool {
	return r.Open() && !r.Promise.IsZero() && r.Light != calendar.Suspended && !r.InstantToday && r.Left <= notice
}

// Select returns the rows f passes, in board order.
func (b *Board) Select(f Filter) []*Row {
	out := make([]*Row, 0, len(b.Rows))
	for i := range b.Rows {
		r := &b.Rows[i]
		if f.Show.Shows(r, b.Settings.NoticeDays) && f.Match(r) {
			out = append(out, r)
		}
	}
	return out
}
