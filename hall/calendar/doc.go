// Package calendar counts time limits (办理时限) the way a service hall
// does: working days from the official holiday table, due dates, clock
// stops (挂起) and warning lights. It does no I/O and never reads the
// clock: callers pass dates in.
//
// Counting rules (行政许可法 Art. 82 and the hall's practice):
//
//   - The acceptance day is not counted; counting starts the next day.
//   - 工作日: the due date is the n-th working day after acceptance. Working
//     days are Monday to Friday except official days off, plus the make-up
//     Saturdays and Sundays (调休上班).
//   - 自然日: acceptance + n calendar days; a due date on a day off moves to
//     the next working day.
//   - 即办件 (0 days): due on the acceptance day itself.
//   - A stop (补正, 特别程序) covers its first through its last day, both
//     included, and the clock runs again the day after it ends: the day
//     the notice goes out is not charged to the office, and the day the
//     materials come back is treated like an acceptance day. A one-day stop
//     (From == To) thus removes exactly one day. Stops may not overlap or
//     start before acceptance. While the last stop has no end, the due date
//     is provisional: the earliest possible, as if it ended on its first day.
//   - Days are the hall's (HallDate: China Standard Time), whatever the
//     zone of the PC or of a time that arrives in UTC.
//   - DueDates reads the stops from a case's events (补正 notice → supply,
//     特别程序 start → end) and counts both the promised and the legal date;
//     it is what the store calls whenever an event may move them.
//   - A year without a holiday table is counted with the statutory holidays
//     of 全国年节及纪念日放假办法 (StatutoryDays: 元旦, 春节, 清明, 劳动节, 端午,
//     中秋, 国庆; the lunar dates and 清明 from a bundled conversion table), so
//     that a case accepted in December still gets a date before the State
//     Council publishes next year's arrangement. That answer is provisional
//     and never silent: Due.Uncovered lists the years without a table.
package calendar
