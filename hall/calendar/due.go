package calendar

import "yichuang/hall"

// MaxLimitDays bounds a limit: ten years is already far beyond any item,
// so a larger number is a data error, not a long procedure.
const MaxLimitDays = 3650

// Stop is a time the clock stands still (挂起): waiting for the applicant's
// correction (补正) or a special procedure (特别程序). From and To are both
// inside the stop; a zero To means the stop has not ended yet.
type Stop struct{ From, To Date }

// Open reports whether the stop is still running.
func (s Stop) Open() bool { return s.To.IsZero() }

// end is the last day the provisional count treats as stopped: an open stop
// is taken to end on its first day, which gives the earliest possible due
// date.
func (s Stop) end() Date {
	if s.Open() {
		return s.From
	}
	return s.To
}

func (s Stop) String() string {
	if s.Open() {
		return s.From.String() + "起（未结束）"
	}
	return s.From.String() + "至" + s.To.String()
}

// Due is a computed due date. Date is final only when Provisional is false.
type Due struct {
	Date Date
	// Uncovered lists the years, from the day after acceptance through
	// Date, that have no holiday table: there Date was counted with the
	// statutory holidays only, without the notice's bridging days and
	// make-up working days.
	Uncovered []int
	// Open means the last stop has not ended: Date is the earliest the case
	// can fall due, as if the clock ran again the day after the stop began.
	Open bool
}

// Provisional reports whether Date may still move: a missing holiday table
// or a stop still running.
func (d Due) Provisional() bool { return d.Open || len(d.Uncovered) > 0 }

// DueDate computes the due date of a case accepted on start under limit l,
// with the clock stopped during stops (any order). The package doc gives
// the rules.
func (c *Calendar) DueDate(start Date, l hall.Limit, stops []Stop) (Due, error) {
	if err := checkLimit(l); err != nil {
		return Due{}, err
	}
	if start.IsZero() {
		return Due{}, hall.Errorf(hall.EInvalid, "受理日期为空，无法计算办理期限")
	}
	stops, err := checkStops(start, stops)
	if err != nil {
		return Due{}, err
	}
	due := Due{Date: start, Open: len(stops) > 0 && stops[len(stops)-1].Open()}
	switch {
	case l.Days == 0:
		return due, nil
	case l.Unit == hall.WorkingDays:
		due.Date = count(start, l.Days, stops, c.WorkdaysBetween, c.AddWorkdays)
	default:
		due.Date = c.nextWorkday(count(start, l.Days, stops, daysBetween, Date.AddDays), stops)
	}
	due.Uncovered = c.Uncovered(start.AddDays(1), due.Date)
	return due, nil
}

// daysBetween is the natural-day counterpart of WorkdaysBetween.
func daysBetween(a, b Date) int { return b.Sub(a) }

// count returns the n-th counted day after start, counting with between
// and add only in the running time between the (sorted) stops.
func count(start Date, n int, stops []Stop, between func(a, b Date) int, add func(Date, int) Date) Date {
	at := start
	for _, s := range stops {
		k := max(between(at, s.From.AddDays(-1)), 0)
		if k >= n {
			return add(at, n)
		}
		n -= k
		at = s.end()
	}
	return add(at, n)
}

// nextWorkday moves d forward to a working day outside every stop: a
// natural-day period ending on a day off or inside a stop is due after it.
func (c *Calendar) nextWorkday(d Date, stops []Stop) Date {
	for moved := true; moved; {
		moved = false
		for !c.IsWorkday(d) {
			d = d.AddDays(1)
		}
		for _, s := range stops {
			if !d.Before(s.From) && !s.end().Before(d) {
				d, moved = s.end().AddDays(1), true
			}
		}
	}
	return d
}
