package hall

import (
	"bytes"
	"encoding/json"
)

// itemFieldNames are the Chinese names of Item's fields, by JSON name, in
// the order a 办事指南 shows them; history lists changes in this order.
var itemFieldNames = []struct{ key, name string }{
	{"code", "事项编码"}, {"basic_code", "基本编码"}, {"task_code", "实施编码"}, {"handle_code", "业务办理项编码"},
	{"local_code", "地方基本编码"}, {"local_task_code", "地方实施编码"}, {"local_handle_code", "地方业务办理项编码"},
	{"name", "事项名称"}, {"keywords", "关键词"}, {"type", "事项类型"}, {"type_name", "事项类型名称"}, {"department", "实施部门"}, {"subjects", "服务对象"},
	{"legal_basis", "设定依据"}, {"conditions", "受理条件"},
	{"legal_limit", "法定办结时限"}, {"promise_limit", "承诺办结时限"}, {"extension_days", "延长时限"},
	{"handling_forms", "办理形式"}, {"visits", "到现场次数"}, {"fees", "收费"}, {"steps", "办理流程"},
	{"special_procedures", "特别程序"}, {"place", "办理地点"}, {"hours", "办理时间"},
	{"consult_phone", "咨询电话"}, {"complaint_phone", "监督投诉电话"},
	{"online_url", "网上办理地址"}, {"online_depth", "网上办理深度"},
	{"result_type", "办理结果类型"}, {"result_name", "办理结果名称"}, {"scope", "通办范围"},
	{"materials", "申请材料"}, {"members", "一件事包含事项"}, {"form", "表单"}, {"status", "事项状态"},
}

// DiffItems names the fields in which b differs from a, in Chinese, in the
// order of the guide. Version and update time are bookkeeping, not content,
// and are never reported.
func DiffItems(a, b *Item) []string {
	ma, mb := fieldsOf(a), fieldsOf(b)
	var out []string
	for _, f := range itemFieldNames {
		if !bytes.Equal(ma[f.key], mb[f.key]) {
			out = append(out, f.name)
		}
	}
	return out
}

// FieldName is the Chinese name of an Item field given by its JSON name.
func FieldName(key string) string {
	for _, f := range itemFieldNames {
		if f.key == key {
			return f.name
		}
	}
	return key
}

func fieldsOf(it *Item) map[string]json.RawMessage {
	c := *it
	if c.Status == "" {
		c.Status = ItemActive
	}
	b, _ := json.Marshal(&c)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return m
}
