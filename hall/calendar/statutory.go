package calendar

import "slices"

// The statutory holidays (全国年节及纪念日放假办法, Art. 2) are the days off
// that every citizen has by law, whatever the year's notice says. A year
// with no notice is counted with these days off: far closer to the notice
// than weekends only, and still marked provisional (Due.Uncovered), since
// the notice adds the bridging days (调休) and make-up working days that no
// rule predicts, and moves a holiday that falls on a weekend to a weekday
// of its choosing (Art. 6, 补假).

// feasts are the Gregorian dates, written month*100+day, of the days the
// law fixes by the Chinese calendar in one year: 正月初一 (春节), the 清明
// solar term, 五月初五 (端午) and 八月十五 (中秋). 除夕 is the day before 正月初一.
type feasts struct {
	year                                   int16
	springFestival, qingming, dragon, moon int16
}

// StatutoryDays lists the days of year that the law in force that year
// makes days off for every citizen, in date order, or nil for a year
// outside the bundled conversion table (statutoryFirst–statutoryLast).
//
//   - From 2025 (2024 revision, 国务院令第795号): 元旦 1/1; 春节 除夕 and 正月初一
//     to 初三; 清明; 劳动节 5/1–5/2; 端午; 中秋; 国庆 10/1–10/3 — 13 days.
//   - 2014–2024 (2013 revision, 国务院令第644号): as above without 除夕 and
//     with 劳动节 5/1 only — 11 days.
func StatutoryDays(year int) []Date {
	if year < statutoryFirst || year > statutoryLast {
		return nil
	}
	f := lunarFeasts[year-statutoryFirst]
	on := func(mmdd int16) Date { return fromCivil(year, int(mmdd/100), int(mmdd%100)) }
	spring := on(f.springFestival)
	days := []Date{fromCivil(year, 1, 1)}
	if year >= 2025 {
		days = append(days, spring.AddDays(-1))
	}
	days = append(days, spring, spring.AddDays(1), spring.AddDays(2), on(f.qingming), fromCivil(year, 5, 1))
	if year >= 2025 {
		days = append(days, fromCivil(year, 5, 2))
	}
	days = append(days, on(f.dragon), on(f.moon),
		fromCivil(year, 10, 1), fromCivil(year, 10, 2), fromCivil(year, 10, 3))
	// 中秋 may fall on or after 10/1 (2025: 10/6; 2028: 10/3, a day off
	// twice over): keep the list sorted and each day once.
	slices.SortFunc(days, func(a, b Date) int { return int(a.n - b.n) })
	return slices.Compact(days)
}
