package calendar

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"time"

	"yichuang/hall"
)

// Year is one year's official arrangement (国务院办公厅 notice): the days
// off, which may fall on weekends, and the make-up working days (调休上班),
// which are always Saturdays or Sundays.
type Year struct {
	Off    []Date
	Makeup []Date
}

// Tables are accepted for these years only: the calendar keeps a dense
// array from its first to its last year, and a typo such as 20266 must not
// cost megabytes.
const (
	minTableYear = 2000
	maxTableYear = 2199
)

// Check reports the first contradiction in y as the table of year.
func (y Year) Check(year int) error {
	if year < minTableYear || year > maxTableYear {
		return hall.Errorf(hall.EInvalid, "节假日表年份%d超出范围（%d—%d）", year, minTableYear, maxTableYear)
	}
	// An empty table would make the year "covered" with weekends only,
	// exactly the silent guess the hall must never make. Every notice has
	// at least 元旦.
	if len(y.Off) == 0 {
		return hall.Errorf(hall.EInvalid, "%d年节假日表没有任何放假日期", year)
	}
	off := make(map[Date]bool, len(y.Off))
	for _, d := range y.Off {
		if d.Year() != year {
			return hall.Errorf(hall.EInvalid, "%d年节假日表中的放假日期%s不属于%d年", year, d, year)
		}
		off[d] = true
	}
	for _, d := range y.Makeup {
		switch {
		case d.Year() != year:
			return hall.Errorf(hall.EInvalid, "%d年节假日表中的调休上班日期%s不属于%d年", year, d, year)
		case off[d]:
			return hall.Errorf(hall.EInvalid, "%d年节假日表中%s既是放假日又是调休上班日", year, d)
		case d.Weekday() != time.Saturday && d.Weekday() != time.Sunday:
			return hall.Errorf(hall.EInvalid, "%d年节假日表中的调休上班日期%s不是周六或周日", year, d)
		}
	}
	return nil
}

type jsonYear struct {
	Off    []string `json:"off"`
	Makeup []string `json:"makeup_workdays"`
}

// ParseTables reads holiday tables in the bundled format
// {"2026": {"off": [...], "makeup_workdays": [...]}} and checks each year.
// Unknown fields are ignored so the platform may add names or sources.
func ParseTables(data []byte) (map[int]Year, error) {
	var raw map[string]jsonYear
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "节假日表格式错误")
	}
	out := make(map[int]Year, len(raw))
	// Sorted so that a table with several mistakes always reports the same one.
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		jy := raw[key]
		year, err := strconv.Atoi(key)
		if err != nil || len(key) != 4 {
			return nil, hall.Errorf(hall.EInvalid, "节假日表年份“%s”不是四位数字", key)
		}
		if out[year], err = jy.year(year); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func parseDates(year int, ss []string) ([]Date, error) {
	out := make([]Date, 0, len(ss))
	for _, s := range ss {
		d, err := ParseDate(s)
		if err != nil {
			return nil, hall.Errorf(hall.EInvalid, "%d年节假日表：%s", year, hall.ErrorMessage(err))
		}
		out = append(out, d)
	}
	return out, nil
}

// FormatYear writes one year's table in the bundled per-year shape
// {"off": [...], "makeup_workdays": [...]}, which ParseYear reads back.
func FormatYear(y Year) []byte {
	jy := jsonYear{Off: make([]string, 0, len(y.Off)), Makeup: make([]string, 0, len(y.Makeup))}
	for _, d := range y.Off {
		jy.Off = append(jy.Off, d.String())
	}
	for _, d := range y.Makeup {
		jy.Makeup = append(jy.Makeup, d.String())
	}
	b, _ := json.Marshal(jy) // strings only: cannot fail
	return b
}

// ParseYear reads one year's table in the per-year shape and checks it.
func ParseYear(year int, data []byte) (Year, error) {
	var jy jsonYear
	if err := json.Unmarshal(data, &jy); err != nil {
		return Year{}, hall.Wrap(hall.EInvalid, err, "%d年节假日表格式错误", year)
	}
	return jy.year(year)
}

// year turns the strings into a checked Year.
func (jy jsonYear) year(year int) (Year, error) {
	var y Year
	var err error
	if y.Off, err = parseDates(year, jy.Off); err != nil {
		return Year{}, err
	}
	if y.Makeup, err = parseDates(year, jy.Makeup); err != nil {
		return Year{}, err
	}
	return y, y.Check(year)
}

// Tables returns a copy of the calendar's tables, by year.
func (c *Calendar) Tables() map[int]Year {
	out := map[int]Year{}
	if c == nil {
		return out
	}
	for y, t := range c.tables {
		out[y] = Year{Off: slices.Clone(t.Off), Makeup: slices.Clone(t.Makeup)}
	}
	return out
}
