package catalogio

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"yichuang/hall"
)

func TestTypeCellForms(t *testing.T) {
	for _, tc := range []struct {
		cell, named string
		want        hall.ItemType
		wantName    string
	}{
		{"01", "", hall.TypeLicensing, ""},
		{"1", "", hall.TypeLicensing, ""},
		{"20", "", hall.TypePublicService, ""},
		{" 公共服务 ", "", hall.TypePublicService, ""},
		{"01 行政许可", "", hall.TypeLicensing, ""}, // a national name repeated adds nothing
		{"7（行政确认）", "", hall.TypeConfirmation, ""},
		{"21 便民服务", "", "21", "便民服务"},
		{"21-便民服务", "", "21", "便民服务"},
		{"21 - 便民服务", "", "21", "便民服务"},
		{"21－便民服务", "", "21", "便民服务"},
		{"21:便民服务", "", "21", "便民服务"},
		{"21：便民服务", "", "21", "便民服务"},
		{"21、便民服务", "", "21", "便民服务"},
		{"21（便民服务）", "", "21", "便民服务"},
		{"21 (便民服务)", "", "21", "便民服务"},
		{"21便民服务", "", "21", "便民服务"},
		{"A1 乡村振兴服务", "", "A1", "乡村振兴服务"},
		{"21", "便民服务", "21", "便民服务"},
		{"21 便民服务", "便民服务", "21", "便民服务"},
		{"01", "行政许可", hall.TypeLicensing, ""},
		{"行政许可", "行政许可", hall.TypeLicensing, ""},
		{"21", "", "21", ""},     // the domain checks decide whether a bare code may stand
		{"0301", "", "0301", ""}, // four characters are still a code
		{"21（）", "", "21", ""},
	} {
		got, name, errs := readType(tc.cell, tc.named)
		if got != tc.want || name != tc.wantName || len(errs) > 0 {
			t.Errorf("事项类型 %q, 名称 %q: got %q %q %v, want %q %q", tc.cell, tc.named, got, name, errs, tc.want, tc.wantName)
		}
	}
}

func TestTypeCellProblemsNameTheirColumn(t *testing.T) {
	for _, tc := range []struct {
		cell, named string
		column      string
		want        []string
	}{
		{"", "", "事项类型", []string{"事项类型不能为空"}},
		{"行政审批", "", "事项类型", []string{"事项类型“行政审批”未知", "21 便民服务"}},
		{"便民服务", "", "事项类型", []string{"事项类型“便民服务”未知"}},
		{"便民服务", "便民服务", "事项类型", []string{"事项类型“便民服务”未知"}}, // a name is no code
		{"21345", "", "事项类型", []string{"事项类型“21345”未知"}},
		{"01 便民服务", "", "事项类型", []string{"01", "行政许可", "便民服务"}},
		{"2 公共服务", "", "事项类型", []string{"02", "行政处罚", "公共服务"}},
		{"21 行政许可", "", "事项类型", []string{"“行政许可”是国家事项类型 01 的名称，不能用作代码 21 的名称"}},
		{"01", "便民服务", "事项类型名称", []string{"事项类型代码 01 是国家类型“行政许可”，与名称“便民服务”不符"}},
		{"21", "公共服务", "事项类型名称", []string{"“公共服务”是国家事项类型 20 的名称"}},
		{"行政许可", "公共服务", "事项类型名称", []string{"事项类型名称“公共服务”与事项类型“行政许可”不一致"}},
		{"21 便民服务", "便民事项", "事项类型名称", []string{"“便民事项”", "“21 便民服务”", "不一致"}},
	} {
		_, _, errs := readType(tc.cell, tc.named)
		err := errs[tc.column]
		if err == nil || len(errs) != 1 {
			t.Errorf("事项类型 %q, 名称 %q: problems %v, want one under %s", tc.cell, tc.named, errs, tc.column)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("事项类型 %q, 名称 %q: %q lacks %q", tc.cell, tc.named, err, w)
			}
		}
	}
}

