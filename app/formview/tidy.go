package formview

import (
	"regexp"

	"yichuang/forms"
)

func placeholder(def *forms.Field) string {
	if def.Placeholder != "" {
		return def.Placeholder
	}
	return Text.Placeholders[def.Type]
}

var (
	compactDate   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	delimitedDate = regexp.MustCompile(`^(\d{4})[./年-](\d{1,2})[./月-](\d{1,2})日?$`)
)

// tidyText is what a field shows once the clerk leaves it: the value as
// forms normalizes it (identifiers without spaces, upper-case, half-width;
// surrounding spaces trimmed) and a date typed as 20260131 or 2026/1/31
// written 2026-01-31. It never drops a character the clerk meant.
func tidyText(def *forms.Field, s string) string {
	one := forms.Schema{Fields: []forms.Field{*def}}
	out, _ := one.Normalize(forms.Values{def.Key: s})[def.Key].(string)
	if def.Type == forms.TypeDate {
		m := compactDate.FindStringSubmatch(out)
		if m == nil {
			m = delimitedDate.FindStringSubmatch(out)
		}
		if m != nil {
			out = m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])
		}
	}
	return out
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
