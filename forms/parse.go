package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"

	"yichuang/hall"
)

// Parse reads a form schema and checks it: types, keys, patterns, bounds,
// options, rows, show_if conditions and rules. The error, a *hall.Error
// with code hall.EInvalid, names the first problem in Chinese.
func Parse(raw []byte) (*Schema, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s Schema
	if err := dec.Decode(&s); err != nil {
		return nil, decodeError(err)
	}
	if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
		return nil, hall.Wrap(hall.EInvalid, err, "表单定义在结尾处有多余的内容")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	s.patterns = compilePatterns(s.Fields, nil)
	return &s, nil
}

// decodeError translates what encoding/json reports into Chinese.
func decodeError(err error) error {
	var he *hall.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &he):
		return he
	case err == io.EOF:
		return hall.Errorf(hall.EInvalid, "表单定义为空")
	case errors.As(err, &syn):
		return hall.Wrap(hall.EInvalid, err, "表单定义不是有效的JSON（第%d个字节附近）", syn.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return hall.Wrap(hall.EInvalid, err, "表单定义应为JSON对象")
	case errors.As(err, &typ):
		return hall.Wrap(hall.EInvalid, err, "表单定义中“%s”的值类型不正确", typ.Field)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, `json: unknown field "`); ok {
		name = strings.TrimSuffix(name, `"`)
		return hall.Wrap(hall.EInvalid, err, "表单定义中有未知的属性“%s”", name)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return hall.Wrap(hall.EInvalid, err, "表单定义不完整（JSON 提前结束）")
	}
	return hall.Wrap(hall.EInvalid, err, "表单定义无法读取")
}

// check checks a decoded schema.
func (s *Schema) check() error {
	if s.Version < 1 {
		return hall.Errorf(hall.EInvalid, "表单定义的版本号（version）应为正整数")
	}
	if len(s.Fields) == 0 {
		return hall.Errorf(hall.EInvalid, "表单定义至少需要一个字段")
	}
	if err := checkLevel(s.Fields, ""); err != nil {
		return err
	}
	return s.checkRules()
}

// compilePatterns compiles every pattern of a checked schema, by source.
func compilePatterns(fields []Field, into map[string]*regexp.Regexp) map[string]*regexp.Regexp {
	for i := range fields {
		f := &fields[i]
		if f.Pattern != "" {
			if into == nil {
				into = map[string]*regexp.Regexp{}
			}
			if re, err := compilePattern(f.Pattern); err == nil {
				into[f.Pattern] = re
			}
		}
		into = compilePatterns(f.Fields, into)
	}
	return into
}

// compilePattern anchors a pattern so that it matches the whole value. The
// pattern is compiled alone first, so that "a)|(b" cannot escape the group.
func compilePattern(p string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(p); err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + p + `)$`)
}
