package forms

import (
	"math/big"
)

// checkBounds checks a field's min and max when the schema is parsed.
func checkBounds(f *Field, path string) error {
	if f.Min == "" && f.Max == "" {
		return nil
	}
	switch f.Type {
	case TypeNumber:
		for _, b := range []Bound{f.Min, f.Max} {
			if b != "" && !decimalRE.MatchString(string(b)) {
				return fieldErr(path, "min/max 的值“%s”应为数字", b)
			}
		}
		if f.Min != "" && f.Max != "" && cmpDecimal(string(f.Min), string(f.Max)) > 0 {
			return fieldErr(path, "min（%s）大于 max（%s）", f.Min, f.Max)
		}
	case TypeDate:
		for _, b := range []Bound{f.Min, f.Max} {
			if b != "" && b != Today && !isDate(string(b)) {
				return fieldErr(path, "min/max 的值“%s”应为 YYYY-MM-DD 格式的日期或 today", b)
			}
		}
		if f.Min != "" && f.Max != "" && f.Min != Today && f.Max != Today && f.Min > f.Max {
			return fieldErr(path, "min（%s）晚于 max（%s）", f.Min, f.Max)
		}
	default:
		return fieldErr(path, "只有 number 和 date 类型可以设置 min 和 max")
	}
	return nil
}

// cmpDecimal compares two decimals checked by decimalRE, exactly.
func cmpDecimal(a, b string) int {
	x, okx := new(big.Rat).SetString(a)
	y, oky := new(big.Rat).SetString(b)
	if !okx || !oky {
		return 0
	}
	return x.Cmp(y)
}

// isDate reports whether s is YYYY-MM-DD naming a real calendar day.
func isDate(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-' && validYMD(s[:4]+s[5:7]+s[8:])
}

// numberProblem checks a number value against its bounds.
func numberProblem(f *Field, s string) *problem {
	if !decimalRE.MatchString(s) {
		return probf("应为数字（如 12 或 3.5）")
	}
	if decimalRE.MatchString(string(f.Min)) && cmpDecimal(s, string(f.Min)) < 0 {
		return probf("不能小于%s", f.Min)
	}
	if decimalRE.MatchString(string(f.Max)) && cmpDecimal(s, string(f.Max)) > 0 {
		return probf("不能大于%s", f.Max)
	}
	return nil
}

// dateProblem checks a date value against its bounds; "today" is the day
// of the check, day (YYYY-MM-DD).
func dateProblem(f *Field, s string, day string) *problem {
	if !isDate(s) {
		return probf("应为有效日期，格式为“年-月-日”（如 2024-01-31）")
	}
	if lo, name := dateBound(f.Min, day); lo != "" && s < lo {
		return probf("不能早于%s", name)
	}
	if hi, name := dateBound(f.Max, day); hi != "" && s > hi {
		return probf("不能晚于%s", name)
	}
	return nil
}

// dateBound resolves a date bound to YYYY-MM-DD and the words for it.
func dateBound(b Bound, day string) (string, string) {
	switch {
	case b == Today:
		return day, "今天（" + day + "）"
	case isDate(string(b)):
		return string(b), string(b)
	}
	return "", ""
}

// Caps that apply when the schema sets none (docs/form-schema.md,
// "Defaults"). An explicit max_len or max_rows replaces them.
const (
	DefaultMaxText     = 200   // text, in characters
	DefaultMaxAddress  = 200   // address, in characters
	DefaultMaxTextarea = 20000 // textarea, in characters
	DefaultMaxNumber   = 30    // number, in characters
	DefaultMaxRows     = 100   // rows
)

// maxLen is the length cap of a field, 0 when its format bounds it.
func maxLen(f *Field) int {
	if f.MaxLen > 0 {
		return f.MaxLen
	}
	switch f.Type {
	case TypeText:
		return DefaultMaxText
	case TypeAddress:
		return DefaultMaxAddress
	case TypeTextarea:
		return DefaultMaxTextarea
	case TypeNumber:
		return DefaultMaxNumber
	}
	return 0
}
