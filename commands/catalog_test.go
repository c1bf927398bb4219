package commands

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/hostile"
)

const samples = "../testdata/catalog/"

func TestCatalogImportEveryFormatThenSearch(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"sample.csv", "sample-gbk.csv", "sample.xlsx", "sample.json"} {
		code, out, errs := run(t, "catalog", "import", "--data", dir, samples+f)
		if code != 0 || !strings.HasPrefix(out, "导入完成") {
			t.Fatalf("import %s: exit %d %q %q", f, code, out, errs)
		}
		if f == "sample.csv" && !strings.Contains(out, "新增 4 项") || f != "sample.csv" && !strings.Contains(out, "未变") {
			t.Errorf("import %s: %q (the same list again changes nothing)", f, out)
		}
	}
	code, out, errs := run(t, "catalog", "search", "--data", dir, "--json", "hydj")
	var rows []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) == 0 {
		t.Fatalf("search --json: exit %d %q %q", code, out, errs)
	}
	for _, k := range []string{"code", "name", "department", "match_field"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("search --json row lacks %q: %v", k, rows[0])
		}
	}
	// 婚姻登记 (hydj) is the alias of 结婚登记 and 离婚登记 too.
	if name, _ := rows[0]["name"].(string); !strings.Contains(name, "婚姻登记") && !strings.Contains(name, "婚登记") {
		t.Errorf("hydj found %v first", rows[0]["name"])
	}
	for _, q := range []string{`"`, `*`, `NEAR`, `a AND b`, strings.Repeat("证", 10000)} {
		if code, out, errs := run(t, "catalog", "search", "--data", dir, "--json", q); code != 0 || !strings.HasPrefix(out, "[") {
			t.Errorf("search %.10q: exit %d %q %q", q, code, out, errs)
		}
	}
	code, out, _ = run(t, "catalog", "search", "--data", dir, "食品")
	if code != 0 || !strings.Contains(out, "食品经营许可（新办）") || !strings.Contains(out, "清河县市场监督管理局") {
		t.Errorf("search 食品: %q", out)
	}
}

func TestCatalogBadFileImportsNothing(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile(samples + "sample.csv")
	bad := filepath.Join(t.TempDir(), "坏清单.csv")
	os.WriteFile(bad, []byte(strings.Replace(string(b), ",行政许可,", ",许可,", 1)), 0o600)
	code, out, errs := run(t, "catalog", "import", "--data", dir, bad)
	if code != 1 || out != "" || !strings.Contains(errs, "坏清单.csv") || !strings.Contains(errs, "第 5 行 E 列“事项类型”") {
		t.Errorf("bad file: exit %d out %q err %q", code, out, errs)
	}
	dk := desks.Open(t, dir)
	r, _ := dk.DB.Catalog().Search(hall.AsDesk(context.Background()), hall.SearchQuery{Text: "临时救助申请受理"})
	if r.Total != 0 {
		t.Error("rows of a refused file were imported")
	}
}

func TestCatalogFullListWithdraws(t *testing.T) {
	dir := t.TempDir()
	run(t, "catalog", "import", "--data", dir, samples+"sample.csv")
	code, out, errs := run(t, "catalog", "import", "--data", dir, "--full", samples+"sample.json")
	if code != 0 || !strings.Contains(out, "取消 ") || strings.Contains(out, "取消 0 项") {
		t.Fatalf("--full: exit %d %q %q", code, out, errs)
	}
	_, out, _ = run(t, "catalog", "search", "--data", dir, "临时救助")
	if !strings.Contains(out, "【已取消】临时救助申请受理") {
		t.Errorf("an entry the full list left out: %q", out)
	}
}

func TestCatalogUsage(t *testing.T) {
	if code, _, errs := run(t, "catalog"); code != 2 || !strings.Contains(errs, "catalog search") {
		t.Errorf("catalog alone: %d %q", code, errs)
	}
	if code, _, errs := run(t, "catalog", "frob"); code != 2 || !strings.Contains(errs, "未知的子命令") {
		t.Errorf("catalog frob: %d %q", code, errs)
	}
}

func TestCatalogProvincialTypeCodeAloneNeedsTheDeskToKnowIt(t *testing.T) {
	dir := t.TempDir()
	const head = "事项名称,基本编码,实施编码,事项类型,实施主体,法定办结时限,承诺办结时限\r\n"
	file := func(name, typ string) string {
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, []byte(head+"高龄津贴申领,000105009000,113411220040000011000105009000,"+typ+
			",清河县城关镇人民政府,20个工作日,5个工作日\r\n"), 0o600)
		return p
	}
	code, _, errs := run(t, "catalog", "import", "--data", dir, file("新类型.csv", "22"))
	if code != 1 || !strings.Contains(errs, "新类型.csv") || !strings.Contains(errs, "第 2 行 D 列“事项类型”") ||
		!strings.Contains(errs, "省定类型须同时给出类型名称") {
		t.Errorf("an unknown provincial code alone: exit %d %q", code, errs)
	}
	if code, out, errs := run(t, "catalog", "import", "--data", dir, file("命名.csv", "22 农村便民服务")); code != 0 || !strings.Contains(out, "新增 1 项") {
		t.Fatalf("the code with its name: exit %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, "catalog", "import", "--data", dir, file("再导.csv", "22")); code != 0 || !strings.Contains(out, "未变 1 项") {
		t.Errorf("the known code alone: exit %d %q %q", code, out, errs)
	}
}

// A file whose problem the store finds in a later chunk (an entry that
// repeats one thousands of rows above) is refused whole: the chunks
// already written are rolled back and the reading stops.
func TestCatalogRepeatInALaterChunkImportsNothing(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(hostile.Header + "\r\n")
	for i := 0; i < 5000; i++ {
		b.WriteString(strings.Join(hostile.Row(i), ",") + "\r\n")
	}
	b.WriteString(strings.Join(hostile.Row(7), ",") + "\r\n") // the 8th entry again, alone in its chunk
	for i := 5000; i < 5100; i++ {
		b.WriteString(strings.Join(hostile.Row(i), ",") + "\r\n")
	}
	file := filepath.Join(t.TempDir(), "重复项.csv")
	os.WriteFile(file, []byte(b.String()), 0o600)
	before := countItems(t, dir)
	code, out, errs := run(t, "catalog", "import", "--data", dir, file)
	if code == 0 || !strings.Contains(errs, "重复项.csv") || !strings.Contains(errs, "同一事项") {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	if after := countItems(t, dir); after != before {
		t.Errorf("%d entries before, %d after a refused file", before, after)
	}
}

func countItems(t *testing.T, dir string) int {
	t.Helper()
	d := desks.Open(t, dir)
	n, err := d.DB.Catalog().CountItems(desks.Ctx())
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
