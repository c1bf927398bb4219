package forms

import "testing"

func TestCheckResidentID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"11010519491231002X", ""},
		{"11010519491231002x", ""},
		{"440524188001010014", ""},
		{makeID("34112220260520001"), ""}, // born today
		{"", "应为18位，当前为0位"},
		{"11010519491231002", "应为18位，当前为17位"},
		{"11010519491231002XX", "应为18位，当前为19位"},
		{"110105491231002", "15位的第一代身份证号码已停用"},
		{"11010519491231002Y", "第18位“Y”应为数字或X"},
		{"1101051949123100X2", "第17位“X”应为数字"},
		{"11010519491231002 ", "含有空格"},
		{"110105 19491231002X", "含有空格"},
		{"１１０１０５１９４９１２３１００２Ｘ", "含全角字符“１”，请改用半角字符"},
		{"一10105194912310020", "第1位“一”应为数字"},
		{"\xff10105194912310020", "第1位"},
		{"110105194913310023", "出生日期“19491331”不是有效日期"},
		{makeID("11010519490229002"), "出生日期“19490229”不是有效日期"},
		{makeID("11010518791231002"), "出生日期“18791231”早于1880年"},
		{makeID("34112220260521001"), "出生日期“20260521”晚于今天"},
		{"110105194912310021", "校验位错误，应为X"},
		{"440524188001010015", "校验位错误，应为4"},
		{"11010519491231003X", "校验位错误，应为"},
	} {
		wantErr(t, tc.in, CheckResidentID(tc.in), tc.want)
	}
}

func TestCheckResidentIDLeapDay(t *testing.T) {
	wantErr(t, "2000-02-29", CheckResidentID(makeID("11010520000229001")), "")
	wantErr(t, "1900-02-29", CheckResidentID(makeID("11010519000229001")), "不是有效日期")
}

func TestIDBirthDateAndGender(t *testing.T) {
	for _, tc := range []struct{ in, birth, gender string }{
		{"11010519491231002X", "1949-12-31", "女"},
		{"440524188001010014", "1880-01-01", "男"},
		{"１１０１０５１９４９１２３１００２ｘ", "1949-12-31", "女"},
		{"110105194913310023", "", "女"},
		{"110105194912310031", "1949-12-31", "男"},
		{"1101051949", "", ""},
		{"", "", ""},
		{"A10105194912310020", "", ""},
	} {
		b, ok := IDBirthDate(tc.in)
		if b != tc.birth || ok != (tc.birth != "") {
			t.Errorf("IDBirthDate(%q) = %q, %v; want %q", tc.in, b, ok, tc.birth)
		}
		if g := IDGender(tc.in); g != tc.gender {
			t.Errorf("IDGender(%q) = %q, want %q", tc.in, g, tc.gender)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{" 11010519491231002x ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"110105\u3000194912\u00a031002X", "11010519491231002X"},
		{"91350100m000100y43", "91350100M000100Y43"},
		{"０５５１－１２３４５６７", "0551-1234567"},
		{"", ""},
	} {
		if got := NormalizeID(tc.in); got != tc.want {
			t.Errorf("NormalizeID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	wantErr(t, "normalized", CheckResidentID(NormalizeID("１１０１０５１９４９１２３１００２ｘ")), "")
}
