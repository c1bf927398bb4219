package hall

import "time"

// Zone is the time zone every hall lives in: China Standard Time, UTC+8 all
// year (no daylight saving since 1991). It is the one place that decides the
// hall's day and time (ADR 0007, 0012): case numbers, the dates on notices,
// deferred-material dates, due dates, lights and exports all read times
// through it, never through the PC's own zone, so a desk PC set to UTC or
// to another country does not move a 07:30 acceptance to the day before.
var Zone = time.FixedZone("CST", 8*3600)

// HallTime is t as the hall's clocks show it.
func HallTime(t time.Time) time.Time { return t.In(Zone) }

// HallDay is the hall's day of t as YYYY-MM-DD; "" for the zero time.
func HallDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return HallTime(t).Format("2006-01-02")
}

// Clock is the hall's clock: it says what time it is now, in the hall's
// zone. The desk builds one (desk.Open) and hands it to the store, the
// screens and the sync engine; tests fix it to a known instant.
type Clock func() time.Time

// SystemClock is the PC's clock read in the hall's zone.
func SystemClock() time.Time { return HallTime(time.Now()) }

// Now is the hall's time now; a nil Clock is the system's.
func (c Clock) Now() time.Time {
	if c == nil {
		return SystemClock()
	}
	return HallTime(c())
}

// Today is the hall's day now, YYYY-MM-DD.
func (c Clock) Today() string { return HallDay(c.Now()) }
