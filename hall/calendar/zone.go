package calendar

import "time"

// HallZone is the time zone every hall counts its days in: China Standard
// Time, UTC+8 all year (no daylight saving since 1991). A time limit is
// counted in the hall's days, so a desk PC set to another zone, or a server
// in UTC, must not move a 07:30 acceptance to the day before.
var HallZone = time.FixedZone("CST", 8*3600)

// HallDate is the hall's day of t, whatever t's own location.
func HallDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return DateOf(t.In(HallZone))
}

// Start is the first instant of d in the hall's zone.
func (d Date) Start() time.Time {
	y, m, day := d.civil()
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, HallZone)
}
