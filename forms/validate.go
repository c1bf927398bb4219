package forms

import (
	"regexp"
	"strconv"
	"time"
)

// FieldError is one problem with the values: Path locates the value
// ("members[2].name"), Label names it for the clerk ("家庭成员第3行·姓名"),
// Message says what is wrong and names the field. A Warning may be
// confirmed by the clerk instead of fixed.
type FieldError struct {
	Path    string `json:"path"`
	Label   string `json:"label"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
	// Missing marks a required value left empty (not a wrong one): a case
	// received only (仅收件) may still lack it, to be filled before 受理.
	Missing bool `json:"missing,omitempty"`
}

func (e FieldError) Error() string { return e.Message }

// checker holds what one Validate call needs.
type checker struct {
	today    string // YYYY-MM-DD
	todayYMD string // YYYYMMDD
	patterns map[string]*regexp.Regexp
	local    map[string]*regexp.Regexp // patterns a hand-built schema did not compile
}

// Validate checks v against the schema as of the day today and returns the
// problems in field order (within rows: the row count first, then row by
// row), so that the first one is the field to focus. Hidden fields are
// neither checked nor required. Each field reports at most one problem of
// its own; a cross-field rule reports on one of its fields only when both
// are shown and valid on their own (a warning counts as valid). Validate
// never panics.
func (s *Schema) Validate(v Values, today time.Time) []FieldError {
	if s == nil {
		return nil
	}
	c := &checker{today: today.Format("2006-01-02"), todayYMD: today.Format("20060102"), patterns: s.patterns}
	idx := indexOf(s.Fields)
	shown := visibility(s.Fields, idx, v)
	perField := make([][]FieldError, len(s.Fields))
	for i := range s.Fields {
		if shown[i] {
			f := &s.Fields[i]
			perField[i] = c.field(f, f.Key, f.Label, v[f.Key])
		}
	}
	c.rules(s, idx, v, shown, perField)
	var out []FieldError
	for _, errs := range perField {
		out = append(out, errs...)
	}
	return out
}

// field checks one shown field; a rows field also checks its rows.
func (c *checker) field(f *Field, path, label string, v any) []FieldError {
	if f.Type == TypeRows {
		return c.rows(f, path, label, v)
	}
	var p *problem
	switch f.Type {
	case TypeMultiselect:
		p = c.multi(f, v)
	default:
		p = c.single(f, v)
	}
	if p == nil {
		return nil
	}
	return []FieldError{{Path: path, Label: label, Message: "“" + label + "”" + p.phrase, Warning: p.warning(),
		Missing: p.missing}}
}

// rows checks the number of rows and then each row's shown sub-fields.
func (c *checker) rows(f *Field, path, label string, v any) []FieldError {
	rows, ok := asRows(v)
	fail := func(format string, args ...any) []FieldError {
		return []FieldError{{Path: path, Label: label, Message: "“" + label + "”" + probf(format, args...).phrase}}
	}
	maxRows := f.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	switch n := len(rows); {
	case !ok:
		return fail("的内容格式不正确")
	case n == 0 && (f.Required || f.MinRows > 0):
		e := fail("至少需要填写%d行", max(f.MinRows, 1))
		e[0].Missing = true
		return e
	case n < f.MinRows:
		return fail("至少需要填写%d行（当前%d行）", f.MinRows, n)
	case n > maxRows:
		return fail("最多填写%d行（当前%d行）", maxRows, n)
	}
	var out []FieldError
	idx := indexOf(f.Fields)
	for r, row := range rows {
		shown := visibility(f.Fields, idx, row)
		prefix := path + "[" + strconv.Itoa(r) + "]."
		rowLabel := label + "第" + strconv.Itoa(r+1) + "行·"
		for i := range f.Fields {
			if shown[i] {
				sub := &f.Fields[i]
				out = append(out, c.field(sub, prefix+sub.Key, rowLabel+sub.Label, row[sub.Key])...)
			}
		}
	}
	return out
}

// pattern returns the compiled pattern of a field, nil when it has none or
// it does not compile.
func (c *checker) pattern(src string) *regexp.Regexp {
	if re, ok := c.patterns[src]; ok {
		return re
	}
	if re, ok := c.local[src]; ok {
		return re
	}
	re, _ := compilePattern(src)
	if c.local == nil {
		c.local = map[string]*regexp.Regexp{}
	}
	c.local[src] = re
	return re
}
