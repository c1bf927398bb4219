package commands

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// noDefaultDesk points the default data directory at an empty place, so
// that a desk on this machine cannot change what the tests see.
func noDefaultDesk(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

func TestDeadline(t *testing.T) {
	noDefaultDesk(t)
	for _, tc := range []struct {
		args []string
		out  string
	}{
		{[]string{"--from", "2026-09-30", "--limit", "1"}, "2026-10-08"},                  // National Day week, 10-10 make-up is a Saturday after
		{[]string{"--from", "2026-02-13", "--limit", "1"}, "2026-02-14"},                  // make-up Saturday
		{[]string{"--from", "2026-09-30", "--limit", "3", "--unit", "自然日"}, "2026-10-08"}, // lands on a holiday, moves on
		{[]string{"--from", "2026-11-23", "--limit", "0"}, "2026-11-23"},                  // 即办件
	} {
		code, out, errs := run(t, append([]string{"deadline"}, tc.args...)...)
		if code != 0 || strings.TrimSpace(out) != tc.out {
			t.Errorf("deadline %v = %q (exit %d, %s), want %s", tc.args, out, code, errs, tc.out)
		}
	}
}

func TestDeadlineFlagsUncoveredYearAndRefusesBadInput(t *testing.T) {
	noDefaultDesk(t)
	code, out, errs := run(t, "deadline", "--from", "2026-12-30", "--limit", "5")
	if code != 0 || !strings.HasPrefix(out, "2027-") || !strings.Contains(errs, "2027 年") || !strings.Contains(errs, "暂定") {
		t.Errorf("uncovered year: exit %d out %q err %q", code, out, errs)
	}
	for _, args := range [][]string{
		{"--from", "2026-02-30", "--limit", "5"},
		{"--from", "2026-02-03", "--limit", "-1"},
		{"--from", "2026-02-03", "--limit", "5", "--unit", "小时"},
		{"--from", "2026-02-03", "--limit", "五"},
		{"--from", "2026-02-03", "--limit", "99999"},
		{"--from", "2026-13-01", "--limit", "5"},
		{"--from", "26-02-03", "--limit", "5"},
	} {
		code, out, errs := run(t, append([]string{"deadline"}, args...)...)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "错误：") {
			t.Errorf("deadline %v: exit %d out %q err %q, want a Chinese error and no date", args, code, out, errs)
		}
	}
	if code, _, errs := run(t, "deadline", "--limit", "5"); code != 2 || !strings.Contains(errs, "用法") {
		t.Errorf("missing --from: exit %d %q", code, errs)
	}
}

// TestDeadlineUsesTheDesksStoredYears: once the desk holds the platform's
// 2027 table, the command counts with it, even while the window holds the
// data directory's lock.
func TestDeadlineUsesTheDesksStoredYears(t *testing.T) {
	noDefaultDesk(t)
	dir := t.TempDir()
	dk := desks.Open(t, dir)
	if _, err := dk.DB.SaveCalendarYear(hall.AsDesk(context.Background()), 2027,
		[]byte(`{"off": ["2027-01-01", "2027-01-04"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	// 2026-12-31 (Thu) + 1 working day: 2027-01-01 and 01-04 are off.
	code, out, errs := run(t, "deadline", "--data", dir, "--from", "2026-12-31", "--limit", "1")
	if code != 0 || strings.TrimSpace(out) != "2027-01-05" || errs != "" {
		t.Errorf("with the stored 2027 table: exit %d out %q err %q", code, out, errs)
	}
	// Without it, 2027 counts the law's days: 元旦 (Fri) off, so Mon 01-04.
	code, out, errs = run(t, "deadline", "--from", "2026-12-31", "--limit", "1")
	if code != 0 || strings.TrimSpace(out) != "2027-01-04" || !strings.Contains(errs, "2027 年") {
		t.Errorf("default (empty) desk: exit %d out %q err %q", code, out, errs)
	}
	reopened := desks.Open(t, t.TempDir())
	if dk.Calendar.Covers(2027) || reopened.Calendar.Covers(2027) {
		t.Error("a fresh desk must not cover 2027")
	}
}

func TestOpenDeskCountsWithStoredYears(t *testing.T) {
	dir := t.TempDir()
	dk := desks.Open(t, dir)
	if _, err := dk.DB.SaveCalendarYear(hall.AsDesk(context.Background()), 2027, []byte(`{"off": ["2027-01-01"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	dk.Close()
	dk = desks.Open(t, dir)
	if !dk.Calendar.Covers(2027) || !dk.Calendar.Covers(2024) {
		t.Errorf("reopened desk covers %v, want 2024–2027", dk.Calendar.Years())
	}
}
