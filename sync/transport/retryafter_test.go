package transport

import (
	"net/http"
	"testing"
	"time"
)

// A Retry-After is read in seconds or as a date, and capped so that a wrong
// header cannot silence the desk for hours (the platform's busy answer
// through this client: platform/server's TestSaturatedPlatformShedsPushes).
func TestRetryAfterIsReadAndCapped(t *testing.T) {
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0}, {"30", 30 * time.Second}, {" 7 ", 7 * time.Second}, {"0", 0}, {"-5", 0}, {"soon", 0},
		{"86400", MaxRetryAfter}, {"99999999999999999999", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{now.Add(5 * time.Hour).Format(http.TimeFormat), MaxRetryAfter},
	} {
		if got := retryAfter(c.header, now); got != c.want {
			t.Errorf("Retry-After %q: %s, want %s", c.header, got, c.want)
		}
	}

}
