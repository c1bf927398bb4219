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
	if commonPasswords[strings.ToLower(password)] {
		return Errorf(EInvalid, "“密码”是常见密码，容易被猜中，请另设一个")
	}
	return nil
}

// commonPasswords are the most used passwords that pass the rules above
// (from published leak lists, Chinese and international), lower-cased:
// guessed first by anyone who tries.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`aa123456 aa12345678 aa123456789 a1234567 a12345678 a123456789
		abc12345 abc123456 abcd1234 abc@1234 abc@123456 admin123 admin1234 admin@123 admin@1234 admin@12345
		password1 password12 password123 password@123 passw0rd p@ssw0rd p@ssword p@ssword1 p@ssw0rd1
		qwer1234 qwerty12 qwerty123 qwe12345 qwe123456 1qaz2wsx 1qaz@wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx
		qq123456 woaini1314 woaini520 iloveyou1 welcome1 welcome@1 root1234 root@123 test1234 test@123
		asd12345 asd123456 zxc12345 zxc123456 1234qwer 12345qwe 123456aa 123456abc 123qwe!@# qwe!@#123
		a123456. aa123456. abc123!@# admin!@# p@55w0rd sunshine1 monkey123 dragon123 letmein1 changeme1`) {
		m[p] = true
	}
	return m
}()

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
