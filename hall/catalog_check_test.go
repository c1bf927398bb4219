package hall

import (
	"reflect"
	"strings"
	"testing"
)

func validItem() Item {
	return Item{Code: "000104002000", TaskCode: "11341122003132500K1000104002000", Name: "内地居民结婚登记",
		Type: TypeConfirmation, Department: "清河县民政局", LegalLimit: Limit{Days: 1, Unit: WorkingDays},
		Materials: []Material{{Name: "居民身份证", Necessity: Required, Originals: 2}}}
}

func TestCheckItemNamesTheField(t *testing.T) {
	if p := CheckItem(&Item{Code: "1", TaskCode: "1", Name: "出生登记", Type: "07", Department: "县公安局"}); len(p) != 0 {
		t.Errorf("a minimal 即办件 without a unit is valid: %+v", p)
	}
	for _, tc := range []struct {
		edit  func(*Item)
		field string
		want  string
	}{
		{func(it *Item) { it.Code = "" }, "code", "事项编码不能为空"},
		{func(it *Item) { it.TaskCode = strings.Repeat("1", 37) }, "task_code", "超过 36 位"},
		{func(it *Item) { it.BasicCode = "0001 04" }, "basic_code", "字母、数字以外"},
		{func(it *Item) { it.Name = "  " }, "name", "事项名称不能为空"},
		{func(it *Item) { it.Type = "行政许可" }, "type", "不是类型代码"},
		{func(it *Item) { it.Type = "" }, "type", "事项类型不能为空"},
		{func(it *Item) { it.Type = "21" }, "type", "省定类型须同时给出类型名称"},
		{func(it *Item) { it.TypeName = "行政处罚" }, "type", "在全国类型表中是“行政确认”"},
		{func(it *Item) { it.Type, it.TypeName = "21", strings.Repeat("便", 21) }, "type", "超过 20 个字"},
		{func(it *Item) { it.Department = "" }, "department", "实施部门不能为空"},
		{func(it *Item) { it.LegalLimit = Limit{Days: 20} }, "legal_limit", "缺少单位"},
		{func(it *Item) { it.PromiseLimit = Limit{Days: 3, Unit: "小时"} }, "promise_limit", "只能是工作日或自然日"},
		{func(it *Item) { it.PromiseLimit = Limit{Days: 3, Unit: WorkingDays} }, "promise_limit", "超过法定办结时限"},
		{func(it *Item) { it.Visits = -1 }, "visits", "到现场次数"},
		{func(it *Item) { it.Status = "暂停" }, "status", "在用"},
		{func(it *Item) { it.OnlineURL = "javascript:alert(1)" }, "online_url", "不是 http(s) 网址"},
		{func(it *Item) { it.Form = []byte(`{"fields": [`) }, "form", "不是合法的 JSON"},
		{func(it *Item) { it.Materials[0].Necessity = "可选" }, "materials", "申请材料第 1 项“居民身份证”的必要性"},
		{func(it *Item) { it.Steps = []Step{{Name: "", Days: 1}} }, "steps", "办理流程第 1 步"},
		{func(it *Item) { it.Special = []SpecialProcedure{{Name: "听证", Limit: Limit{Days: 5}}} }, "special_procedures", "特别程序“听证”的时限缺少单位"},
	} {
		it := validItem()
		tc.edit(&it)
		ps := CheckItem(&it)
		if len(ps) != 1 || ps[0].Field != tc.field || !strings.Contains(ps[0].Message, tc.want) {
			t.Errorf("want one problem in %s containing %q, got %+v", tc.field, tc.want, ps)
		}
	}
}

func TestCheckCatalogFindsDuplicatesAndStops(t *testing.T) {
	a, b := validItem(), validItem()
	b.TaskCode = "11341122003132500K1000104002001"
	c := validItem()
	c.Code = "000104002001"
	ps := CheckCatalog([]Item{a, b, c}, 0)
	if len(ps) != 2 || ps[0].Index != 1 || ps[0].Field != "code" || !strings.Contains(ps[0].Message, "与第 1 项重复") ||
		ps[1].Index != 2 || ps[1].Field != "task_code" {
		t.Errorf("duplicates: %+v", ps)
	}
	// 办理项 of one 实施编码 differ in their 业务办理项编码; the same pair twice is a duplicate.
	d, e := validItem(), validItem()
	d.HandleCode, e.Code, e.HandleCode = d.TaskCode+"01", "000104001002", d.TaskCode+"02"
	if ps := CheckCatalog([]Item{d, e}, 0); len(ps) != 0 {
		t.Errorf("two 办理项 of one 实施编码: %+v", ps)
	}
	e.HandleCode = d.HandleCode
	if ps := CheckCatalog([]Item{d, e}, 0); len(ps) != 1 || ps[0].Field != "task_code" ||
		!strings.Contains(ps[0].Message, "业务办理项编码“"+d.HandleCode+"”与第 1 项重复") {
		t.Errorf("the same 实施编码 and 业务办理项编码 twice: %+v", ps)
	}
	bad := make([]Item, 50)
	if ps := CheckCatalog(bad, 10); len(ps) != 10 {
		t.Errorf("stopped after %d problems, want 10", len(ps))
	}
}