func TestStepCellForms(t *testing.T) {
	step := func(name string, days int, role, standard string) hall.Step {
		return hall.Step{Name: name, Days: days, Role: role, Standard: standard}
	}
	for _, tc := range []struct {
		flow, roles, standards string
		want                   []hall.Step
	}{
		{"收件:0→受理:0→审查:3", "", "", []hall.Step{step("收件", 0, "", ""), step("受理", 0, "", ""), step("审查", 3, "", "")}},
		{"收件:0；受理:1；审查:3个工作日", "", "", []hall.Step{step("收件", 0, "", ""), step("受理", 1, "", ""), step("审查", 3, "", "")}},
		{"收件 -> 受理：2天", "", "", []hall.Step{step("收件", 0, "", ""), step("受理", 2, "", "")}},
		{"收件:0:综合受理窗口人员:核对材料是否齐全→审查:3:审批科", "", "",
			[]hall.Step{step("收件", 0, "综合受理窗口人员", "核对材料是否齐全"), step("审查", 3, "审批科", "")}},
		{"收件：0：综合受理窗口人员：核对材料是否齐全→决定：1：分管负责人：作出决定", "", "",
			[]hall.Step{step("收件", 0, "综合受理窗口人员", "核对材料是否齐全"), step("决定", 1, "分管负责人", "作出决定")}},
		// With arrows, ； and further colons belong to the standard.
		{"审查:3:审批科:标准：材料真实；内容完整→决定:1", "", "",
			[]hall.Step{step("审查", 3, "审批科", "标准：材料真实；内容完整"), step("决定", 1, "", "")}},
		{"收件::窗口人员:核对→受理", "", "", []hall.Step{step("收件", 0, "窗口人员", "核对"), step("受理", 0, "", "")}},
		{"收件:0→受理:0→审查:3", "窗口人员→窗口人员→审批科", "齐全→符合条件；当场受理→审查通过",
			[]hall.Step{step("收件", 0, "窗口人员", "齐全"), step("受理", 0, "窗口人员", "符合条件；当场受理"), step("审查", 3, "审批科", "审查通过")}},
		{"收件:0→受理:0→审查:3", "窗口人员→→审批科", "", // an empty value keeps its place
			[]hall.Step{step("收件", 0, "窗口人员", ""), step("受理", 0, "", ""), step("审查", 3, "审批科", "")}},
		{"收件:0→受理:0", "窗口人员\n审批科", "", // one value a line, as a cell typed with Alt+Enter
			[]hall.Step{step("收件", 0, "窗口人员", ""), step("受理", 0, "审批科", "")}},
		{"收件:0:窗口人员→受理:0", "窗口人员→审批科", "", // the same value twice is no contradiction
			[]hall.Step{step("收件", 0, "窗口人员", ""), step("受理", 0, "审批科", "")}},
		{"", "", "", nil},
	} {
		got, errs := readSteps(tc.flow, tc.roles, tc.standards)
		if len(errs) > 0 || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("办理流程 %q / %q / %q:\n got %+v %v\nwant %+v", tc.flow, tc.roles, tc.standards, got, errs, tc.want)
		}
	}
}

func TestStepCellProblemsNameTheirColumn(t *testing.T) {
	for _, tc := range []struct {
		flow, roles, standards string
		column                 string
		want                   string
	}{
		{"收件:零→受理:0", "", "", "办理流程", "“收件:零”的天数“零”不是整数"},
		{"收件:窗口人员:核对", "", "", "办理流程", "天数“窗口人员”不是整数：应写作“环节:天数”或“环节:天数:办理人员:审查标准”"},
		{"收件:-1", "", "", "办理流程", "天数“-1”不是整数"},
		{"：3→受理:0", "", "", "办理流程", "缺少环节名称"},
		{"收件:0→受理:0→审查:3", "窗口人员→审批科", "", "环节办理人员", "环节办理人员有 2 项，办理流程有 3 个环节"},
		{"收件:0→受理:0", "", "齐全→受理→审查", "环节审查标准", "环节审查标准有 3 项，办理流程有 2 个环节"},
		{"收件:0→受理:0", "", "齐全；受理", "环节审查标准", "环节审查标准有 1 项"}, // ； never separates standards
		{"", "窗口人员", "", "环节办理人员", "环节办理人员有内容，但办理流程为空"},
		{"收件:0:窗口人员→受理:0", "综合窗口→审批科", "", "环节办理人员", "第 1 个环节“收件”的办理人员在办理流程中为“窗口人员”，环节办理人员中为“综合窗口”"},
		{"收件:0::齐全→受理:0", "", "材料齐全→", "环节审查标准", "审查标准在办理流程中为“齐全”"},
	} {
		_, errs := readSteps(tc.flow, tc.roles, tc.standards)
		if err := errs[tc.column]; err == nil || len(errs) != 1 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("办理流程 %q / %q / %q: problems %v, want %q under %s", tc.flow, tc.roles, tc.standards, errs, tc.want, tc.column)
		}
	}
	_, errs := readSteps("收件:0→受理:0", "A→B→C", "a")
	if len(errs) != 2 || errs["环节办理人员"] == nil || errs["环节审查标准"] == nil {
		t.Errorf("both columns wrong: %v, want a problem under each", errs)
	}
}

