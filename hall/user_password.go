package hall

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLen is the shortest password accepted (等保 2.0 level 3 asks
// for complexity; 8 characters of three kinds is the common reading).
const MinPasswordLen = 8

// CheckPassword applies the desk's password rules and says in Chinese what
// is wrong: at least 8 characters, at least three of upper-case letters,
// lower-case letters, digits and symbols, not containing the login name.
func CheckPassword(password, loginName string) error {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return Errorf(EInvalid, "“密码”至少 %d 位，现为 %d 位", MinPasswordLen, utf8.RuneCountInString(password))
	}
	if strings.TrimSpace(password) != password {
		return Errorf(EInvalid, "“密码”首尾不能是空格")
	}
	var upper, lower, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	kinds := 0
	for _, k := range []bool{upper, lower, digit, other} {
		if k {
			kinds++
		}
	}
	if kinds < 3 {
		return Errorf(EInvalid, "“密码”须包含大写字母、小写字母、数字、符号中的至少三种")
	}
	if n := strings.ToLower(strings.TrimSpace(loginName)); len(n) >= 3 && strings.Contains(strings.ToLower(password), n) {
		return Errorf(EInvalid, "“密码”不能包含登录名")
	}
	return nil
}

// CheckLoginName checks a login name: 2 to 32 letters, digits, '.', '_'
// or '-', or Chinese characters.
func CheckLoginName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 32 {
		return Errorf(EInvalid, "“登录名”应为 2 至 32 个字符，现为 %d 个", n)
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			return Errorf(EInvalid, "“登录名”只能包含字母、数字、汉字和 . _ -，不能有“%c”", r)
		}
	}
	return nil
}
