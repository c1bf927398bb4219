package calendar

import (
	"time"

	"yichuang/hall"
)

// DeliveryDays is how long a decided result may wait for 出件: 行政许可法
// Art. 44 has the certificate issued or delivered within ten days of the
// decision, and Art. 82 counts the Act's limits in working days.
const DeliveryDays = 10

// DeliveryWait is how many working days a result decided at finished has
// waited for 出件 by now (the day of the decision not counted, as Art. 44's
// "自作出决定之日起" is counted), in the hall's zone; late is true past
// DeliveryDays.
func (c *Calendar) DeliveryWait(finished, now time.Time) (days int, late bool) {
	if finished.IsZero() {
		return 0, false
	}
	days = c.WorkdaysBetween(DateOf(hall.HallTime(finished)), DateOf(hall.HallTime(now)))
	if days < 0 {
		days = 0
	}
	return days, days > DeliveryDays
}
