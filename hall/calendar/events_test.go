package calendar

import (
	"slices"
	"testing"
	"time"

	"yichuang/hall"
)

// at is a time in the hall's zone, "2006-01-02 15:04".
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, hall.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func evs(pairs ...any) []hall.Event {
	var out []hall.Event
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, hall.Event{Action: pairs[i].(hall.Action), At: at(pairs[i+1].(string))})
	}
	return out
}

func TestDueDatesFromEvents(t *testing.T) {
	c := loadCal(t)
	cases := []struct {
		name           string
		limits         Limits
		events         []hall.Event
		promise, legal string
		open           bool
	}{
		{"特别程序跨国庆", Limits{work(5), work(20)}, evs(
			hall.ActReceive, "2025-09-22 09:10", hall.ActAccept, "2025-09-22 09:40",
			hall.ActStartReview, "2025-09-23 10:00",
			hall.ActStartSpecial, "2025-09-24 15:00", hall.ActEndSpecial, "2025-10-10 11:00"),
			"2025-10-15", "2025-11-05", false},
		{"受理前的补正不计", Limits{work(3), nat(20)}, evs(
			hall.ActReceive, "2026-03-02 09:00", hall.ActRequestCorrection, "2026-03-02 09:30",
			hall.ActSupplyCorrection, "2026-03-04 14:00", hall.ActAccept, "2026-03-04 14:20"),
			"2026-03-09", "2026-03-24", false},
		{"特别程序未结束", Limits{work(5), work(20)}, evs(
			hall.ActAccept, "2026-03-02 10:00", hall.ActStartSpecial, "2026-03-04 10:00"),
			"2026-03-10", "2026-03-31", true},
		{"即办件", Limits{work(0), nat(3)}, evs(hall.ActAccept, "2026-09-30 16:00"),
			"2026-09-30", "2026-10-08", false},
		{"两段特别程序跨清明", Limits{work(5), work(5)}, evs(
			hall.ActAccept, "2024-04-01 09:00",
			hall.ActStartSpecial, "2024-04-02 09:00", hall.ActEndSpecial, "2024-04-02 17:00",
			hall.ActStartSpecial, "2024-04-08 09:00", hall.ActEndSpecial, "2024-04-09 17:00"),
			"2024-04-12", "2024-04-12", false},
	}
	for _, tc := range cases {
		p, l, err := c.DueDates(tc.limits, time.Time{}, tc.events)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if p.Date != md(tc.promise) || l.Date != md(tc.legal) || p.Open != tc.open || l.Open != tc.open {
			t.Errorf("%s: promise %s legal %s open %v, want %s %s %v", tc.name, p.Date, l.Date, p.Open,
				tc.promise, tc.legal, tc.open)
		}
	}
}

// TestDueDatesCountHallDays: an acceptance at 07:30 in the hall is on that
// day even when the time arrives in UTC (23:30 the evening before).
func TestDueDatesCountHallDays(t *testing.T) {
	c := loadCal(t)
	accepted := at("2026-02-13 07:30").UTC()
	p, _, err := c.DueDates(Limits{work(1), work(1)}, accepted, nil)
	if err != nil || p.Date != md("2026-02-14") {
		t.Errorf("accepted %s: due %s, %v; want 2026-02-14 (make-up Saturday after Friday 02-13)", accepted, p.Date, err)
	}
	if HallDate(accepted) != md("2026-02-13") || HallDate(time.Time{}) != (Date{}) {
		t.Error("HallDate must read the hall's zone")
	}
	if got := md("2026-02-13").Start(); !got.Equal(at("2026-02-13 00:00")) {
		t.Errorf("Start = %s", got)
	}
}

