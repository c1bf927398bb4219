package calendar

import (
	"time"

	"yichuang/hall"
)

// Limits are a case's two time limits, as the item had them when the case
// was accepted: the promised one (承诺) and the legal one (法定).
type Limits struct {
	Promise hall.Limit `json:"promise"`
	Legal   hall.Limit `json:"legal"`
}

// stopKind tells which event may end a running stop.
type stopKind int

const (
	noStop stopKind = iota
	correctionStop
	specialStop
)

// StopsOf reads the clock stops of a case from its events, in order: a
// correction (补正) runs from the notice to the day the materials come back,
// a special procedure (特别程序, 行政许可法 Art. 45) from its start to its
// end. A correction the applicant never answered ends when the case is
// decided. Stops over by the acceptance day are dropped: the clock had not
// started. Days are the hall's (HallDate).
func StopsOf(accepted Date, events []hall.Event) ([]Stop, error) {
	var out []Stop
	var open Stop
	kind := noStop
	closeAt := func(ev hall.Event) {
		open.To = HallDate(ev.At)
		out = append(out, open)
		kind = noStop
	}
	for _, ev := range events {
		switch ev.Action {
		case hall.ActRequestCorrection, hall.ActStartSpecial:
			if kind != noStop {
				return nil, hall.Errorf(hall.EInvalid, "挂起时段%s尚未结束，不能再“%s”", open, ev.Action.Name())
			}
			open, kind = Stop{From: HallDate(ev.At)}, specialStop
			if ev.Action == hall.ActRequestCorrection {
				kind = correctionStop
			}
		case hall.ActSupplyCorrection, hall.ActEndSpecial:
			want := specialStop
			if ev.Action == hall.ActSupplyCorrection {
				want = correctionStop
			}
			if kind != want {
				return nil, hall.Errorf(hall.EInvalid, "“%s”（%s）没有对应的开始事件", ev.Action.Name(), HallDate(ev.At))
			}
			closeAt(ev)
		case hall.ActDecide:
			if kind == correctionStop {
				closeAt(ev)
			}
		}
	}
	if kind != noStop {
		out = append(out, open)
	}
	kept := out[:0]
	for _, s := range out {
		switch {
		case !s.Open() && s.To.Before(s.From):
			return nil, hall.Errorf(hall.EInvalid, "挂起结束日期%s早于开始日期%s，请检查本机时钟", s.To, s.From)
		case !s.Open() && !s.To.After(accepted):
			continue // a correction before acceptance: the clock had not started
		case s.From.Before(accepted):
			s.From = accepted
		}
		kept = append(kept, s)
	}
	return kept, nil
}

// DueDates computes a case's promised and legal due dates from the limits
// it was accepted under, the acceptance time and its events (for the clock
// stops). accepted may be zero: the last 受理 event then gives it. This is
// the one place due dates come from; the store calls it whenever an event
// may move them.
func (c *Calendar) DueDates(l Limits, accepted time.Time, events []hall.Event) (promise, legal Due, err error) {
	if accepted.IsZero() {
		for _, ev := range events {
			if ev.Action == hall.ActAccept {
				accepted = ev.At
			}
		}
	}
	if accepted.IsZero() {
		return Due{}, Due{}, hall.Errorf(hall.EInvalid, "办件尚未受理，没有办理期限")
	}
	start := HallDate(accepted)
	stops, err := StopsOf(start, events)
	if err != nil {
		return Due{}, Due{}, err
	}
	if promise, err = c.DueDate(start, l.Promise, stops); err != nil {
		return Due{}, Due{}, hall.Wrap(hall.EInvalid, err, "承诺办结时限：%s", hall.ErrorMessage(err))
	}
	if legal, err = c.DueDate(start, l.Legal, stops); err != nil {
		return Due{}, Due{}, hall.Wrap(hall.EInvalid, err, "法定办结时限：%s", hall.ErrorMessage(err))
	}
	if ext := hall.ExtendedDays(events); ext > 0 && !l.Legal.Instant() {
		legal, err = c.extend(legal, l.Legal, start, ext, stops)
		if err != nil {
			return Due{}, Due{}, hall.Wrap(hall.EInvalid, err, "延期后的法定办结时限：%s", hall.ErrorMessage(err))
		}
	}
	return promise, legal, nil
}

// extend moves a legal due date by a 延期 of ext working days (行政许可法
// Art. 42, counted in working days as Art. 82 says). A limit in working
// days simply grows; one in natural days gets the working days added after
// its due date, with the stops that fall after it.
func (c *Calendar) extend(legal Due, l hall.Limit, start Date, ext int, stops []Stop) (Due, error) {
	if l.Unit == hall.WorkingDays {
		return c.DueDate(start, hall.Limit{Days: l.Days + ext, Unit: hall.WorkingDays}, stops)
	}
	var after []Stop
	for _, s := range stops {
		if s.Open() || s.To.After(legal.Date) {
			if s.From.Before(legal.Date) {
				s.From = legal.Date
			}
			after = append(after, s)
		}
	}
	d, err := c.DueDate(legal.Date, hall.Limit{Days: ext, Unit: hall.WorkingDays}, after)
	d.Open = d.Open || legal.Open
	return d, err
}

// MovesDue reports whether an event of action a can move a case's due
// dates (acceptance, 补正, 特别程序, and 延期 the legal one): the store
// counts them again after each.
func MovesDue(a hall.Action) bool {
	switch a {
	case hall.ActAccept, hall.ActRequestCorrection, hall.ActSupplyCorrection,
		hall.ActStartSpecial, hall.ActEndSpecial, hall.ActExtend:
		return true
	}
	return false
}

// StoppedDays counts the working days inside a case's stops as its stored
// figure has them: an open stop counts its first day only, as the
// provisional due date does (a finished case has no open stop).
func (c *Calendar) StoppedDays(stops []Stop) int {
	if len(stops) == 0 {
		return 0
	}
	settled := make([]Stop, len(stops))
	for i, s := range stops {
		if s.Open() {
			s.To = s.From
		}
		settled[i] = s
	}
	return c.StoppedWorkdays(settled, settled[len(settled)-1].To)
}

// StoppedWorkdays counts the working days inside the stops up to and
// including until (open stops run to until): time not charged to the
// office, taken off the days a finished case used.
func (c *Calendar) StoppedWorkdays(stops []Stop, until Date) int {
	n := 0
	for _, s := range stops {
		end := s.To
		if s.Open() || end.After(until) {
			end = until
		}
		if !end.Before(s.From) {
			n += c.WorkdaysBetween(s.From.AddDays(-1), end)
		}
	}
	return n
}
