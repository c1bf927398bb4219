package calendar

import (
	"fmt"
	"time"

	"yichuang/hall"
)

// Date is a calendar day with no time of day and no time zone. It is the
// number of days since 0000-12-31, so 0001-01-01 (a Monday) is 1 and the
// zero Date means "no date", e.g. the end of a stop still running.
type Date struct{ n int32 }

// unixOffset is the Date number of 1970-01-01.
const unixOffset = 719163

// fromCivil converts a proleptic Gregorian date without checking it
// (H. Hinnant's days_from_civil: no loops, no time package on hot paths).
func fromCivil(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date{int32(era*146097 + doe - 719468 + unixOffset)}
}

func (d Date) civil() (y, m, day int) {
	z := int(d.n) - unixOffset + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m = (mp+2)%12 + 1
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, day
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// MakeDate returns the date y-m-d, or an error when no such day exists.
func MakeDate(y int, m time.Month, d int) (Date, error) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, int(m)) {
		return Date{}, hall.Errorf(hall.EInvalid, "日期“%04d-%02d-%02d”不存在", y, int(m), d)
	}
	return fromCivil(y, int(m), d), nil
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := digits(s[:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:])
		if ok1 && ok2 && ok3 {
			if _, err := MakeDate(y, time.Month(m), d); err != nil {
				return Date{}, hall.Errorf(hall.EInvalid, "日期“%s”不存在", s)
			}
			return fromCivil(y, m, d), nil
		}
	}
	return Date{}, hall.Errorf(hall.EInvalid, "日期“%s”格式不对，应写成“年-月-日”，如2026-01-05", s)
}

func digits(s string) (int, bool) {
	v := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// DateOf is the day of t in t's own location, so a clerk's 23:30 stays on
// the clerk's day whatever zone the server runs in.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return fromCivil(y, int(m), d)
}

// String writes the date as YYYY-MM-DD; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.civil()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.n == 0 }

// Year is the year of d.
func (d Date) Year() int { y, _, _ := d.civil(); return y }

// Month is the month of d.
func (d Date) Month() time.Month { _, m, _ := d.civil(); return time.Month(m) }

// Day is the day of the month of d.
func (d Date) Day() int { _, _, day := d.civil(); return day }

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday(floorMod(int(d.n), 7)) }

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// AddDays returns the date k calendar days after d (before when k < 0).
func (d Date) AddDays(k int) Date { return Date{d.n + int32(k)} }

// Sub returns the number of calendar days from e to d.
func (d Date) Sub(e Date) int { return int(d.n - e.n) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }
