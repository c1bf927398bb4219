package calendar

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode"

	"yichuang/hall"
)

const tablePath = "../../assets/calendar/holidays-cn-2024-2026.json"

func loadTables(t testing.TB) map[int]Year {
	t.Helper()
	data, err := os.ReadFile(tablePath)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := ParseTables(data)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

func loadCal(t testing.TB) *Calendar { t.Helper(); return New(loadTables(t)) }

// md is for test tables only: it panics on a typo in the test itself.
func md(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// wantInvalid checks err is an EInvalid *hall.Error whose message is
// Chinese and names every value in names.
func wantInvalid(t *testing.T, err error, names ...string) {
	t.Helper()
	var he *hall.Error
	if !errors.As(err, &he) || he.Code != hall.EInvalid {
		t.Fatalf("want *hall.Error %s, got %#v", hall.EInvalid, err)
	}
	if !strings.ContainsFunc(he.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("message not Chinese: %q", he.Message)
	}
	for _, n := range names {
		if !strings.Contains(he.Message, n) {
			t.Errorf("message %q does not name %q", he.Message, n)
		}
	}
}