// TestStepAndTypeColumnsInAnyOrder reads a list whose handler and standard
// columns come before 办理流程, under their short headers, with the
// province's type name in a column of its own.
func TestStepAndTypeColumnsInAnyOrder(t *testing.T) {
	csv := "办理人员,审查标准,事项名称,基本编码,实施编码,事项类型,事项类型名称,实施主体,法定办结时限,承诺办结时限,办理流程\r\n" +
		"窗口人员→审批科,材料齐全→,代办服务,000199001000,113411220040000011000199001000,21,便民服务,清河县城关镇人民政府,5个工作日,3个工作日,收件:0→审查:3\r\n" +
		",,婚姻登记,000104002000,11341122003132500K1000104002000,07,行政确认,清河县民政局,1个工作日,即办,收件:0:窗口人员:核对证件\r\n"
	path := filepath.Join(t.TempDir(), "清单.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	items, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	help, marry := items[0], items[1]
	if help.Type != "21" || help.TypeName != "便民服务" || help.TypeLabel() != "便民服务" {
		t.Errorf("type of 代办服务: %q %q", help.Type, help.TypeName)
	}
	if want := []hall.Step{{Name: "收件", Role: "窗口人员", Standard: "材料齐全"}, {Name: "审查", Days: 3, Role: "审批科"}}; !reflect.DeepEqual(help.Steps, want) {
		t.Errorf("steps of 代办服务 = %+v", help.Steps)
	}
	if marry.Type != hall.TypeConfirmation || marry.TypeName != "" ||
		!reflect.DeepEqual(marry.Steps, []hall.Step{{Name: "收件", Role: "窗口人员", Standard: "核对证件"}}) {
		t.Errorf("婚姻登记 = %q %q %+v", marry.Type, marry.TypeName, marry.Steps)
	}
}

func TestJSONCarriesTheProvincialTypeName(t *testing.T) {
	entry := `[{"code": "000199001000", "task_code": "113411220040000011000199001000", "name": "代办服务",
	"type": "21", "type_name": "便民服务", "department": "清河县城关镇人民政府",
	"legal_limit": {"days": 5, "unit": "工作日"}, "promise_limit": {"days": 3, "unit": "工作日"},
	"steps": [{"name": "收件", "days": 0, "role": "窗口人员", "standard": "材料齐全"}]}]`
	items, err := Parse("清单.json", []byte(entry))
	if err != nil {
		t.Fatal(err)
	}
	if it := items[0]; it.TypeName != "便民服务" || it.Steps[0].Role != "窗口人员" || it.Steps[0].Standard != "材料齐全" {
		t.Errorf("read %q %+v", it.TypeName, it.Steps)
	}
}

func TestReadFileKnowingNamesKnownCodesAndRefusesOthersByCell(t *testing.T) {
	csv := "事项名称,基本编码,实施编码,事项类型,实施主体,法定办结时限,承诺办结时限\r\n" +
		"代办服务,000199001000,113411220040000011000199001000,21,清河县城关镇人民政府,5个工作日,3个工作日\r\n" +
		"村务代办,000199002000,113411220040000011000199002000,23,清河县城关镇人民政府,5个工作日,3个工作日\r\n"
	path := filepath.Join(t.TempDir(), "清单.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	items, err := ReadFile(path)
	if err != nil || !UnnamedTypes(items) {
		t.Fatalf("without the desk's table bare codes are left to the store: %v", err)
	}
	_, err = ReadFileKnowing(path, map[hall.ItemType]string{"21": "便民服务"})
	if msg := hall.ErrorMessage(err); !strings.Contains(msg, "第 3 行 D 列“事项类型”") || strings.Contains(msg, "第 2 行") {
		t.Errorf("the unknown code by its cell, the known one passes: %v", err)
	}
	items, err = ReadFileKnowing(path, map[hall.ItemType]string{"21": "便民服务", "23": "村级代办"})
	if err != nil || items[0].TypeName != "便民服务" || items[1].TypeName != "村级代办" || UnnamedTypes(items) {
		t.Errorf("known codes take the table's names: %+v %v", items, err)
	}
}
