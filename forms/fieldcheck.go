package forms

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// single checks a field holding one string: emptiness, characters, length,
// the type's own format, the pattern, then the bounds.
func (c *checker) single(f *Field, v any) *problem {
	s, ok := asString(v)
	if !ok {
		return probf("的内容格式不正确")
	}
	if strings.TrimSpace(s) == "" {
		if f.Required {
			return emptyProblem(f)
		}
		return nil
	}
	if p := controlProblem(s, f.Type == TypeTextarea); p != nil {
		return p
	}
	n := utf8.RuneCountInString(s)
	if m := maxLen(f); m > 0 && n > m {
		return probf("不能超过%d个字（当前%d个）", m, n)
	}
	if n < f.MinLen {
		return probf("至少需要%d个字（当前%d个）", f.MinLen, n)
	}
	if p := c.format(f, s); p != nil {
		return p
	}
	if f.Pattern != "" {
		if re := c.pattern(f.Pattern); re != nil && !re.MatchString(s) {
			if f.PatternMsg != "" {
				return probf("格式不正确：%s", f.PatternMsg)
			}
			return probf("格式不正确")
		}
	}
	return nil
}

// format applies the type's own check; number and date include bounds.
func (c *checker) format(f *Field, s string) *problem {
	switch f.Type {
	case TypeIDNumber:
		return residentIDProblem(s, c.todayYMD)
	case TypeCreditCode:
		return creditProblem(s)
	case TypePhone:
		return phoneProblem(s)
	case TypeRegion:
		return regionProblem(s)
	case TypeNumber:
		if p := widthProblem(s); p != nil {
			return p
		}
		return numberProblem(f, s)
	case TypeDate:
		if p := widthProblem(s); p != nil {
			return p
		}
		return dateProblem(f, s, c.today)
	case TypeSelect, TypeEthnicGroup:
		if !slices.Contains(f.choices(), s) {
			return probf("的值“%s”不在可选项中", short(s))
		}
	}
	return nil
}

// choices are the options of a select or multiselect, the GB 3304 names
// of an ethnic_group field.
func (f *Field) choices() []string {
	if f.Type == TypeEthnicGroup {
		return ethnicNames
	}
	return f.Options
}

// multi checks a multiselect: each choice once, each one of the options.
func (c *checker) multi(f *Field, v any) *problem {
	list, ok := asList(v)
	if !ok {
		return probf("的内容格式不正确")
	}
	if len(list) == 0 {
		if f.Required {
			return emptyProblem(f)
		}
		return nil
	}
	for i, s := range list {
		if p := controlProblem(s, false); p != nil {
			return p
		}
		if !slices.Contains(f.Options, s) {
			return probf("的值“%s”不在可选项中", short(s))
		}
		if slices.Contains(list[:i], s) {
			return probf("的选项“%s”重复", short(s))
		}
	}
	return nil
}

func emptyProblem(f *Field) *problem {
	p := probf("不能为空")
	if f.Type == TypeSelect || f.Type == TypeMultiselect || f.Type == TypeEthnicGroup {
		p = probf("未选择")
	}
	p.missing = true
	return p
}

// short shortens a value echoed in a message.
func short(s string) string {
	const keep = 20
	if utf8.RuneCountInString(s) <= keep {
		return s
	}
	return string([]rune(s)[:keep]) + "…"
}
