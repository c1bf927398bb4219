package forms

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"yichuang/hall"
)

// problem is what a check found: a phrase that reads after the name of the
// value ("校验位错误，应为X" after "公民身份号码"), and the cause kept in
// the *hall.Error (ErrCreditCheckDigit marks a warning).
type problem struct {
	phrase  string
	cause   error
	missing bool // a required value left empty (FieldError.Missing)
}

func probf(format string, args ...any) *problem {
	return &problem{phrase: fmt.Sprintf(format, args...)}
}

func (p *problem) warning() bool { return p != nil && p.cause == ErrCreditCheckDigit }

// err turns a problem into the error the exported checks return; nil stays
// a nil interface.
func (p *problem) err(subject string) error {
	if p == nil {
		return nil
	}
	return &hall.Error{Code: hall.EInvalid, Message: subject + p.phrase, Err: p.cause}
}

// widthProblem reports spaces and full-width characters, which clerks bring
// in by pasting from word processors; NormalizeID removes both.
func widthProblem(s string) *problem {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			return probf("含有空格，请删除")
		case r >= 0xFF01 && r <= 0xFF5E:
			return probf("含全角字符“%c”，请改用半角字符", r)
		}
	}
	return nil
}

// controlProblem refuses control and invisible format characters (zero
// width spaces, direction marks); a textarea keeps line feeds and tabs.
func controlProblem(s string, multiline bool) *problem {
	n := 0
	for i, r := range s {
		n++
		if r == unicode.ReplacementChar {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return probf("含有无法识别的字符（第%d个字符），请删除后重新输入", n)
			}
		}
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			return probf("含有不可见的控制字符（第%d个字符），请删除后重新输入", n)
		}
	}
	return nil
}
