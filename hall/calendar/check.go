package calendar

import (
	"slices"

	"yichuang/hall"
)

func checkLimit(l hall.Limit) error {
	switch {
	case l.Days < 0:
		return hall.Errorf(hall.EInvalid, "办理时限不能为负数（%d）", l.Days)
	case l.Days > MaxLimitDays:
		return hall.Errorf(hall.EInvalid, "办理时限%d天超过上限%d天", l.Days, MaxLimitDays)
	case l.Unit == "" && l.Days > 0:
		return hall.Errorf(hall.EInvalid, "办理时限%d天缺少单位（工作日或自然日）", l.Days)
	case l.Unit != "" && !l.Unit.Valid():
		return hall.Errorf(hall.EInvalid, "办理时限单位“%s”无法识别，应为工作日或自然日", l.Unit)
	}
	return nil
}

// checkStops returns the stops sorted by start, rejecting anything that
// would need a guess: a stop before acceptance, one ending before it
// starts, overlaps, or a stop after one that has not ended.
func checkStops(start Date, stops []Stop) ([]Stop, error) {
	for _, s := range stops {
		switch {
		case s.From.IsZero():
			return nil, hall.Errorf(hall.EInvalid, "挂起时段缺少开始日期")
		case s.From.Before(start):
			return nil, hall.Errorf(hall.EInvalid, "挂起开始日期%s早于受理日期%s", s.From, start)
		case !s.Open() && s.To.Before(s.From):
			return nil, hall.Errorf(hall.EInvalid, "挂起结束日期%s早于开始日期%s", s.To, s.From)
		}
	}
	byFrom := func(a, b Stop) int { return int(a.From.n - b.From.n) }
	if !slices.IsSortedFunc(stops, byFrom) {
		stops = slices.Clone(stops)
		slices.SortFunc(stops, byFrom)
	}
	for i := 1; i < len(stops); i++ {
		prev, cur := stops[i-1], stops[i]
		if prev.Open() {
			return nil, hall.Errorf(hall.EInvalid, "挂起时段%s尚未结束，不能再有挂起时段%s", prev, cur)
		}
		if !prev.To.Before(cur.From) {
			return nil, hall.Errorf(hall.EInvalid, "挂起时段%s与%s重叠", prev, cur)
		}
	}
	return stops, nil
}
