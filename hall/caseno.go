package hall

import (
	"fmt"
	"regexp"
	"time"
)

// CaseNumber makes a case number offline, unique without coordination:
// hall code + acceptance date + desk code + the desk's own sequence for
// that day, e.g. 341122-20261123-07-0042. The desk code is assigned when
// the desk registers with the platform, so two desks never share it. The
// date is the hall's day of day (Zone), whatever the PC's zone.
func CaseNumber(hallCode, deskCode string, day time.Time, seq int) (string, error) {
	if !codeRE.MatchString(hallCode) {
		return "", Errorf(EInvalid, "大厅编码“%s”无效：应为6至12位数字", hallCode)
	}
	if !deskRE.MatchString(deskCode) {
		return "", Errorf(EInvalid, "窗口编码“%s”无效：应为2至4位数字或大写字母", deskCode)
	}
	if seq < 1 || seq > 9999 {
		return "", Errorf(EInvalid, "当日流水号 %d 超出范围（1–9999）", seq)
	}
	return fmt.Sprintf("%s-%s-%s-%04d", hallCode, HallTime(day).Format("20060102"), deskCode, seq), nil
}

var (
	codeRE   = regexp.MustCompile(`^[0-9]{6,12}$`)
	deskRE   = regexp.MustCompile(`^[0-9A-Z]{2,4}$`)
	caseNoRE = regexp.MustCompile(`^([0-9]{6,12})-([0-9]{8})-([0-9A-Z]{2,4})-([A-HJ-NP-Z]{0,2})([0-9]{4})$`)
)

// ValidCaseNumber reports whether s has the shape CaseNumberOf makes (a
// restore generation's letters before the sequence included).
func ValidCaseNumber(s string) bool {
	_, err := ParseCaseNumber(s)
	return err == nil
}
