package supervision

import (
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// Hall is one hall of the platform's tree, as the feed names it.
type Hall struct {
	Code, Name, Level, Parent string
}

// Label is how screens name a hall: 清河县政务服务中心（341122）.
func (h Hall) Label() string {
	if h.Name == "" {
		return h.Code
	}
	return h.Name + "（" + h.Code + "）"
}

// FeedCase is a case of the platform's supervision feed (docs/adr/0020):
// what supervision reads of another desk's case, without any personal
// data, with its events (kind and time only) and its 督办.
type FeedCase struct {
	Case
	Events []hall.Event // Action and At only
	Urges  []hall.Urge
	// Ratings are the case's 好差评, without their reasons (Remote).
	Ratings []Rating
	// OverdueReason is the 超期原因 the handling desk recorded.
	OverdueReason string
}

// FeedPage is one page of the feed in domain values.
type FeedPage struct {
	Scope  string
	Halls  []Hall
	Cases  []FeedCase
	Cursor string
	More   bool
}

// counted are the event kinds whose effect on the dates this desk knows
// (the calendar's clock stops, and kinds that leave the dates alone).
var counted = map[hall.Action]bool{hall.ActEnquire: true, hall.ActReceive: true, hall.ActAccept: true,
	hall.ActRefuse: true, hall.ActRequestCorrection: true, hall.ActSupplyCorrection: true, hall.ActStartReview: true,
	hall.ActStartSpecial: true, hall.ActEndSpecial: true, hall.ActDecide: true, hall.ActDeliver: true,
	hall.ActOverdueReason: true, hall.ActRate: true}

// Recount counts a feed case's due dates again with the desk's calendar
// from its limits and events, as the store counts its own cases. A case
// whose limits the feed does not give, or with an event of a kind this desk
// does not count (a 延期 added on a newer desk, say), keeps the dates the
// platform sent: its handling desk counted them.
func Recount(cal *calendar.Calendar, c *FeedCase) {
	if c.AcceptedAt.IsZero() || c.PromiseLimit.Unit == "" || c.LegalLimit.Unit == "" {
		return
	}
	for _, e := range c.Events {
		if !counted[e.Action] {
			return
		}
	}
	lim := calendar.Limits{Promise: c.PromiseLimit, Legal: c.LegalLimit}
	p, l, err := cal.DueDates(lim, c.AcceptedAt, c.Events)
	if err != nil {
		return // the platform's dates stand: nothing is guessed at
	}
	c.PromiseDue, c.LegalDue = p.Date.String(), l.Date.String()
	c.Provisional = p.Provisional() || l.Provisional()
	stops, err := calendar.StopsOf(calendar.HallDate(c.AcceptedAt), c.Events)
	if err != nil {
		return
	}
	c.Stops = calendar.FormatStops(stops)
	c.StoppedWorkdays = 0
	if len(stops) > 0 {
		settled := make([]calendar.Stop, len(stops))
		for i, s := range stops {
			if s.Open() {
				s.To = s.From
			}
			settled[i] = s
		}
		c.StoppedWorkdays = cal.StoppedWorkdays(settled, settled[len(settled)-1].To)
	}
}

// HallOf is the hall code of a case number (its first part).
func HallOf(no string) string {
	h, _, _ := strings.Cut(no, "-")
	return h
}

// DeskOf is the desk code of a case number (its third part).
func DeskOf(no string) string {
	parts := strings.SplitN(no, "-", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// UrgeStat counts 督办 for the supervisor's statistics.
type UrgeStat struct {
	Sent, Replied, Late int // Late: unanswered past the reply-by day
}

// CountUrges counts the 督办 of cases on today.
func CountUrges(cases []FeedCase, today calendar.Date) UrgeStat {
	var s UrgeStat
	for _, c := range cases {
		for _, u := range c.Urges {
			s.Sent++
			if !u.RepliedAt.IsZero() {
				s.Replied++
				continue
			}
			if d, err := calendar.ParseDate(u.ReplyBy); err == nil && today.After(d) {
				s.Late++
			}
		}
	}
	return s
}

// UrgeTime is a feed time (Unix seconds) as a time, zero for 0.
func UrgeTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
