package forms

import (
	"regexp"
	"slices"
	"strings"

	"yichuang/hall"
)

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

const maxKeyLen = 64

var fieldTypes = []string{TypeText, TypeTextarea, TypeNumber, TypeDate, TypeSelect, TypeMultiselect,
	TypeIDNumber, TypeCreditCode, TypePhone, TypeRegion, TypeAddress, TypeRows, TypeEthnicGroup}

func fieldErr(path, format string, args ...any) *hall.Error {
	e := hall.Errorf(hall.EInvalid, format, args...)
	e.Message = "字段“" + path + "”：" + e.Message
	return e
}

// checkLevel checks the fields of the form, or the sub-fields of a rows
// field when parent is its key.
func checkLevel(fields []Field, parent string) error {
	seen := map[string]bool{}
	for i := range fields {
		f := &fields[i]
		path := f.Key
		if parent != "" {
			path = parent + "." + f.Key
		}
		switch {
		case f.Key == "" && parent == "":
			return hall.Errorf(hall.EInvalid, "第%d个字段缺少 key", i+1)
		case f.Key == "":
			return fieldErr(parent, "第%d个子字段缺少 key", i+1)
		case !keyRE.MatchString(f.Key) || len(f.Key) > maxKeyLen:
			return fieldErr(path, "key 无效：应以小写字母开头，只含小写字母、数字和下划线，最长%d个字符", maxKeyLen)
		case seen[f.Key]:
			return fieldErr(path, "key 重复")
		case strings.TrimSpace(f.Label) == "":
			return fieldErr(path, "缺少标签（label）")
		case controlProblem(f.Label, false) != nil:
			return fieldErr(path, "标签含有控制字符或无法识别的字符")
		}
		seen[f.Key] = true
		if err := checkField(f, path, parent != ""); err != nil {
			return err
		}
	}
	return checkShowIf(fields, parent)
}

func checkField(f *Field, path string, inRow bool) error {
	t := f.Type
	switch {
	case !slices.Contains(fieldTypes, t):
		return fieldErr(path, "类型“%s”无效，可用类型：%s", t, strings.Join(fieldTypes, "、"))
	case t == TypeRows && inRow:
		return fieldErr(path, "行内不能再嵌套 rows 字段")
	case f.MinLen < 0 || f.MaxLen < 0:
		return fieldErr(path, "min_len 和 max_len 不能为负数")
	case (f.MinLen != 0 || f.MaxLen != 0) && t != TypeText && t != TypeTextarea && t != TypeAddress:
		return fieldErr(path, "只有 text、textarea、address 类型可以设置 min_len 和 max_len")
	case f.MaxLen > 0 && f.MinLen > f.MaxLen:
		return fieldErr(path, "min_len（%d）大于 max_len（%d）", f.MinLen, f.MaxLen)
	case f.Pattern != "" && (t == TypeSelect || t == TypeMultiselect || t == TypeRows || t == TypeEthnicGroup):
		return fieldErr(path, "%s 类型不能设置 pattern", t)
	case f.PatternMsg != "" && f.Pattern == "":
		return fieldErr(path, "设置了 pattern_msg 却没有 pattern")
	}
	if f.Pattern != "" {
		if _, err := compilePattern(f.Pattern); err != nil {
			e := fieldErr(path, "pattern 不是有效的正则表达式")
			e.Err = err
			return e
		}
	}
	if err := checkBounds(f, path); err != nil {
		return err
	}
	if err := checkOptions(f, path); err != nil {
		return err
	}
	return checkRowsField(f, path)
}

func checkOptions(f *Field, path string) error {
	choice := f.Type == TypeSelect || f.Type == TypeMultiselect
	switch {
	case choice && len(f.Options) == 0:
		return fieldErr(path, "%s 类型必须设置可选项（options）", f.Type)
	case !choice && len(f.Options) > 0:
		return fieldErr(path, "只有 select 和 multiselect 类型可以设置 options")
	}
	seen := map[string]bool{}
	for _, o := range f.Options {
		switch {
		case strings.TrimSpace(o) == "":
			return fieldErr(path, "可选项不能为空")
		case controlProblem(o, false) != nil:
			return fieldErr(path, "可选项“%s”含有控制字符或无法识别的字符", o)
		case seen[o]:
			return fieldErr(path, "可选项“%s”重复", o)
		}
		seen[o] = true
	}
	return nil
}

func checkRowsField(f *Field, path string) error {
	if f.Type != TypeRows {
		if len(f.Fields) > 0 || f.MinRows != 0 || f.MaxRows != 0 {
			return fieldErr(path, "只有 rows 类型可以设置 fields、min_rows、max_rows")
		}
		return nil
	}
	switch {
	case len(f.Fields) == 0:
		return fieldErr(path, "rows 类型必须设置子字段（fields）")
	case f.MinRows < 0 || f.MaxRows < 0:
		return fieldErr(path, "min_rows 和 max_rows 不能为负数")
	case f.MaxRows > 0 && f.MinRows > f.MaxRows:
		return fieldErr(path, "min_rows（%d）大于 max_rows（%d）", f.MinRows, f.MaxRows)
	}
	return checkLevel(f.Fields, path)
}

