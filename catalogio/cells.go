package catalogio

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"yichuang/hall"
)

// Cell parsers turn what a province writes into the domain's values; each
// error is a Chinese sentence the caller prefixes with the row and column.

var limitRe = regexp.MustCompile(`^(\d+)\s*(?:个)?\s*(工作日|自然日|天|日)?$`)

// parseLimit reads "20", "20个工作日", "20工作日", "即办" (0). unit is the
// separate unit column's value, if the file has one.
func parseLimit(v, unit string) (hall.Limit, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "即办", "即办件", "当场办结", "当场", "立即办结":
		return hall.Limit{Days: 0, Unit: hall.WorkingDays}, nil
	case "":
		return hall.Limit{}, errors.New("时限不能为空（即办件填 0 或“即办”）")
	}
	m := limitRe.FindStringSubmatch(v)
	if m == nil {
		return hall.Limit{}, errors.New("“" + v + "”不是时限：应写作“20”“20个工作日”或“即办”")
	}
	days, _ := strconv.Atoi(m[1])
	u := hall.Unit(m[2])
	if u == "天" || u == "日" {
		u = ""
	}
	if unit = strings.TrimSpace(unit); unit != "" {
		if u != "" && u != hall.Unit(unit) {
			return hall.Limit{}, errors.New("时限“" + v + "”与单位列“" + unit + "”不一致")
		}
		u = hall.Unit(unit)
	}
	if days == 0 && u == "" {
		u = hall.WorkingDays
	}
	return hall.Limit{Days: days, Unit: u}, nil
}

// parseType accepts the national code ("01", "1") or its name (行政许可).
func parseType(v string) (hall.ItemType, error) {
	v = strings.TrimSpace(v)
	if len(v) == 1 && v[0] >= '1' && v[0] <= '9' {
		v = "0" + v
	}
	for _, t := range hall.ItemTypes() {
		if v == string(t) || v == t.Name() {
			return t, nil
		}
	}
	return "", errors.New("事项类型“" + v + "”未知：应为 01–10、20 或其名称（如 行政许可、公共服务）")
}

var listSep = regexp.MustCompile(`[、,，;；/\s]+`)

// splitList reads "自然人、法人" and the like.
func splitList(v string) []string {
	var out []string
	for _, s := range listSep.Split(strings.TrimSpace(v), -1) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func parseCount(v string, lo, hi int) (int, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(v), "次"), "份"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errors.New("“" + v + "”应是 " + itoa(lo) + " 到 " + itoa(hi) + " 之间的整数")
	}
	return n, nil
}

var (
	entrySep = regexp.MustCompile(`\s*(?:→|->|；|;|\n)\s*`)
	partSep  = regexp.MustCompile(`\s*[:：|｜]\s*`)
)

// parseSteps reads "收件:0→受理:0→审查:3→决定:1→制证:1→送达:0".
func parseSteps(v string) ([]hall.Step, error) {
	var out []hall.Step
	for _, e := range entries(v) {
		p := partSep.Split(e, -1)
		s := hall.Step{Name: p[0]}
		if len(p) > 2 {
			return nil, errors.New("办理流程“" + e + "”应写作“环节:天数”")
		}
		if len(p) == 2 {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(p[1], "个工作日"), "天"))
			if err != nil || n < 0 {
				return nil, errors.New("办理流程“" + e + "”的天数不是整数")
			}
			s.Days = n
		}
		out = append(out, s)
	}
	return out, nil
}

// parseFees reads 是否收费 and 收费标准 ("工本费:9元/本:依据；…").
func parseFees(charged, v string) ([]hall.Fee, error) {
	charged = strings.TrimSpace(charged)
	if charged == "否" || charged == "不收费" {
		if strings.TrimSpace(v) != "" && strings.TrimSpace(v) != "无" {
			return nil, errors.New("“是否收费”为否，但“收费标准”有内容")
		}
		return nil, nil
	}
	var out []hall.Fee
	for _, e := range entries(v) {
		if e == "无" {
			continue
		}
		p := partSep.Split(e, 3)
		f := hall.Fee{Name: p[0]}
		if len(p) > 1 {
			f.Standard = p[1]
		}
		if len(p) > 2 {
			f.Basis = p[2]
		}
		out = append(out, f)
	}
	if charged == "是" && len(out) == 0 {
		return nil, errors.New("“是否收费”为是，但没有写收费标准（格式：项目:标准:依据）")
	}
	return out, nil
}

// parseSpecial reads "听证:20个工作日；专家评审:15个自然日".
func parseSpecial(v string) ([]hall.SpecialProcedure, error) {
	var out []hall.SpecialProcedure
	for _, e := range entries(v) {
		if e == "无" {
			continue
		}
		p := partSep.Split(e, 3)
		sp := hall.SpecialProcedure{Name: p[0]}
		if len(p) > 1 {
			l, err := parseLimit(p[1], "")
			if err != nil {
				return nil, errors.New("特别程序“" + e + "”：" + err.Error())
			}
			sp.Limit = l
		}
		if len(p) > 2 {
			sp.Basis = p[2]
		}
		out = append(out, sp)
	}
	return out, nil
}

func entries(v string) []string {
	var out []string
	for _, e := range entrySep.Split(strings.TrimSpace(v), -1) {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}

func parseNecessity(v string) (hall.Necessity, error) {
	switch strings.TrimSpace(v) {
	case "必要", "必须", "必需", "是", "必交", "":
		return hall.Required, nil
	case "非必要", "非必须", "否", "选交", "可选":
		return hall.Optional, nil
	case "容缺后补", "容缺", "可容缺":
		return hall.Deferrable, nil
	}
	return "", errors.New("“" + v + "”不是材料必要性：应为必要、非必要或容缺后补")
}

func parseStatus(v string) (hall.ItemStatus, error) {
	switch strings.TrimSpace(v) {
	case "", "在用", "有效", "启用", "正常":
		return hall.ItemActive, nil
	case "已取消", "取消", "废止", "停用":
		return hall.ItemWithdrawn, nil
	}
	return "", errors.New("“" + v + "”不是事项状态：应为在用或已取消")
}

func parseKind(v string) (string, error) {
	switch v = strings.TrimSpace(v); v {
	case "":
		return "其他", nil
	case "证件证书证明", "申请表格文书", "其他", "证照", "证明", "证件":
		if v == "证照" || v == "证明" || v == "证件" {
			return "证件证书证明", nil
		}
		return v, nil
	case "表格", "申请表", "文书":
		return "申请表格文书", nil
	}
	return "", errors.New("“" + v + "”不是材料类型：应为证件证书证明、申请表格文书或其他")
}
