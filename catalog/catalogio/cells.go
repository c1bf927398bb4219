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

// byColumn holds the problems of cells read together, under the header of
// the cell each is about: 事项类型 with 事项类型名称, 办理流程 with
// 环节办理人员 and 环节审查标准. Every one of these columns reads all of its
// group, so the order of the columns does not matter, and reports only its
// own problems, so each message names the cell to fix.
type byColumn map[string]error

// readType reads the 事项类型 cell and the 事项类型名称 cell ("" when the file
// has no such column). A national code or name gives the type alone; a
// province's code comes with its name, in the cell ("21 便民服务") or in
// 事项类型名称. A bare code outside the national table is kept as it is:
// whether it may stand without a name is for the domain checks to say.
func readType(cell, named string) (hall.ItemType, string, byColumn) {
	cell, named = strings.TrimSpace(cell), strings.TrimSpace(named)
	code, inCell, isCode := splitTypeCell(cell)
	switch {
	case cell == "":
		return "", "", byColumn{"事项类型": errors.New("事项类型不能为空：应为 01–10、20 或其名称，省定类型写“代码 名称”（如 21 便民服务）")}
	case !isCode:
		t, ok := nationalType(cell)
		if !ok {
			return "", "", byColumn{"事项类型": errors.New("事项类型“" + cell + "”未知：应为 01–10、20 或其名称（如 行政许可、公共服务），省定类型写“代码 名称”（如 21 便民服务）")}
		}
		if named != "" && named != cell {
			return "", "", byColumn{"事项类型名称": errors.New("事项类型名称“" + named + "”与事项类型“" + cell + "”不一致")}
		}
		return t, "", nil
	}
	t, name, own := hall.ItemType(code), inCell, "事项类型"
	if named != "" {
		if inCell != "" && inCell != named {
			return "", "", byColumn{"事项类型名称": errors.New("事项类型名称“" + named + "”与事项类型“" + cell + "”中的名称不一致")}
		}
		name, own = named, "事项类型名称"
	}
	if err := checkTypeName(t, name); err != nil {
		return "", "", byColumn{own: err}
	}
	if t.Known() {
		return t, "", nil // the national table names it; a repeated name adds nothing
	}
	return t, name, nil
}

// checkTypeName refuses a name that contradicts the national table: another
// name for a national code, or a national name for another code.
func checkTypeName(t hall.ItemType, name string) error {
	switch n, ok := nationalType(name); {
	case name == "":
		return nil
	case t.Known() && name != t.Name():
		return errors.New("事项类型代码 " + string(t) + " 是国家类型“" + t.Name() + "”，与名称“" + name + "”不符")
	case ok && n != t:
		return errors.New("“" + name + "”是国家事项类型 " + string(n) + " 的名称，不能用作代码 " + string(t) + " 的名称")
	}
	return nil
}

// nationalType finds a national type by its name.
func nationalType(name string) (hall.ItemType, bool) {
	for _, t := range hall.ItemTypes() {
		if name == t.Name() {
			return t, true
		}
	}
	return "", false
}

// splitTypeCell cuts a 事项类型 cell into its code and the name written
// beside it: "21 便民服务", "21-便民服务", "21：便民服务", "21（便民服务）",
// "21便民服务"; "21" has no name. isCode is false when the cell does not
// start with a code of 1–4 ASCII letters or digits: it is a name alone. A
// single digit is a national code written without its 0 ("1" is 01).
func splitTypeCell(v string) (code, name string, isCode bool) {
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] >= 'A' && v[i] <= 'Z' || v[i] >= 'a' && v[i] <= 'z') {
		i++
	}
	if i == 0 || i > 4 {
		return "", "", false
	}
	code, name = v[:i], strings.TrimSpace(v[i:])
	if len(code) == 1 && code[0] >= '1' && code[0] <= '9' {
		code = "0" + code
	}
	if m := bracketed.FindStringSubmatch(name); m != nil {
		return code, strings.TrimSpace(m[1]), true
	}
	return code, strings.TrimSpace(strings.TrimLeft(name, "-－—–:：、.．_")), true
}

var bracketed = regexp.MustCompile(`^[（(](.*)[)）]$`)

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
		return 0, errors.New("“" + v + "”应是 " + strconv.Itoa(lo) + " 到 " + strconv.Itoa(hi) + " 之间的整数")
	}
	return n, nil
}

