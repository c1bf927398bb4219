package catalogio

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"yichuang/hall"
)

const samples = "../../testdata/catalog/"

func read(t *testing.T, name string) []hall.Item {
	t.Helper()
	items, err := ReadFile(samples + name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return items
}

func TestSamplesReadAlikeInEveryFormat(t *testing.T) {
	csv := read(t, "sample.csv")
	if len(csv) != 4 {
		t.Fatalf("sample.csv: %d entries, want 4", len(csv))
	}
	for _, other := range []string{"sample-gbk.csv", "sample.xlsx"} {
		if got := read(t, other); !reflect.DeepEqual(got, csv) {
			t.Errorf("%s reads differently from sample.csv:\n%+v\n%+v", other, got[0], csv[0])
		}
	}
	if js := read(t, "sample.json"); !reflect.DeepEqual(js, csv[:2]) {
		t.Errorf("sample.json differs from the first two entries of sample.csv")
	}
	marry, food, relief, dog := csv[0], csv[1], csv[2], csv[3]
	if marry.Code != marry.HandleCode || marry.Basic() != "000104002000" || len(marry.Materials) != 3 ||
		marry.Materials[2].Format != "2寸" || !marry.Instant() || marry.LegalLimit != (hall.Limit{Days: 1, Unit: hall.WorkingDays}) {
		t.Errorf("结婚登记 = %+v", marry)
	}
	if food.Type != hall.TypeLicensing || food.TypeName != "" || food.Materials[1].Necessity != hall.Deferrable ||
		food.Materials[2].Necessity != hall.Optional || len(food.Steps) != 6 || food.Steps[2].Days != 6 ||
		len(food.Special) != 1 || food.Special[0].Limit.Days != 5 || !reflect.DeepEqual(food.Subjects, []string{"法人", "自然人"}) {
		t.Errorf("食品经营许可 = %+v", food)
	}
	// 办理流程 in the long form, with full-width colons.
	if s := food.Steps[0]; s != (hall.Step{Name: "收件", Days: 0, Role: "综合受理窗口人员", Standard: "核对申请材料是否齐全、是否符合法定形式"}) {
		t.Errorf("食品经营许可 收件 = %+v", s)
	}
	if s := food.Steps[4]; s != (hall.Step{Name: "制证", Days: 1, Role: "制证人员"}) {
		t.Errorf("食品经营许可 制证 = %+v", s)
	}
	// A provincial type, and the steps' handlers and standards in columns of their own.
	if relief.Type != "21" || relief.TypeName != "便民服务" || relief.Department != "清河县城关镇人民政府" || len(relief.Materials) != 1 {
		t.Errorf("临时救助 = %+v", relief)
	}
	if s := relief.Steps[1]; len(relief.Steps) != 4 ||
		s != (hall.Step{Name: "受理", Days: 1, Role: "便民服务中心综合窗口人员", Standard: "符合条件的当场受理；不符合的一次性告知"}) {
		t.Errorf("临时救助 steps = %+v", relief.Steps)
	}
	if dog.Status != hall.ItemWithdrawn || len(dog.Fees) != 1 || dog.Fees[0].Standard != "50元/只" {
		t.Errorf("养犬登记 = %+v", dog)
	}
}

// csvWith is sample.csv with one cell (row, column header) replaced, or
// with edit applied to its lines.
func csvWith(t *testing.T, edit func(lines []string) []string) string {
	t.Helper()
	b, err := os.ReadFile(samples + "sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	path := filepath.Join(t.TempDir(), "清单.csv")
	os.WriteFile(path, []byte(strings.Join(edit(lines), "\r\n")), 0o600)
	return path
}

func TestBadFilesAreRefusedWithFileRowAndColumn(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func([]string) []string
		want []string
	}{
		{"missing column", func(l []string) []string {
			l[0] = strings.Replace(l[0], "实施编码,", "编号,", 1)
			return l
		}, []string{"清单.csv", "第 1 行", "未知的列“编号”", "缺少必填列“实施编码”"}},
		{"unknown type", func(l []string) []string {
			l[4] = strings.Replace(l[4], ",行政许可,", ",行政审批,", 1)
			return l
		}, []string{"第 5 行 E 列“事项类型”", "事项类型“行政审批”未知"}},
		{"bad limit", func(l []string) []string {
			l[7] = strings.Replace(l[7], ",15个工作日,", ",十五天,", 1)
			return l
		}, []string{"第 8 行 J 列“法定办结时限”", "“十五天”不是时限"}},
		{"bad count", func(l []string) []string {
			l[2] = strings.Replace(l[2], ",2,0,纸质,", ",两份,0,纸质,", 1)
			return l
		}, []string{"第 3 行 AG 列“原件份数”"}},
		{"duplicate code", func(l []string) []string {
			return append(l, strings.Replace(l[7], "临时救助申请受理", "临时救助", 1))
		}, []string{"第 10 行", "编码“113411220040000011000105003000”与第"}},
		{"the same 实施编码 and 业务办理项编码 twice", func(l []string) []string {
			return append(l, strings.Replace(l[1], "内地居民结婚登记", "结婚登记", 1))
		}, []string{"第 10 行", "业务办理项编码“11341122003132500K100010400200000001”与第 1 项重复"}},
		{"promise over legal", func(l []string) []string {
			l[7] = strings.Replace(l[7], ",5个工作日,", ",25个工作日,", 1)
			return l
		}, []string{"第 8 行 K 列“承诺办结时限”", "超过法定办结时限"}},
		{"instant with a promise", func(l []string) []string {
			l[4] = strings.Replace(l[4], ",承诺件,", ",即办件,", 1)
			return l
		}, []string{"第 5 行 L 列“办件类型”", "即办件"}},
		{"national code under another name", func(l []string) []string {
			l[4] = strings.Replace(l[4], ",行政许可,", ",01 便民服务,", 1)
			return l
		}, []string{"第 5 行 E 列“事项类型”", "事项类型代码 01 是国家类型“行政许可”，与名称“便民服务”不符"}},
		{"national name for a provincial code", func(l []string) []string {
			l[7] = strings.Replace(l[7], ",21 便民服务,", ",21 行政给付,", 1)
			return l
		}, []string{"第 8 行 E 列“事项类型”", "“行政给付”是国家事项类型 05 的名称，不能用作代码 21 的名称"}},
		{"type name column contradicts the cell", func(l []string) []string {
			l[0] += ",事项类型名称"
			l[7] += ",便民事项"
			return l
		}, []string{"第 8 行 AN 列“事项类型名称”", "事项类型名称“便民事项”与事项类型“21 便民服务”中的名称不一致"}},
		{"bad step days", func(l []string) []string {
			l[4] = strings.Replace(l[4], "审查：6：", "审查：六：", 1)
			return l
		}, []string{"第 5 行 Q 列“办理流程”", "的天数“六”不是整数"}},
		{"handlers miscounted", func(l []string) []string {
			l[7] = strings.Replace(l[7], "→镇分管负责人", "", 1)
			return l
		}, []string{"第 8 行 AL 列“环节办理人员”", "环节办理人员有 3 项，办理流程有 4 个环节"}},
		{"standards miscounted", func(l []string) []string {
			l[7] = strings.Replace(l[7], "→经公示无异议后作出决定", "→公示→决定", 1)
			return l
		}, []string{"第 8 行 AM 列“环节审查标准”", "环节审查标准有 5 项，办理流程有 4 个环节"}},
		{"handler contradicts the flow", func(l []string) []string {
			l[4] = strings.TrimSuffix(l[4], ",,") + ",→→审批人员→→→,"
			return l
		}, []string{"第 5 行 AL 列“环节办理人员”", "第 3 个环节“审查”的办理人员在办理流程中为“食品经营许可审查人员”，环节办理人员中为“审批人员”"}},
		{"handlers without steps", func(l []string) []string {
			l[8] = strings.TrimSuffix(l[8], ",,") + ",窗口人员,"
			return l
		}, []string{"第 9 行 AL 列“环节办理人员”", "环节办理人员有内容，但办理流程为空"}},
	} {
		_, err := ReadFile(csvWith(t, tc.edit))
		msg := hall.ErrorMessage(err)
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q", tc.name, msg, w)
			}
		}
		if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(msg, "未导入任何事项") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestBadEncodingsAndFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("事项名称,基本编码\n婚姻登记,000104002000\n")
	for _, tc := range []struct {
		path, want string
	}{
		{write("乱码.csv", []byte{0x81, 0x20, 0xff, 0xfe, 0x80, 0x81, 0x0a}), "文字编码无法识别"},
		{write("short.csv", []byte(gbk)), "缺少必填列“实施编码”"}, // GBK is read; the columns are then checked
		{write("empty.csv", nil), "找不到“事项名称”列"},
		{write("bad.xlsx", []byte("PK\x03\x04 not really")), "不是有效的 Excel"},
		{write("a.json", []byte(`{"code": "1"}`)), "以 [ 开头"},
		{write("b.json", []byte("[\n{\"code\": \"000104002000\",\n \"nmae\": \"拼错\"}\n]")), "第 1 项（第 2 行）：未知字段“nmae”"},
		{write("c.json", []byte("[\n{\"code\": \"1\"},\n{\"code\": \"2\", \"visits\": \"两次\"}\n]")), "第 2 项（第 3 行）：字段“visits”的类型错误"},
		{write("d.json", []byte("[\n{\"code\": \"1\"},\n{\"code\": \"2\"")), "第 2 项（第 3 行）：JSON 文件不完整"},
		{write("e.json", []byte("[]")), "没有任何事项"},
		{write("f.json", []byte(`[{"code": "000104002000", "task_code": "1", "name": "婚姻登记", "type": "07"}]`)), "字段“department”（实施部门）：实施部门不能为空"},
		{write("g.txt.doc", []byte("x")), "格式无法识别"},
		// the entries are cut apart by strings and brackets only, then decoded
		{write("h.json", []byte("[\n{\"code\": \"1\"}\n{\"code\": \"2\"}\n]")), "第 2 项（第 3 行）：JSON 格式错误：事项之间缺少逗号"},
		{write("i.json", []byte("[\n{\"code\": \"1\"},\n]")), "第 2 项（第 3 行）：JSON 格式错误：最后一项之后多了逗号"},
		{write("j.json", []byte("[\n{\"code\": \"1\" \"name\": \"x\"}\n]")), "第 1 项（第 2 行）：JSON 格式错误（本项第"},
		{write("k.json", []byte("[\n{\"code\": \"1\"}")), "第 2 项（第 2 行）：JSON 格式错误：事项之间缺少逗号，或数组没有以 ] 结束"},
		{write("l.json", []byte("[\n\"婚姻登记\"\n]")), "第 1 项（第 2 行）"},
		{write("m.json", []byte(`[{"code": "000104002000", "task_code": "1", "name": "婚姻\\\"登记}]{[", "type": "07"}]`)), "实施部门不能为空"},
	} {
		_, err := ReadFile(tc.path)
		if msg := hall.ErrorMessage(err); !strings.Contains(msg, tc.want) || !strings.Contains(msg, filepath.Base(tc.path)) {
			t.Errorf("%s: %q, want %q and the file name", filepath.Base(tc.path), msg, tc.want)
		}
	}
}

