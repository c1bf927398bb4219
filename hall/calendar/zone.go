package calendar

import (
	"time"

	"yichuang/hall"
)

// HallDate is the hall's day of t, whatever t's own location.
func HallDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return DateOf(hall.HallTime(t))
}

// Today is the hall's day now on clock c.
func Today(c hall.Clock) Date { return DateOf(c.Now()) }

// Start is the first instant of d in the hall's zone.
func (d Date) Start() time.Time {
	y, m, day := d.civil()
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, hall.Zone)
}