var (
	entrySep = regexp.MustCompile(`\s*(?:→|->|；|;|\n)\s*`)
	partSep  = regexp.MustCompile(`\s*[:：|｜]\s*`)
	arrowSep = regexp.MustCompile(`\s*(?:→|->)\s*`)
	lineSep  = regexp.MustCompile(`\s*\n\s*`)
	stepDays = regexp.MustCompile(`^(\d+)\s*(?:个)?\s*(?:工作日|天|日)?$`)
)

// readSteps builds an entry's steps from its 办理流程 cell and the
// 环节办理人员 and 环节审查标准 cells ("" when the file has no such column),
// which hold one value per step in the same order.
func readSteps(flow, roles, standards string) ([]hall.Step, byColumn) {
	steps, err := parseSteps(flow)
	if err != nil {
		return nil, byColumn{"办理流程": err}
	}
	errs := byColumn{}
	if err := fillSteps(steps, roles, "环节办理人员", "办理人员", func(s *hall.Step) *string { return &s.Role }); err != nil {
		errs["环节办理人员"] = err
	}
	if err := fillSteps(steps, standards, "环节审查标准", "审查标准", func(s *hall.Step) *string { return &s.Standard }); err != nil {
		errs["环节审查标准"] = err
	}
	return steps, errs
}

// parseSteps reads "收件:0→受理:0→审查:3→决定:1→制证:1→送达:0", each step
// optionally with its handler and review standard:
// "收件:0:综合受理窗口人员:核对材料是否齐全". The standard is the rest of
// the step, so it may hold colons of its own.
func parseSteps(v string) ([]hall.Step, error) {
	var out []hall.Step
	for _, e := range stepEntries(v) {
		p := partSep.Split(e, 4)
		s := hall.Step{Name: p[0]}
		if s.Name == "" {
			return nil, errors.New("办理流程“" + e + "”缺少环节名称：应写作“环节:天数”或“环节:天数:办理人员:审查标准”")
		}
		if len(p) > 1 && p[1] != "" {
			m := stepDays.FindStringSubmatch(p[1])
			if m == nil {
				return nil, errors.New("办理流程“" + e + "”的天数“" + p[1] + "”不是整数：应写作“环节:天数”或“环节:天数:办理人员:审查标准”")
			}
			s.Days, _ = strconv.Atoi(m[1])
		}
		if len(p) > 2 {
			s.Role = p[2]
		}
		if len(p) > 3 {
			s.Standard = p[3]
		}
		out = append(out, s)
	}
	return out, nil
}

// stepEntries cuts a 办理流程 cell into its steps. A cell with an arrow is
// cut at the arrows only, so a review standard may hold ； and line breaks;
// one without keeps the older separators (； ; or a line break).
func stepEntries(v string) []string {
	if !arrowSep.MatchString(v) {
		return entries(v)
	}
	var out []string
	for _, e := range arrowSep.Split(strings.TrimSpace(v), -1) {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}

// fillSteps sets one field of every step from a column holding one value
// per step ("综合受理窗口人员→综合受理窗口人员→审批科"). An empty value
// leaves its step as 办理流程 has it; a value that contradicts the one
// written in 办理流程 is refused rather than silently preferred.
func fillSteps(steps []hall.Step, cell, column, what string, field func(*hall.Step) *string) error {
	vals := stepValues(cell)
	switch {
	case vals == nil:
		return nil
	case len(steps) == 0:
		return errors.New(column + "有内容，但办理流程为空：" + column + "按办理流程的环节顺序各写一项")
	case len(vals) != len(steps):
		return errors.New(column + "有 " + strconv.Itoa(len(vals)) + " 项，办理流程有 " + strconv.Itoa(len(steps)) +
			" 个环节：应按环节顺序各写一项，以 → 分隔（某环节没有可留空，如“A→→C”）")
	}
	for i, v := range vals {
		switch f := field(&steps[i]); {
		case v == "":
		case *f != "" && *f != v:
			return errors.New("第 " + strconv.Itoa(i+1) + " 个环节“" + steps[i].Name + "”的" + what + "在办理流程中为“" + *f + "”，" + column + "中为“" + v + "”")
		default:
			*f = v
		}
	}
	return nil
}

// stepValues cuts an 环节办理人员 or 环节审查标准 cell into one value per
// step, empty ones kept in their place: at the arrows, or, in a cell
// without one, at its line breaks. Never at ；, which standards use.
func stepValues(v string) []string {
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	sep := arrowSep
	if !sep.MatchString(v) {
		sep = lineSep
	}
	out := sep.Split(v, -1)
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
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