func TestSyntheticIsValidAndRepeatable(t *testing.T) {
	a, b := Synthetic(3000, 5), Synthetic(3000, 5)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave another catalog")
	}
	if p := hall.CheckCatalog(a, 3); len(p) > 0 {
		t.Fatalf("synthetic catalog fails the checks: %+v", p)
	}
	names := map[string]int{}
	for _, it := range a {
		names[it.Name]++
	}
	if names["出生登记"] < 2 {
		t.Error("county variants of one item are missing")
	}
}

// TestKeywordsColumn: 关键词 (or 别名) holds several values a cell,
// separated as clerks write them; repeats are dropped.
func TestKeywordsColumn(t *testing.T) {
	path := csvWith(t, func(lines []string) []string {
		for i := range lines {
			switch i {
			case 0:
				lines[i] = "别名," + strings.TrimPrefix(lines[i], "\ufeff")
			case 1:
				lines[i] = "\"结婚、领证；扯证\n 领证 ,婚姻登记, 结婚\"," + lines[i]
			default:
				lines[i] = "," + lines[i]
			}
		}
		return lines
	})
	items, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"结婚", "领证", "扯证", "婚姻登记"}
	if !reflect.DeepEqual(items[0].Keywords, want) {
		t.Errorf("keywords %q, want %q", items[0].Keywords, want)
	}
	if items[1].Keywords != nil {
		t.Errorf("an empty cell gives keywords %q", items[1].Keywords)
	}
	long := csvWith(t, func(lines []string) []string {
		lines[0] = "关键词," + strings.TrimPrefix(lines[0], "\ufeff")
		lines[1] = strings.Repeat("长", 21) + "," + lines[1]
		for i := 2; i < len(lines); i++ {
			lines[i] = "," + lines[i]
		}
		return lines
	})
	if _, err := ReadFile(long); err == nil || !strings.Contains(err.Error(), "关键词") || !strings.Contains(err.Error(), "第 2 行") {
		t.Errorf("a 21-character keyword: %v", err)
	}
}

