package catalogio

import (
	"encoding/json"
	"errors"
	"strings"

	"yichuang/hall"
)

// column is one column a province's list may have. names[0] is the header
// documented in docs/catalog-import.md; the others are spellings seen in
// published lists.
type column struct {
	names    []string
	field    string // the Item field it feeds, for messages from the domain checks
	required bool
	material bool // one value per material row, not per entry
	set      func(r *row, v string) error
}

// row is one table row being read into the current entry.
type row struct {
	it  *hall.Item
	m   *hall.Material
	get func(header string) string // another column's cell of this row, "" when absent
}

func text(f func(*hall.Item) *string) func(*row, string) error {
	return func(r *row, v string) error { *f(r.it) = strings.TrimSpace(v); return nil }
}

func mtext(f func(*hall.Material) *string) func(*row, string) error {
	return func(r *row, v string) error { *f(r.m) = strings.TrimSpace(v); return nil }
}

func mcount(f func(*hall.Material) *int) func(*row, string) error {
	return func(r *row, v string) (err error) { *f(r.m), err = parseCount(v, 0, 99); return err }
}

// typeCells reads 事项类型 together with 事项类型名称 and reports the
// problems of the column own.
func typeCells(own string) func(*row, string) error {
	return func(r *row, _ string) error {
		var errs byColumn
		r.it.Type, r.it.TypeName, errs = readType(r.get("事项类型"), r.get("事项类型名称"))
		return errs[own]
	}
}

// stepCells reads 办理流程 together with 环节办理人员 and 环节审查标准 and
// reports the problems of the column own.
func stepCells(own string) func(*row, string) error {
	return func(r *row, _ string) error {
		var errs byColumn
		r.it.Steps, errs = readSteps(r.get("办理流程"), r.get("环节办理人员"), r.get("环节审查标准"))
		return errs[own]
	}
}

