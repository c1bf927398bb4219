package forms

import (
	"time"
	"unicode/utf8"
)

// now is the clock of the exported Check* functions; tests replace it.
var now = time.Now

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// earliestBirth is the earliest birth date a resident ID may carry.
const earliestBirth = "18800101"

// CheckResidentID checks an 18-character resident ID number (GB 11643-1999):
// digits with a final digit or X (x is accepted too), a real birth date
// between 1880-01-01 and today, and the ISO 7064 MOD 11-2 check character.
func CheckResidentID(s string) error {
	return residentIDProblem(s, now().Format("20060102")).err("公民身份号码")
}

// residentIDProblem checks an ID number; today is YYYYMMDD.
func residentIDProblem(s string, today string) *problem {
	if p := widthProblem(s); p != nil {
		return p
	}
	n := utf8.RuneCountInString(s)
	if n != 18 {
		if n == 15 && allDigits(s) {
			return probf("应为18位，当前为15位（15位的第一代身份证号码已停用）")
		}
		return probf("应为18位，当前为%d位", n)
	}
	for i, r := range []rune(s) {
		switch {
		case r >= '0' && r <= '9':
		case i == 17 && (r == 'X' || r == 'x'):
		case i == 17:
			return probf("第18位“%c”应为数字或X", r)
		default:
			return probf("第%d位“%c”应为数字", i+1, r)
		}
	}
	birth := s[6:14]
	if !validYMD(birth) {
		return probf("中的出生日期“%s”不是有效日期", birth)
	}
	if birth < earliestBirth {
		return probf("中的出生日期“%s”早于1880年", birth)
	}
	if birth > today {
		return probf("中的出生日期“%s”晚于今天", birth)
	}
	want := idCheckChar(s[:17])
	if got := upperASCII(s[17]); got != want {
		return probf("校验位错误，应为%c", want)
	}
	return nil
}

// idCheckChar computes the MOD 11-2 check character of 17 ASCII digits.
func idCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDBirthDate returns the birth date in an 18-character ID number as
// YYYY-MM-DD, and false when the ID has no real date there. It does not
// check the rest of the number; CheckResidentID does.
func IDBirthDate(id string) (string, bool) {
	id = NormalizeID(id)
	if len(id) != 18 || !allDigits(id[:17]) || !validYMD(id[6:14]) {
		return "", false
	}
	return id[6:10] + "-" + id[10:12] + "-" + id[12:14], true
}

// IDGender returns 男 or 女 from the parity of the sequence digit (the 17th
// character) of an 18-character ID number, "" when it cannot tell.
func IDGender(id string) string {
	id = NormalizeID(id)
	if len(id) != 18 || !allDigits(id[:17]) {
		return ""
	}
	if (id[16]-'0')%2 == 1 {
		return "男"
	}
	return "女"
}

// validYMD reports whether s is YYYYMMDD naming a real calendar day.
func validYMD(s string) bool {
	if len(s) != 8 || !allDigits(s) {
		return false
	}
	y := atoiDigits(s[:4])
	m := atoiDigits(s[4:6])
	d := atoiDigits(s[6:8])
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