func TestDueDatesRefuseWhatNeedsAGuess(t *testing.T) {
	c := loadCal(t)
	for _, tc := range []struct {
		name   string
		limits Limits
		events []hall.Event
		names  []string
	}{
		{"结束早于开始", Limits{work(5), work(20)}, evs(hall.ActAccept, "2026-03-02 09:00",
			hall.ActStartSpecial, "2026-03-10 09:00", hall.ActEndSpecial, "2026-03-05 09:00"),
			[]string{"2026-03-05", "2026-03-10"}},
		{"没有开始的结束", Limits{work(5), work(20)}, evs(hall.ActAccept, "2026-03-02 09:00",
			hall.ActEndSpecial, "2026-03-05 09:00"), []string{"特别程序结束", "2026-03-05"}},
		{"未结束又开始", Limits{work(5), work(20)}, evs(hall.ActAccept, "2026-03-02 09:00",
			hall.ActStartSpecial, "2026-03-03 09:00", hall.ActStartSpecial, "2026-03-05 09:00"),
			[]string{"2026-03-03", "特别程序开始"}},
		{"未受理", Limits{work(5), work(20)}, evs(hall.ActReceive, "2026-03-02 09:00"), []string{"尚未受理"}},
		{"承诺时限为负", Limits{work(-2), work(20)}, evs(hall.ActAccept, "2026-03-02 09:00"), []string{"承诺", "-2"}},
		{"法定时限单位不明", Limits{work(2), hall.Limit{Days: 20, Unit: "月"}},
			evs(hall.ActAccept, "2026-03-02 09:00"), []string{"法定", "月"}},
		{"法定时限过大", Limits{work(2), work(99999)}, evs(hall.ActAccept, "2026-03-02 09:00"), []string{"99999"}},
	} {
		_, _, err := c.DueDates(tc.limits, time.Time{}, tc.events)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		t.Run(tc.name, func(t *testing.T) { wantInvalid(t, err, tc.names...) })
	}
}

func TestStopsAndStoppedWorkdays(t *testing.T) {
	c := loadCal(t)
	events := evs(hall.ActRequestCorrection, "2025-09-01 09:00", hall.ActSupplyCorrection, "2025-09-03 09:00",
		hall.ActAccept, "2025-09-03 10:00",
		hall.ActStartSpecial, "2025-09-24 09:00", hall.ActEndSpecial, "2025-10-10 09:00",
		hall.ActStartSpecial, "2025-10-20 09:00")
	stops, err := StopsOf(md("2025-09-03"), events)
	if err != nil {
		t.Fatal(err)
	}
	want := []Stop{stop("2025-09-24", "2025-10-10"), stop("2025-10-20", "")}
	if !slices.Equal(stops, want) {
		t.Fatalf("stops = %v, want %v", stops, want)
	}
	// 09-24..26, make-up Sunday 09-28, 09-29, 09-30, then 10-09 and 10-10
	// after the National Day week: 8; the open stop adds 10-20..10-22: 3.
	if got := c.StoppedWorkdays(stops, md("2025-10-22")); got != 11 {
		t.Errorf("stopped working days = %d, want 11", got)
	}
	if got := c.StoppedWorkdays(stops[:1], md("2025-09-29")); got != 5 {
		t.Errorf("stopped working days up to 09-29 = %d, want 5", got)
	}
	text := FormatStops(stops)
	if text != "2025-09-24~2025-10-10;2025-10-20~" {
		t.Errorf("FormatStops = %q", text)
	}
	back, err := ParseStops(text)
	if err != nil || !slices.Equal(back, stops) {
		t.Errorf("ParseStops(%q) = %v, %v", text, back, err)
	}
	if s, err := ParseStops(""); err != nil || s != nil {
		t.Errorf("empty stops = %v, %v", s, err)
	}
	for _, bad := range []string{"2025-09-24", "2025-02-30~", "2025-09-24~x"} {
		if _, err := ParseStops(bad); err == nil {
			t.Errorf("ParseStops(%q) accepted", bad)
		}
	}
}

func TestYearRoundTrip(t *testing.T) {
	tables := loadTables(t)
	for y, table := range tables {
		back, err := ParseYear(y, FormatYear(table))
		if err != nil || !slices.Equal(back.Off, table.Off) || !slices.Equal(back.Makeup, table.Makeup) {
			t.Errorf("%d: round trip = %v, %v", y, back, err)
		}
	}
	if _, err := ParseYear(2027, []byte(`{"off": ["2026-10-01"]}`)); err == nil {
		t.Error("a 2026 date in the 2027 table accepted")
	} else {
		wantInvalid(t, err, "2026-10-01")
	}
	if _, err := ParseYear(2027, []byte(`{"off": `)); err == nil {
		t.Error("broken JSON accepted")
	}
	c := New(tables)
	got := c.Tables()
	if len(got) != 3 || len(got[2026].Makeup) != 6 {
		t.Errorf("Tables() = %v", got)
	}
}
