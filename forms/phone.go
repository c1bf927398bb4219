package forms

import "regexp"

var (
	mobileRE   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlineRE = regexp.MustCompile(`^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$`)
	regionRE   = regexp.MustCompile(`^([0-9]{6}|[0-9]{12})$`)
)

// CheckMobile checks a mainland mobile number: 11 digits, 1 then 3–9.
func CheckMobile(s string) error {
	return mobileProblem(s).err("手机号码")
}

func mobileProblem(s string) *problem {
	if p := widthProblem(s); p != nil {
		return p
	}
	if !mobileRE.MatchString(s) {
		return probf("应为11位数字，以1开头、第二位为3至9")
	}
	return nil
}

// CheckPhone checks a phone number: a mobile number, or a landline with
// its area code (0 and 2–3 digits), an optional hyphen, 7–8 digits and an
// optional "-extension": 010-12345678, 05511234567, 0551-1234567-801.
func CheckPhone(s string) error {
	return phoneProblem(s).err("联系电话")
}

func phoneProblem(s string) *problem {
	if p := widthProblem(s); p != nil {
		return p
	}
	if !mobileRE.MatchString(s) && !landlineRE.MatchString(s) {
		return probf("应为11位手机号码，或带区号的固定电话（如0551-1234567）")
	}
	return nil
}

// CheckRegion checks a 行政区划代码: 6 digits, or 12 for townships and
// villages.
func CheckRegion(s string) error {
	return regionProblem(s).err("行政区划代码")
}

func regionProblem(s string) *problem {
	if p := widthProblem(s); p != nil {
		return p
	}
	if !regionRE.MatchString(s) {
		return probf("应为6位或12位数字")
	}
	return nil
}
