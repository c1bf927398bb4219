package hall

import (
	"strconv"
	"strings"
	"time"
)

// Gap is one thing missing or wrong with an application's materials, as
// the one-time notice (一次性告知, 行政许可法 Art. 32) lists it.
type Gap struct {
	Material string `json:"material"`
	Problem  string `json:"problem"` // e.g. 未提交, 原件未核验（应交验1份）
}

func (g Gap) String() string { return g.Material + "：" + g.Problem }

// MaterialGaps compares what the window recorded with what the item asks
// for and returns every gap, in the item's order; today is YYYY-MM-DD.
//
//   - An electronic licence reference (电子证照) stands for the material.
//   - A deferred material (容缺后补) needs the item to allow it and a due
//     date from today on.
//   - A 必要 or 容缺后补 material not deferred must be in hand: originals
//     inspected as many as asked; copies as many as asked, unless a scan is
//     attached.
//   - A 非必要 material never makes a gap.
func MaterialGaps(want []Material, got []CaseMaterial, today string) []Gap {
	byName := make(map[string]CaseMaterial, len(got))
	for _, g := range got {
		byName[g.Name] = g
	}
	var out []Gap
	for _, m := range want {
		if p := materialProblem(m, byName[m.Name], today); p != "" {
			out = append(out, Gap{Material: m.Name, Problem: p})
		}
	}
	return out
}

func materialProblem(m Material, g CaseMaterial, today string) string {
	switch {
	case strings.TrimSpace(g.LicenceRef) != "":
		return ""
	case g.Deferred:
		return deferralProblem(m, g, today)
	case m.Necessity == Optional:
		return ""
	case !g.Received() && m.Necessity == Deferrable:
		return "未提交（可容缺后补：约定补交期限即可受理）"
	case !g.Received():
		return "未提交"
	case g.Originals < m.Originals:
		return "原件未核验（应交验" + strconv.Itoa(m.Originals) + "份）"
	case g.Copies < m.Copies && len(g.Files) == 0:
		return "复印件不足（应交" + strconv.Itoa(m.Copies) + "份，收到" + strconv.Itoa(g.Copies) + "份）"
	}
	return ""
}

func deferralProblem(m Material, g CaseMaterial, today string) string {
	if m.Necessity != Deferrable {
		return "不属于可容缺后补的材料，须当场提交"
	}
	if g.DueDate == "" {
		return "容缺后补未填写补交期限"
	}
	if _, err := time.Parse("2006-01-02", g.DueDate); err != nil {
		return "补交期限“" + g.DueDate + "”不是有效日期（应为YYYY-MM-DD）"
	}
	if g.DueDate < today {
		return "补交期限" + g.DueDate + "早于今天"
	}
	return ""
}

// DeferredMaterials are the materials accepted now and supplied later.
func DeferredMaterials(got []CaseMaterial) []CaseMaterial {
	var out []CaseMaterial
	for _, g := range got {
		if g.Deferred && strings.TrimSpace(g.LicenceRef) == "" {
			out = append(out, g)
		}
	}
	return out
}

// CorrectionList is the text of a one-time notice: every gap and every
// note of the clerk, numbered, one per line. It is "" when there is
// nothing to correct, which the case's state machine refuses.
func CorrectionList(gaps []Gap, notes []string) string {
	var lines []string
	for _, g := range gaps {
		lines = append(lines, g.String())
	}
	for _, n := range notes {
		if n = strings.TrimSpace(n); n != "" {
			lines = append(lines, n)
		}
	}
	for i := range lines {
		lines[i] = strconv.Itoa(i+1) + ". " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// SplitNotes splits what the clerk wrote into one note per non-empty line.
func SplitNotes(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
