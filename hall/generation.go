package hall

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SettingGeneration is the desk's restore generation (docs/adr/0016): 0
// until its first restore or replacement, then one more each time. Numbers
// of a generation above 0 carry it as letters before the sequence, so a
// restored desk never issues a number its lost disk issued.
const SettingGeneration = "desk.generation"

// generationLetters leaves out I and O, which read as 1 and 0 on a receipt.
const generationLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// MaxGeneration is the highest generation a number can carry (two letters).
const MaxGeneration = len(generationLetters) + len(generationLetters)*len(generationLetters)

// GenerationMark is how generation g is printed in a number: "" for 0,
// A…Z for 1–24, AA…ZZ after.
func GenerationMark(g int) string {
	n := len(generationLetters)
	switch {
	case g <= 0:
		return ""
	case g <= n:
		return generationLetters[g-1 : g]
	}
	g -= n + 1
	return string([]byte{generationLetters[g/n], generationLetters[g%n]})
}

// generationOf reads a mark back; -1 when it is not one.
func generationOf(mark string) int {
	n := len(generationLetters)
	idx := func(c byte) int { return strings.IndexByte(generationLetters, c) }
	switch len(mark) {
	case 0:
		return 0
	case 1:
		if i := idx(mark[0]); i >= 0 {
			return i + 1
		}
	case 2:
		if a, b := idx(mark[0]), idx(mark[1]); a >= 0 && b >= 0 {
			return n + 1 + a*n + b
		}
	}
	return -1
}

// CaseNumberOf makes a case number of the desk's generation gen:
// 341122-20261202-01-0006 for generation 0, 341122-20261202-01-A0006 for
// generation 1.
func CaseNumberOf(hallCode, deskCode string, day time.Time, gen, seq int) (string, error) {
	if gen < 0 || gen > MaxGeneration {
		return "", Errorf(EInvalid, "本窗口的恢复代数 %d 超出范围（0–%d），请联系平台管理员", gen, MaxGeneration)
	}
	no, err := CaseNumber(hallCode, deskCode, day, seq)
	if err != nil || gen == 0 {
		return no, err
	}
	i := strings.LastIndexByte(no, '-')
	return no[:i+1] + GenerationMark(gen) + no[i+1:], nil
}

// CaseNo is a case number read into its parts.
type CaseNo struct {
	Hall       string
	Day        string // YYYYMMDD
	Desk       string
	Generation int
	Seq        int
}

// ParseCaseNumber reads a case number made by CaseNumberOf.
func ParseCaseNumber(s string) (CaseNo, error) {
	m := caseNoRE.FindStringSubmatch(s)
	var n CaseNo
	if m == nil {
		return n, Errorf(EInvalid, "办件编号“%s”格式不对：应为 大厅编码-日期-窗口编码-流水号", s)
	}
	if _, err := time.Parse("20060102", m[2]); err != nil {
		return n, Errorf(EInvalid, "办件编号“%s”中的日期 %s 无效", s, m[2])
	}
	n.Hall, n.Day, n.Desk = m[1], m[2], m[3]
	if n.Generation = generationOf(m[4]); n.Generation < 0 {
		return n, Errorf(EInvalid, "办件编号“%s”中的恢复代号 %s 无效", s, m[4])
	}
	n.Seq, _ = strconv.Atoi(m[5])
	return n, nil
}

// String prints the number again.
func (n CaseNo) String() string {
	return fmt.Sprintf("%s-%s-%s-%s%04d", n.Hall, n.Day, n.Desk, GenerationMark(n.Generation), n.Seq)
}
