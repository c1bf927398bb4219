package calendar

import (
	"strings"

	"yichuang/hall"
)

// FormatStops writes stops compactly for storage beside a case:
// "2026-03-03~2026-03-05;2026-04-01~" (an open stop has no end).
func FormatStops(stops []Stop) string {
	var b strings.Builder
	for i, s := range stops {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(s.From.String())
		b.WriteByte('~')
		b.WriteString(s.To.String())
	}
	return b.String()
}

// ParseStops reads what FormatStops wrote.
func ParseStops(s string) ([]Stop, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	out := make([]Stop, 0, len(parts))
	for _, p := range parts {
		from, to, ok := strings.Cut(p, "~")
		if !ok {
			return nil, hall.Errorf(hall.EInvalid, "挂起时段“%s”格式不对", p)
		}
		var st Stop
		var err error
		if st.From, err = ParseDate(from); err != nil {
			return nil, err
		}
		if to != "" {
			if st.To, err = ParseDate(to); err != nil {
				return nil, err
			}
		}
		out = append(out, st)
	}
	return out, nil
}
