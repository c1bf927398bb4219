package forms

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// testToday is the clock of every test.
var testToday = time.Date(2026, 5, 20, 10, 0, 0, 0, time.Local)

func TestMain(m *testing.M) {
	now = func() time.Time { return testToday }
	os.Exit(m.Run())
}

// makeID completes 17 digits with their check character.
func makeID(first17 string) string { return first17 + string(idCheckChar(first17)) }

// makeCredit completes 17 code characters with their check character.
func makeCredit(first17 string) string { return first17 + string(creditCheckChar(first17)) }

// wantErr checks err against want: "" means nil, otherwise an invalid
// *hall.Error whose message contains want.
func wantErr(t *testing.T, name string, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	var he *hall.Error
	if !errors.As(err, &he) {
		t.Errorf("%s: got %v, want *hall.Error containing %q", name, err, want)
		return
	}
	if he.Code != hall.EInvalid || !strings.Contains(he.Message, want) {
		t.Errorf("%s: got %s %q, want invalid containing %q", name, he.Code, he.Message, want)
	}
}

func mustParse(t testing.TB, raw string) *Schema {
	t.Helper()
	s, err := Parse([]byte(raw))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

// messages lists "path: message" of each error, with "(warn)" for warnings.
func messages(errs []FieldError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Path + ": " + e.Message
		if e.Warning {
			out[i] += " (warn)"
		}
	}
	return out
}
