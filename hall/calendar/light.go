package calendar

import "yichuang/hall"

// Light is a case's warning light (亮灯预警). The zero Light means none,
// e.g. for a finished case.
type Light int

// Lights, in rising urgency; Suspended is apart because the clock is not
// running at all.
const (
	Green Light = iota + 1
	Yellow
	Red
	Suspended
)

func (l Light) String() string {
	switch l {
	case Green:
		return "绿灯"
	case Yellow:
		return "黄灯"
	case Red:
		return "红灯"
	case Suspended:
		return "挂起"
	}
	return "无"
}

// Thresholds say when a light turns yellow. No national numbers exist, so
// they are configuration. A case is yellow when at most YellowRemaining
// working days remain, or when at least YellowShare of the working days
// from acceptance to the due date have passed (0 turns the share rule off).
// On the due day itself the light is always yellow.
type Thresholds struct {
	YellowRemaining int     `json:"yellow_remaining"`
	YellowShare     float64 `json:"yellow_share"`
}

// DefaultThresholds is yellow at 2 working days left or 80% of the time used.
func DefaultThresholds() Thresholds { return Thresholds{YellowRemaining: 2, YellowShare: 0.8} }

// Validate rejects thresholds that configuration should never hold.
func (t Thresholds) Validate() error {
	if t.YellowRemaining < 0 || t.YellowRemaining > MaxLimitDays {
		return hall.Errorf(hall.EInvalid, "黄灯剩余工作日数%d不在0至%d之间", t.YellowRemaining, MaxLimitDays)
	}
	if !(t.YellowShare >= 0 && t.YellowShare <= 1) {
		return hall.Errorf(hall.EInvalid, "黄灯已用时限比例%g不在0至1之间", t.YellowShare)
	}
	return nil
}

// LightOf is the light of an open case on day today. Red means today is
// past the due date; the due day is still yellow, since the office may
// finish that day.
func (c *Calendar) LightOf(today, accepted, due Date, suspended bool, th Thresholds) Light {
	switch {
	case suspended:
		return Suspended
	case today.After(due):
		return Red
	}
	left := c.WorkdaysBetween(today, due)
	if today == due || left <= th.YellowRemaining {
		return Yellow
	}
	if th.YellowShare > 0 {
		total := c.WorkdaysBetween(accepted, due)
		if total > 0 && float64(total-left) >= th.YellowShare*float64(total) {
			return Yellow
		}
	}
	return Green
}

// Remaining is the number of working days left from today to due:
// 0 on the due day, negative once overdue. An overdue case is never 0,
// even on a weekend right after the due date, so "< 0" always means late.
func (c *Calendar) Remaining(today, due Date) int {
	if !today.After(due) {
		return c.WorkdaysBetween(today, due)
	}
	return -max(c.WorkdaysBetween(due, today), 1)
}
