package calendar

import (
	"math"
	"testing"
)

func TestLightOf(t *testing.T) {
	c := loadCal(t)
	th := DefaultThresholds()
	// Accepted 2026-02-10, 20 工作日 → due Mon 2026-03-16 (see TestDueDate).
	acc, due := md("2026-02-10"), md("2026-03-16")
	cases := []struct {
		today     string
		suspended bool
		th        Thresholds
		want      Light
		remaining int
	}{
		{"2026-03-06", false, th, Green, 6},  // 14 of 20 used
		{"2026-03-09", false, th, Green, 5},  // 15 of 20 = 75%
		{"2026-03-10", false, th, Yellow, 4}, // 16 of 20 = 80%
		{"2026-03-12", false, th, Yellow, 2}, // 2 left
		{"2026-03-14", false, th, Yellow, 1}, // Saturday, Monday left
		{"2026-03-16", false, th, Yellow, 0}, // due day: yellow, not red
		{"2026-03-17", false, th, Red, -1},
		{"2026-03-20", false, th, Red, -4},
		{"2026-03-20", true, th, Suspended, -4},
		{"2026-02-24", true, th, Suspended, 15},
		{"2026-02-24", false, th, Green, 15},
		{"2026-03-13", false, Thresholds{}, Green, 1},
		{"2026-03-16", false, Thresholds{}, Yellow, 0},
		{"2026-03-06", false, Thresholds{YellowRemaining: 6}, Yellow, 6},
		{"2026-03-06", false, Thresholds{YellowShare: 0.7}, Yellow, 6},
	}
	for _, tc := range cases {
		today := md(tc.today)
		if got := c.LightOf(today, acc, due, tc.suspended, tc.th); got != tc.want {
			t.Errorf("%s %+v: %s, want %s", tc.today, tc.th, got, tc.want)
		}
		if got := c.Remaining(today, due); got != tc.remaining {
			t.Errorf("Remaining(%s) = %d, want %d", tc.today, got, tc.remaining)
		}
	}
}

func TestRemainingAcrossHolidays(t *testing.T) {
	c := loadCal(t)
	cases := []struct {
		today, due string
		want       int
	}{
		{"2025-09-30", "2025-10-09", 1},
		{"2025-09-28", "2025-09-30", 2},  // from the make-up Sunday
		{"2026-03-14", "2026-03-13", -1}, // Saturday after a Friday due date
		{"2026-03-16", "2026-03-13", -1},
		{"2026-03-17", "2026-03-13", -2},
		{"2025-10-08", "2025-09-30", -1}, // overdue through the whole 国庆 holiday
		{"2025-10-09", "2025-09-30", -1},
	}
	for _, tc := range cases {
		if got := c.Remaining(md(tc.today), md(tc.due)); got != tc.want {
			t.Errorf("Remaining(%s, %s) = %d, want %d", tc.today, tc.due, got, tc.want)
		}
	}
}

func TestLightInstantCase(t *testing.T) {
	c := loadCal(t)
	d := md("2026-02-15")
	if got := c.LightOf(d, d, d, false, DefaultThresholds()); got != Yellow {
		t.Errorf("即办件 on its day: %s", got)
	}
	if got := c.LightOf(d.AddDays(1), d, d, false, DefaultThresholds()); got != Red {
		t.Errorf("即办件 the day after: %s", got)
	}
}

func TestLightNames(t *testing.T) {
	for l, want := range map[Light]string{Green: "绿灯", Yellow: "黄灯", Red: "红灯", Suspended: "挂起", 0: "无"} {
		if l.String() != want {
			t.Errorf("%d: %s", int(l), l)
		}
	}
}

func TestThresholdsValidate(t *testing.T) {
	if err := DefaultThresholds().Validate(); err != nil {
		t.Error(err)
	}
	if err := (Thresholds{}).Validate(); err != nil {
		t.Error(err)
	}
	for _, tc := range []struct {
		th   Thresholds
		name string
	}{
		{Thresholds{YellowRemaining: -1, YellowShare: 0.8}, "-1"},
		{Thresholds{YellowRemaining: 2, YellowShare: 1.5}, "1.5"},
		{Thresholds{YellowRemaining: 2, YellowShare: math.NaN()}, "NaN"},
	} {
		wantInvalid(t, tc.th.Validate(), tc.name)
	}
}