// TestMembersColumn: a bundle (一件事) lists its member codes in one cell,
// separated like keywords; JSON carries them as "members". A bundle of one
// item is refused naming its row.
func TestMembersColumn(t *testing.T) {
	path := csvWith(t, func(lines []string) []string {
		for i := range lines {
			switch i {
			case 0:
				lines[i] = "一件事包含事项," + strings.TrimPrefix(lines[i], "\ufeff")
			case 1:
				lines[i] = "\"000104001001、000140001002；000111011000\"," + lines[i]
			default:
				lines[i] = "," + lines[i]
			}
		}
		return lines
	})
	items, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"000104001001", "000140001002", "000111011000"}
	if !reflect.DeepEqual(items[0].Members, want) || !items[0].IsBundle() || items[1].IsBundle() {
		t.Errorf("members %q / %q, want %q on the first row only", items[0].Members, items[1].Members, want)
	}
	one := csvWith(t, func(lines []string) []string {
		lines[0] = "包含事项," + strings.TrimPrefix(lines[0], "\ufeff")
		lines[1] = "000104001001," + lines[1]
		for i := 2; i < len(lines); i++ {
			lines[i] = "," + lines[i]
		}
		return lines
	})
	if _, err := ReadFile(one); err == nil || !strings.Contains(err.Error(), "一件事") || !strings.Contains(err.Error(), "第 2 行") {
		t.Errorf("a bundle of one item: %v", err)
	}
	js := filepath.Join(t.TempDir(), "b.json")
	b, _ := json.Marshal([]hall.Item{{Code: "YJS1", TaskCode: "YJS1", Name: "新生儿出生一件事", Type: hall.TypePublicService,
		Department: "清河县数据资源管理局", Members: want}})
	os.WriteFile(js, b, 0o600)
	got, err := ReadFile(js)
	if err != nil || !reflect.DeepEqual(got[0].Members, want) {
		t.Errorf("JSON bundle: %v, %v", got, err)
	}
}