func TestDiffItemsNamesChangedFieldsInGuideOrder(t *testing.T) {
	a, b := validItem(), validItem()
	b.Version, b.Status = 7, ItemActive // bookkeeping, and the default status
	if d := DiffItems(&a, &b); len(d) != 0 {
		t.Errorf("no content change, got %v", d)
	}
	b.Materials = append(b.Materials, Material{Name: "户口簿", Necessity: Required})
	b.Department, b.Form = "清河县民政局婚姻登记处", []byte(`{ "fields" : [] }`)
	a.Form = []byte(`{"fields":[]}`)
	if d := strings.Join(DiffItems(&a, &b), "、"); d != "实施部门、申请材料" {
		t.Errorf("diff = %s (a form differing only in spaces is the same form)", d)
	}
}

func TestRegionComesFromTheCreditCode(t *testing.T) {
	it := Item{TaskCode: "11341122003132500K1000104002000"}
	if it.Region() != "341122" || TaskRegion("000104002000") != "" || TaskRegion("11ABCDEF003132500K1") != "" {
		t.Errorf("region = %q", it.Region())
	}
	if (&Item{Code: "X"}).Basic() != "X" || (&Item{Code: "X", BasicCode: "000104002000"}).Basic() != "000104002000" {
		t.Error("Basic")
	}
}

func TestProvincialTypesNeedANameAndOneNamePerCode(t *testing.T) {
	a, b := validItem(), validItem()
	a.Type, a.TypeName = "21", "便民服务"
	b.Code, b.TaskCode, b.Type, b.TypeName = "000104002009", "11341122003132500K1000104002009", "21", "便民服务"
	if ps := CheckCatalog([]Item{a, b}, 0); len(ps) != 0 {
		t.Errorf("a provincial type with its name: %+v", ps)
	}
	if l := a.TypeLabel(); l != "便民服务" {
		t.Errorf("label of a provincial type = %q", l)
	}
	c := validItem()
	c.TypeName = "行政确认" // repeating the national name is fine
	if ps := CheckItem(&c); len(ps) != 0 || c.TypeLabel() != "行政确认" {
		t.Errorf("a national type with its own name: %+v", ps)
	}
	b.TypeName = "公共便民服务"
	ps := CheckCatalog([]Item{a, b}, 0)
	if len(ps) != 1 || ps[0].Index != 1 || ps[0].Field != "type" || !strings.Contains(ps[0].Message, "与第 1 项的“便民服务”不同") {
		t.Errorf("one provincial code under two names: %+v", ps)
	}
	for _, code := range []ItemType{"21", "A1", "0101"} {
		if !ValidTypeCode(code) {
			t.Errorf("%s is a valid code", code)
		}
	}
	for _, code := range []ItemType{"", "12345", "2 1", "许可"} {
		if ValidTypeCode(code) {
			t.Errorf("%q is not a valid code", code)
		}
	}
}

func TestAFileMayNameAProvincialCodeAlone(t *testing.T) {
	it := validItem()
	it.Type = "21"
	if ps := CheckCatalogFile([]Item{it}, 0); len(ps) != 0 {
		t.Errorf("a file's bare provincial code is left to the store: %+v", ps)
	}
	if ps := CheckCatalog([]Item{it}, 0); len(ps) != 1 {
		t.Errorf("the store's check wants the name: %+v", ps)
	}
	it.Type = "许可"
	if ps := CheckCatalogFile([]Item{it}, 0); len(ps) != 1 {
		t.Errorf("a name is not a code, even in a file: %+v", ps)
	}
}

// Every field of an entry is named, so its history can say what changed.
func TestEveryItemFieldHasAChineseName(t *testing.T) {
	typ := reflect.TypeOf(Item{})
	for i := range typ.NumField() {
		key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if key == "version" || key == "updated_at" {
			continue
		}
		if FieldName(key) == key {
			t.Errorf("field %s (%s) has no Chinese name in itemFieldNames", typ.Field(i).Name, key)
		}
	}
}
