package forms

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrCreditCheckDigit is the cause inside the *hall.Error of a credit code
// that is well formed but fails its check character. Some real codes
// issued early do, so the form shows it as a warning the clerk may confirm.
var ErrCreditCheckDigit = errors.New("credit code check character mismatch")

// IsWarning reports whether err only warns: the clerk may confirm the value
// and go on. Every other error from this package must be fixed.
func IsWarning(err error) bool { return errors.Is(err, ErrCreditCheckDigit) }

// creditChars are the characters of a credit code; a character's value is
// its index. I, O, Z, S and V are not used.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckCreditCode checks an 18-character unified social credit code
// (GB 32100-2015): characters of the code's alphabet, positions 3–8 (the
// registering authority's region code) digits. A malformed code is an
// error; a well-formed code whose check character does not match returns
// an error for which IsWarning is true.
func CheckCreditCode(s string) error {
	return creditProblem(s).err("统一社会信用代码")
}

func creditProblem(s string) *problem {
	if p := widthProblem(s); p != nil {
		return p
	}
	if n := utf8.RuneCountInString(s); n != 18 {
		return probf("应为18位，当前为%d位", n)
	}
	for i, r := range []rune(s) {
		if r < utf8.RuneSelf && strings.IndexByte(creditChars, byte(r)) >= 0 {
			continue
		}
		up := r
		if r >= 'a' && r <= 'z' {
			up = r - 'a' + 'A'
		}
		switch {
		case strings.ContainsRune("IOZSV", up):
			return probf("第%d位“%c”无效：代码中不使用字母I、O、Z、S、V", i+1, r)
		case up != r && strings.ContainsRune(creditChars, up):
			return probf("第%d位“%c”应为大写字母", i+1, r)
		default:
			return probf("第%d位“%c”无效：只能是数字或大写字母", i+1, r)
		}
	}
	// Positions 3–8 are the registering authority's 行政区划码: six digits.
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return probf("第%d位“%c”无效：第3至8位是登记管理机关的行政区划码，只能是数字", i+1, s[i])
		}
	}
	if want := creditCheckChar(s[:17]); s[17] != want {
		return &problem{
			phrase: "校验位不符（按前17位计算应为" + string(want) + "），请核对；确认无误可继续",
			cause:  ErrCreditCheckDigit,
		}
	}
	return nil
}

// creditCheckChar computes the check character of 17 valid characters.
func creditCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditChars, first17[i]) * creditWeights[i]
	}
	return creditChars[(31-sum%31)%31]
}