var columns = []column{
	{names: []string{"事项名称", "事项名"}, field: "name", required: true, set: text(func(i *hall.Item) *string { return &i.Name })},
	{names: []string{"关键词", "别名", "关键字", "事项别名", "搜索关键词"}, field: "keywords", set: func(r *row, v string) error {
		r.it.Keywords = hall.NormalizeKeywords(append(r.it.Keywords, hall.SplitKeywords(v)...))
		return nil
	}},
	{names: []string{"一件事包含事项", "包含事项", "一件事事项编码"}, field: "members", set: func(r *row, v string) error {
		r.it.Members = hall.SplitKeywords(v) // codes, several a cell like keywords
		return nil
	}},
	{names: []string{"事项编码"}, field: "code", set: text(func(i *hall.Item) *string { return &i.Code })},
	{names: []string{"基本编码", "事项基本编码", "国家基本编码"}, field: "basic_code", required: true, set: text(func(i *hall.Item) *string { return &i.BasicCode })},
	{names: []string{"实施编码", "事项实施编码"}, field: "task_code", required: true, set: text(func(i *hall.Item) *string { return &i.TaskCode })},
	{names: []string{"业务办理项编码", "办理项编码"}, field: "handle_code", set: text(func(i *hall.Item) *string { return &i.HandleCode })},
	{names: []string{"地方基本编码"}, field: "local_code", set: text(func(i *hall.Item) *string { return &i.LocalCode })},
	{names: []string{"地方实施编码"}, field: "local_task_code", set: text(func(i *hall.Item) *string { return &i.LocalTaskCode })},
	{names: []string{"地方业务办理项编码"}, field: "local_handle_code", set: text(func(i *hall.Item) *string { return &i.LocalHandleCode })},
	{names: []string{"事项类型"}, field: "type", required: true, set: typeCells("事项类型")},
	{names: []string{"事项类型名称"}, field: "type_name", set: typeCells("事项类型名称")},
	{names: []string{"实施主体", "实施部门", "实施机构"}, field: "department", required: true, set: text(func(i *hall.Item) *string { return &i.Department })},
	{names: []string{"服务对象", "服务对象类型"}, field: "subjects", set: func(r *row, v string) error { r.it.Subjects = splitList(v); return nil }},
	{names: []string{"设定依据", "法律依据"}, field: "legal_basis", set: text(func(i *hall.Item) *string { return &i.LegalBasis })},
	{names: []string{"受理条件", "申请条件"}, field: "conditions", set: text(func(i *hall.Item) *string { return &i.Conditions })},
	{names: []string{"法定办结时限"}, field: "legal_limit", required: true, set: func(r *row, v string) (err error) {
		r.it.LegalLimit, err = parseLimit(v, r.get("法定办结时限单位"))
		return err
	}},
	{names: []string{"法定办结时限单位"}, field: "legal_limit", set: func(*row, string) error { return nil }},
	{names: []string{"承诺办结时限"}, field: "promise_limit", required: true, set: func(r *row, v string) (err error) {
		r.it.PromiseLimit, err = parseLimit(v, r.get("承诺办结时限单位"))
		return err
	}},
	{names: []string{"承诺办结时限单位"}, field: "promise_limit", set: func(*row, string) error { return nil }},
	{names: []string{"办件类型"}, field: "promise_limit", set: func(r *row, v string) error {
		switch v = strings.TrimSpace(v); {
		case v == "即办件" && r.it.PromiseLimit.Days > 0:
			return errors.New("办件类型为即办件，但承诺办结时限为 " + r.it.PromiseLimit.String())
		case v == "承诺件" && r.it.PromiseLimit.Days == 0:
			return errors.New("办件类型为承诺件，但承诺办结时限为 0（即办）")
		case v != "" && v != "即办件" && v != "承诺件":
			return errors.New("“" + v + "”不是办件类型：应为即办件或承诺件")
		}
		return nil
	}},
	{names: []string{"办理形式"}, field: "handling_forms", set: func(r *row, v string) error { r.it.HandlingForms = splitList(v); return nil }},
	{names: []string{"到办事现场次数", "到现场次数"}, field: "visits", set: func(r *row, v string) (err error) {
		r.it.Visits, err = parseCount(v, 0, 10)
		return err
	}},
	{names: []string{"是否收费"}, field: "fees", set: func(*row, string) error { return nil }},
	{names: []string{"收费标准", "收费项目"}, field: "fees", set: func(r *row, v string) (err error) {
		r.it.Fees, err = parseFees(r.get("是否收费"), v)
		return err
	}},
	{names: []string{"办理流程"}, field: "steps", set: stepCells("办理流程")},
	{names: []string{"环节办理人员", "办理人员"}, field: "steps", set: stepCells("环节办理人员")},
	{names: []string{"环节审查标准", "审查标准"}, field: "steps", set: stepCells("环节审查标准")},
	{names: []string{"特别程序"}, field: "special_procedures", set: func(r *row, v string) (err error) {
		r.it.Special, err = parseSpecial(v)
		return err
	}},
	{names: []string{"办理地点"}, field: "place", set: text(func(i *hall.Item) *string { return &i.Place })},
	{names: []string{"办理时间"}, field: "hours", set: text(func(i *hall.Item) *string { return &i.Hours })},
	{names: []string{"咨询电话", "咨询方式"}, field: "consult_phone", set: text(func(i *hall.Item) *string { return &i.ConsultPhone })},
	{names: []string{"监督投诉电话", "投诉电话", "监督投诉方式"}, field: "complaint_phone", set: text(func(i *hall.Item) *string { return &i.ComplaintPhone })},
	{names: []string{"网上办理地址", "在线办理地址"}, field: "online_url", set: text(func(i *hall.Item) *string { return &i.OnlineURL })},
	{names: []string{"网上办理深度"}, field: "online_depth", set: text(func(i *hall.Item) *string { return &i.OnlineDepth })},
	{names: []string{"办理结果类型", "审批结果类型"}, field: "result_type", set: text(func(i *hall.Item) *string { return &i.ResultType })},
	{names: []string{"办理结果名称", "审批结果名称"}, field: "result_name", set: text(func(i *hall.Item) *string { return &i.ResultName })},
	{names: []string{"通办范围"}, field: "scope", set: text(func(i *hall.Item) *string { return &i.Scope })},
	{names: []string{"事项状态"}, field: "status", set: func(r *row, v string) (err error) {
		r.it.Status, err = parseStatus(v)
		return err
	}},
	{names: []string{"表单"}, field: "form", set: func(r *row, v string) error {
		if v = strings.TrimSpace(v); v == "" {
			return nil
		}
		if !json.Valid([]byte(v)) {
			return errors.New("表单定义不是合法的 JSON（格式见 docs/form-schema.md）")
		}
		r.it.Form = json.RawMessage(v)
		return nil
	}},

	{names: []string{"材料名称", "申请材料名称"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Name })},
	{names: []string{"材料类型"}, field: "materials", material: true, set: func(r *row, v string) (err error) {
		r.m.Kind, err = parseKind(v)
		return err
	}},
	{names: []string{"材料必要性", "必要性", "是否必要"}, field: "materials", material: true, set: func(r *row, v string) (err error) {
		r.m.Necessity, err = parseNecessity(v)
		return err
	}},
	{names: []string{"来源渠道", "材料来源"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Source })},
	{names: []string{"原件份数", "原件数量"}, field: "materials", material: true, set: mcount(func(m *hall.Material) *int { return &m.Originals })},
	{names: []string{"复印件份数", "复印件数量"}, field: "materials", material: true, set: mcount(func(m *hall.Material) *int { return &m.Copies })},
	{names: []string{"材料形式", "介质"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Medium })},
	{names: []string{"纸张规格", "材料规格"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Format })},
	{names: []string{"填报须知", "填写说明"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Notes })},
	{names: []string{"受理标准"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Standard })},
	{names: []string{"样表", "示例样表"}, field: "materials", material: true, set: mtext(func(m *hall.Material) *string { return &m.Sample })},
}

// headerKey normalises a header cell: spaces, required markers (*) and
// full-width brackets vary between exports.
func headerKey(h string) string {
	h = strings.NewReplacer(" ", "", "\u3000", "", "*", "", "＊", "", "\ufeff", "").Replace(h)
	return strings.TrimSpace(h)
}

func findColumn(h string) *column {
	for i := range columns {
		for _, n := range columns[i].names {
			if n == h {
				return &columns[i]
			}
		}
	}
	return nil
}
