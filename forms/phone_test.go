package forms

import (
	"strings"
	"testing"
)

func TestCheckMobile(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", ""},
		{"19912345678", ""},
		{"12812345678", "应为11位数字"},
		{"1381234567", "应为11位数字"},
		{"138123456789", "应为11位数字"},
		{"+8613812345678", "应为11位数字"},
		{"138 1234 5678", "含有空格"},
		{"１３８１２３４５６７８", "含全角字符"},
		{"", "应为11位数字"},
	} {
		wantErr(t, tc.in, CheckMobile(tc.in), tc.want)
	}
}

func TestCheckPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", ""},
		{"010-12345678", ""},
		{"01012345678", ""},
		{"0551-1234567", ""},
		{"0551-12345678-801", ""},
		{"05511234567", ""},
		{"1234567", "应为11位手机号码，或带区号的固定电话"},
		{"0551-123456", "应为11位手机号码"},
		{"0551--1234567", "应为11位手机号码"},
		{"0551-1234567-", "应为11位手机号码"},
		{"0551-1234567-1234567", "应为11位手机号码"},
		{"０５５１－１２３４５６７", "含全角字符"},
		{"0551 1234567", "含有空格"},
	} {
		wantErr(t, tc.in, CheckPhone(tc.in), tc.want)
	}
	wantErr(t, "normalized", CheckPhone(NormalizeID("０５５１－１２３４５６７")), "")
}

func TestCheckRegion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"341122", ""},
		{"341122100000", ""},
		{"34112", "应为6位或12位数字"},
		{"3411221", "应为6位或12位数字"},
		{"34112210000A", "应为6位或12位数字"},
		{"３４１１２２", "含全角字符"},
	} {
		wantErr(t, tc.in, CheckRegion(tc.in), tc.want)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// Mobile numbers as applicants write them become their 11 digits.
		{"13812345678", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+8613812345678", "13812345678"},
		{"86-138-1234-5678", "13812345678"},
		{"86 13812345678", "13812345678"},
		{"0086 138 1234 5678", "13812345678"},
		{"008613812345678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"(+86) 138 1234 5678", "13812345678"},
		{"＋８６　１３８１２３４５６７８", "13812345678"},
		// Landlines keep their hyphens, as before.
		{"0551-1234567", "0551-1234567"},
		{"010-12345678", "010-12345678"},
		{"0551 1234567", "05511234567"},
		{"0551-12345678-801", "0551-12345678-801"},
		// What is not a mobile number is left for the check to refuse.
		{"+86 12812345678", "+8612812345678"},
		{"+1 415 555 0100", "+14155550100"},
		{"87-138-1234-5678", "87-138-1234-5678"},
	} {
		if got := NormalizePhone(tc.in); got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPhoneAcceptedAfterNormalize checks the phone forms a clerk types
// through the form's path: Normalize, then Validate.
func TestPhoneAcceptedAfterNormalize(t *testing.T) {
	s, err := Parse([]byte(`{"version":1,"fields":[{"key":"tel","label":"联系电话","type":"phone","required":true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, stored, problem string }{
		{"+86 138 1234 5678", "13812345678", ""},
		{"86-138-1234-5678", "13812345678", ""},
		{"0086 13812345678", "13812345678", ""},
		{"138-1234-5678", "13812345678", ""},
		{"0551-1234567", "0551-1234567", ""},
		{"010 12345678", "01012345678", ""},
		{"+86 128 1234 5678", "+8612812345678", "“联系电话”应为11位手机号码"},
		{"+1 415 555 0100", "+14155550100", "“联系电话”应为11位手机号码"},
	} {
		v := s.Normalize(Values{"tel": tc.in})
		if v["tel"] != tc.stored {
			t.Errorf("%q stored as %q, want %q", tc.in, v["tel"], tc.stored)
		}
		errs := s.Validate(v, testToday)
		switch {
		case tc.problem == "" && len(errs) > 0:
			t.Errorf("%q: refused: %v", tc.in, errs)
		case tc.problem != "" && (len(errs) != 1 || !strings.Contains(errs[0].Message, tc.problem)):
			t.Errorf("%q: got %v, want a problem containing %q", tc.in, errs, tc.problem)
		}
	}
}