// indexOf maps the keys of one level to their positions.
func indexOf(fields []Field) map[string]int {
	idx := make(map[string]int, len(fields))
	for i := range fields {
		if _, dup := idx[fields[i].Key]; !dup {
			idx[fields[i].Key] = i
		}
	}
	return idx
}

// checkShowIf checks the conditions of one level: each names another
// non-rows field of the same level, has exactly one of equals and in, uses
// only options of a select, and no chain of conditions loops.
func checkShowIf(fields []Field, parent string) error {
	idx := indexOf(fields)
	for i := range fields {
		f := &fields[i]
		c := f.ShowIf
		if c == nil {
			continue
		}
		path := joinPath(parent, f.Key)
		j, ok := idx[c.Field]
		switch {
		case c.Field == "":
			return fieldErr(path, "show_if 缺少 field")
		case !ok && parent != "":
			return fieldErr(path, "show_if 引用的字段“%s”不在同一行中", c.Field)
		case !ok:
			return fieldErr(path, "show_if 引用了不存在的字段“%s”", c.Field)
		case j == i:
			return fieldErr(path, "show_if 不能引用字段自身")
		case fields[j].Type == TypeRows:
			return fieldErr(path, "show_if 不能引用 rows 字段“%s”", c.Field)
		case c.Equals == nil && len(c.In) == 0:
			return fieldErr(path, "show_if 需要 equals 或 in")
		case c.Equals != nil && len(c.In) > 0:
			return fieldErr(path, "show_if 只能设置 equals 和 in 其中之一")
		}
		if t := &fields[j]; t.Type == TypeSelect || t.Type == TypeMultiselect || t.Type == TypeEthnicGroup {
			for _, v := range c.values() {
				if !slices.Contains(t.choices(), v) {
					return fieldErr(path, "show_if 的值“%s”不是字段“%s”的可选项", v, t.Key)
				}
			}
		}
	}
	return checkShowIfCycles(fields, idx, parent)
}

func checkShowIfCycles(fields []Field, idx map[string]int, parent string) error {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(fields))
	for start := range fields {
		var path []int
		i := start
		for state[i] == unseen {
			state[i] = onPath
			path = append(path, i)
			c := fields[i].ShowIf
			if c == nil {
				break
			}
			i = idx[c.Field]
			if state[i] == onPath {
				return fieldErr(joinPath(parent, fields[i].Key), "show_if 形成了循环引用")
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return nil
}

// values lists the values a condition accepts.
func (c *ShowIf) values() []string {
	if c.Equals != nil {
		return []string{*c.Equals}
	}
	return c.In
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// ruleTypes lists, per rule kind, the types its two fields must have; ""
// allows any type.
var ruleTypes = map[string][2]string{
	RuleIDBirthMatches:  {TypeIDNumber, TypeDate},
	RuleIDGenderMatches: {TypeIDNumber, TypeSelect},
	RuleDateOrder:       {TypeDate, TypeDate},
	RuleRequiredIf:      {"", ""},
}

// checkRules checks that each rule names two different top-level fields of
// the types its kind needs.
func (s *Schema) checkRules() error {
	idx := indexOf(s.Fields)
	for n, r := range s.Rules {
		types, ok := ruleTypes[r.Kind]
		if !ok {
			return hall.Errorf(hall.EInvalid, "第%d条规则的类型“%s”无效，可用：%s、%s、%s、%s", n+1, r.Kind,
				RuleIDBirthMatches, RuleIDGenderMatches, RuleDateOrder, RuleRequiredIf)
		}
		if len(r.Fields) != 2 || r.Fields[0] == r.Fields[1] {
			return hall.Errorf(hall.EInvalid, "第%d条规则（%s）需要两个不同的字段", n+1, r.Kind)
		}
		for k, key := range r.Fields {
			j, ok := idx[key]
			if !ok {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）引用了不存在的字段“%s”", n+1, r.Kind, key)
			}
			if want := types[k]; want != "" && s.Fields[j].Type != want {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）的字段“%s”应为 %s 类型", n+1, r.Kind, key, want)
			}
		}
		if r.Kind == RuleIDGenderMatches {
			opts := s.Fields[idx[r.Fields[1]]].Options
			if !slices.Contains(opts, "男") || !slices.Contains(opts, "女") {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）的字段“%s”的可选项应包含“男”和“女”",
					n+1, r.Kind, r.Fields[1])
			}
		}
	}
	return nil
}
