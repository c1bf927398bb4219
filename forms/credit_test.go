package forms

import (
	"errors"
	"testing"
)

func TestCheckCreditCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"91350100M000100Y43", ""},
		{makeCredit("11100000000013127"), ""},
		{makeCredit("Y1000000000000000"), ""},
		{"", "应为18位，当前为0位"},
		{"91350100M000100Y4", "应为18位，当前为17位"},
		{"91350100M000100Y433", "应为18位，当前为19位"},
		{"91350100m000100Y43", "第9位“m”应为大写字母"},
		{"91350100I000100Y43", "第9位“I”无效：代码中不使用字母I、O、Z、S、V"},
		{"91350100o000100Y43", "第9位“o”无效：代码中不使用字母I、O、Z、S、V"},
		{"91350100-000100Y43", "第9位“-”无效：只能是数字或大写字母"},
		{"91350100中000100Y43", "第9位“中”无效"},
		{"91350100M000100Y4S", "第18位“S”无效"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "含全角字符“９”"},
		{"91350100M000100Y 43", "含有空格"},
		{"91350100M000100Y44", "校验位不符（按前17位计算应为3）"},
		// Positions 3–8 are a region code: digits only, even when the
		// check character is right.
		{"92360K29YA68W5MNU2", "第6位“K”无效：第3至8位是登记管理机关的行政区划码，只能是数字"},
		{makeCredit("91A50100M000100Y4"), "第3位“A”无效：第3至8位"},
		{makeCredit("9135010YM000100Y4"), "第8位“Y”无效：第3至8位"},
		{makeCredit("Y135010000000000A"), ""},
	} {
		err := CheckCreditCode(tc.in)
		wantErr(t, tc.in, err, tc.want)
		warn := tc.in == "91350100M000100Y44"
		if IsWarning(err) != warn {
			t.Errorf("IsWarning(CheckCreditCode(%q)) = %v, want %v", tc.in, !warn, warn)
		}
		if warn && !errors.Is(err, ErrCreditCheckDigit) {
			t.Errorf("%q: error does not wrap ErrCreditCheckDigit", tc.in)
		}
	}
	wantErr(t, "normalized", CheckCreditCode(NormalizeID(" ９１３５０１００ｍ０００１００ｙ４３")), "")
}

func TestIsWarning(t *testing.T) {
	if IsWarning(nil) || IsWarning(errors.New("x")) || IsWarning(CheckResidentID("1")) {
		t.Error("IsWarning true for a non-warning")
	}
}

func TestCreditCheckCharZero(t *testing.T) {
	// Find a code whose sum is a multiple of 31: its check character is 0.
	// The last character's weight (28) is coprime to 31, so one of the 31
	// characters always gives that sum.
	for _, c := range creditChars {
		code := "9135010000000000" + string(c)
		if creditCheckChar(code) == '0' {
			wantErr(t, code, CheckCreditCode(code+"0"), "")
			return
		}
	}
	t.Fatal("no character gives check character 0: the weights or the alphabet are wrong")
}
