package forms

import "slices"

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
