package calendar

import (
	"slices"
	"testing"
)

func TestParseBundledTable(t *testing.T) {
	tables := loadTables(t)
	want := map[int][2]int{2024: {28, 8}, 2025: {28, 5}, 2026: {33, 6}}
	for y, n := range want {
		if got := [2]int{len(tables[y].Off), len(tables[y].Makeup)}; got != n {
			t.Errorf("%d: off/makeup = %v, want %v", y, got, n)
		}
	}
	c := New(tables)
	if !slices.Equal(c.Years(), []int{2024, 2025, 2026}) || !c.Covers(2025) || c.Covers(2023) || c.Covers(2027) {
		t.Errorf("years %v", c.Years())
	}
}

func TestParseTablesRejects(t *testing.T) {
	cases := []struct {
		json  string
		names []string
	}{
		{`{"2026": {"off": ["2025-01-01"]}}`, []string{"2025-01-01", "2026"}},
		{`{"2026": {"off": ["2026-01-01"], "makeup_workdays": ["2026-01-01"]}}`, []string{"2026-01-01"}},
		{`{"2026": {"off": ["2026-01-01"], "makeup_workdays": ["2026-01-05"]}}`, []string{"2026-01-05"}},
		{`{"2026": {"off": ["2026-01-01"], "makeup_workdays": ["2027-01-02"]}}`, []string{"2027-01-02"}},
		{`{"2026": {"off": ["2026-02-30"]}}`, []string{"2026-02-30"}},
		{`{"20x6": {"off": ["2026-01-01"]}}`, []string{"20x6"}},
		{`{"1999": {"off": ["1999-01-01"]}}`, []string{"1999"}},
		{`{"2027": {"off": []}}`, []string{"2027"}},
		{`{"2026": `, nil},
	}
	for _, c := range cases {
		_, err := ParseTables([]byte(c.json))
		if err == nil {
			t.Errorf("%s accepted", c.json)
			continue
		}
		wantInvalid(t, err, c.names...)
	}
	// Days off on a weekend are normal (2026-01-03 is a Saturday).
	if _, err := ParseTables([]byte(`{"2026": {"off": ["2026-01-03"], "extra": 1}}`)); err != nil {
		t.Error(err)
	}
}

func TestWithAddsAndReplacesYears(t *testing.T) {
	c := loadCal(t)
	d2027, eve := md("2027-01-01"), md("2027-02-05") // 元旦 Fri, 除夕 Fri
	if c.IsWorkday(d2027) || c.IsWorkday(eve) || !c.IsWorkday(md("2027-01-04")) {
		t.Fatal("uncovered 2027 should count its statutory holidays, and no other weekday, as off")
	}
	// A table for 2027 replaces the law's days: here it gives 元旦 only.
	c2, err := c.With(2027, Year{Off: []Date{d2027}})
	if err != nil {
		t.Fatal(err)
	}
	if c2.IsWorkday(d2027) || !c2.IsWorkday(eve) || !c2.Covers(2027) || c.Covers(2027) || c.IsWorkday(eve) {
		t.Error("With must add 2027 to the copy only")
	}
	// A correction replaces the whole year: 2026-02-14 is no longer make-up.
	c3, err := c2.With(2026, Year{Off: []Date{md("2026-01-01")}})
	if err != nil {
		t.Fatal(err)
	}
	if c3.IsWorkday(md("2026-02-14")) || !c3.IsWorkday(md("2026-01-02")) || !c3.Covers(2027) {
		t.Error("correction of 2026 not applied")
	}
	if _, err := c.With(2027, Year{Off: []Date{md("2027-01-01")}, Makeup: []Date{md("2027-01-04")}}); err == nil {
		t.Error("make-up Monday accepted")
	} else {
		wantInvalid(t, err, "2027-01-04")
	}
	if New(map[int]Year{1999: {Off: []Date{md("1999-01-01")}}}).Covers(1999) {
		t.Error("a year outside the table range must stay uncovered")
	}
	var none *Calendar
	if none.Covers(2026) || none.IsWorkday(md("2026-01-03")) || none.IsWorkday(md("2026-01-01")) ||
		!none.IsWorkday(md("2026-01-02")) {
		t.Error("nil calendar: statutory holidays only, nothing covered")
	}
}