// TestDecodeAgreesWithEncodingJSON: the fast decoder reads a province's
// entries and the demo catalog exactly as encoding/json does, and refuses
// what it refuses.
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	items := Synthetic(3000, 9)
	demo, err := os.ReadFile("../../assets/catalog/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(demo, &raws); err != nil {
		t.Fatal(err)
	}
	for i := range items {
		b, _ := json.Marshal(&items[i])
		raws = append(raws, b)
	}
	raws = append(raws, json.RawMessage(`{"code": "1", "name": "\u5a5a\u59fb\ud842\udfb7", "form": {"fields": [ ]}, "materials": null}`))
	for _, raw := range raws {
		var fast, std hall.Item
		if err := decodeItem(raw, &fast); err != nil {
			t.Fatalf("%s: %v", raw[:min(80, len(raw))], err)
		}
		if err := json.Unmarshal(raw, &std); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, std) {
			t.Fatalf("decoded differently:\n%+v\n%+v", fast, std)
		}
	}
	for _, bad := range []string{`{"code": "1", "nmae": "x"}`, `{"code": 1}`, `{"code": "1",}`, `{"visits": "两次"}`, `{"code": "1"`} {
		var it hall.Item
		if err := decodeItem([]byte(bad), &it); err == nil {
			t.Errorf("%s was decoded", bad)
		}
	}
}
