package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// item makes a small valid entry of county region (6 digits) with code
// key = its 实施编码.
// deskCatalog is the catalog of a new database, acted on by the desk.
func deskCatalog(t *testing.T) (*Catalog, context.Context) {
	t.Helper()
	return openTest(t).Catalog(), hall.AsDesk(context.Background())
}

func item(name, dept, region, basic string) hall.Item {
	task := "11" + region + "0030000001" + "1" + basic
	return hall.Item{Code: task, BasicCode: basic, TaskCode: task, Name: name, Type: hall.TypeConfirmation,
		Department: dept, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays},
		PromiseLimit: hall.Limit{Days: 5, Unit: hall.WorkingDays}, ResultName: name + "证明",
		Materials: []hall.Material{{Name: "居民身份证", Kind: "证件证书证明", Necessity: hall.Required, Source: "政府部门核发", Originals: 1}}}
}

func TestReimportUpdatesByCodeAndKeepsHistory(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	cat := db.Catalog()
	a, b := item("内地居民结婚登记", "清河县民政局", "341122", "000104002000"), item("出生登记", "清河县公安局", "341122", "000104001001")
	if res, err := cat.ImportCatalog(ctx, []hall.Item{a, b}, hall.ImportOptions{Source: "文件 一.csv"}); err != nil || res.Added != 2 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	db.Now = func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) }
	a.PromiseLimit.Days, a.ConsultPhone = 1, "0550-7012345"
	res, err := cat.ImportCatalog(ctx, []hall.Item{a, b}, hall.ImportOptions{Source: "文件 二.csv"})
	if err != nil || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	got, _ := cat.Item(ctx, a.Code)
	if got.Version != 2 || got.PromiseLimit.Days != 1 || !got.UpdatedAt.Equal(db.Now()) {
		t.Errorf("updated entry: version %d promise %v at %v", got.Version, got.PromiseLimit, got.UpdatedAt)
	}
	hist, _ := cat.History(ctx, a.Code)
	if len(hist) != 2 || hist[0].Kind != hall.ChangeUpdated || hist[0].Source != "文件 二.csv" ||
		strings.Join(hist[0].Fields, "、") != "承诺办结时限、咨询电话" || hist[1].Kind != hall.ChangeAdded {
		t.Errorf("history = %+v", hist)
	}
	if h, _ := cat.History(ctx, b.Code); len(h) != 1 {
		t.Errorf("an unchanged entry gained history: %+v", h)
	}
}

func TestFullListWithdrawsWhatItLeavesOutAndRestores(t *testing.T) {
	cat, ctx := deskCatalog(t)
	a, b := item("内地居民结婚登记", "清河县民政局", "341122", "000104002000"), item("出生登记", "清河县公安局", "341122", "000104001001")
	cat.ImportCatalog(ctx, []hall.Item{a, b}, hall.ImportOptions{})
	if res, err := cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{Source: "平台", Full: false}); err != nil || res.Withdrawn != 0 {
		t.Fatalf("a partial list must withdraw nothing: %+v %v", res, err)
	}
	res, err := cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{Source: "平台", Full: true})
	if err != nil || res.Withdrawn != 1 {
		t.Fatalf("full list: %+v %v", res, err)
	}
	got, err := cat.Item(ctx, b.Code)
	if err != nil || got.Status != hall.ItemWithdrawn || got.Version != 2 {
		t.Fatalf("withdrawn entry must stay, marked 已取消: %+v %v", got, err)
	}
	r, _ := cat.Search(ctx, hall.SearchQuery{Text: "出生登记"})
	if r.Total != 1 || r.Hits[0].Status != hall.ItemWithdrawn {
		t.Errorf("a withdrawn entry is still found, marked: %+v", r)
	}
	res, _ = cat.ImportCatalog(ctx, []hall.Item{a, b}, hall.ImportOptions{Full: true})
	hist, _ := cat.History(ctx, b.Code)
	if res.Updated != 1 || hist[0].Kind != hall.ChangeRestored {
		t.Errorf("back on the list: %+v, history %+v", res, hist)
	}
}

func TestImportIsCheckedFirstAndAllOrNothing(t *testing.T) {
	cat, ctx := deskCatalog(t)
	good := item("出生登记", "清河县公安局", "341122", "000104001001")
	bad := item("", "清河县公安局", "341122", "000104001002")
	bad.Type = "99"
	_, err := cat.ImportCatalog(ctx, []hall.Item{good, bad}, hall.ImportOptions{})
	msg := hall.ErrorMessage(err)
	if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(msg, "第 2 项") || !strings.Contains(msg, "事项名称不能为空") ||
		!strings.Contains(msg, "事项类型“99”") {
		t.Errorf("error = %q", msg)
	}
	dup := good
	dup.Name = "出生登记（重复）"
	_, err = cat.ImportCatalog(ctx, []hall.Item{good, dup}, hall.ImportOptions{})
	if !strings.Contains(hall.ErrorMessage(err), "重复") {
		t.Errorf("duplicate code: %v", err)
	}
	if n, _ := cat.CountItems(ctx); n != 0 {
		t.Errorf("a refused batch left %d entries", n)
	}
}

func TestImportMatchesByTaskCodeAndRefusesAStolenOne(t *testing.T) {
	cat, ctx := deskCatalog(t)
	a := item("出生登记", "清河县公安局", "341122", "000104001001")
	a.Code = a.BasicCode // a hall's own list keys entries by 基本编码
	cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{})
	again := a
	again.Code, again.Hours = a.TaskCode, "周一至周五" // the province's list keys it by 实施编码
	res, err := cat.ImportCatalog(ctx, []hall.Item{again}, hall.ImportOptions{})
	if err != nil || res.Updated != 1 || res.Added != 0 {
		t.Fatalf("same 实施编码 under another key: %+v %v", res, err)
	}
	if got, err := cat.Item(ctx, a.BasicCode); err != nil || got.Hours != "周一至周五" {
		t.Errorf("the stored key must stay (cases refer to it): %+v %v", got, err)
	}
	b := item("死亡注销户口", "清河县公安局", "341122", "000104001009")
	cat.ImportCatalog(ctx, []hall.Item{b}, hall.ImportOptions{})
	b.TaskCode = a.TaskCode // entry b now claims a's 实施编码
	if _, err := cat.ImportCatalog(ctx, []hall.Item{b}, hall.ImportOptions{}); hall.ErrorCode(err) != hall.EConflict ||
		!strings.Contains(hall.ErrorMessage(err), "已属于") {
		t.Errorf("an entry taking another's 实施编码: %v", err)
	}
}

func TestHandleItemsShareATaskCodeAndMatchByThePair(t *testing.T) {
	cat, ctx := deskCatalog(t)
	whole := item("结婚登记", "清河县民政局", "341122", "000107001000")
	a, b := whole, whole
	a.Code, a.HandleCode, a.Name = whole.TaskCode+"01", whole.TaskCode+"01", "结婚登记（内地居民）"
	b.Code, b.HandleCode, b.Name = whole.TaskCode+"02", whole.TaskCode+"02", "结婚登记（涉外）"
	if res, err := cat.ImportCatalog(ctx, []hall.Item{a, b}, hall.ImportOptions{}); err != nil || res.Added != 2 {
		t.Fatalf("two 办理项 of one 实施编码: %+v %v", res, err)
	}
	// A file keyed otherwise names b by the pair: b is updated under its stored key.
	again := b
	again.Code, again.Hours = "JHDJ-SW", "周一至周五"
	res, err := cat.ImportCatalog(ctx, []hall.Item{again}, hall.ImportOptions{})
	if err != nil || res.Updated != 1 || res.Added != 0 {
		t.Fatalf("matching by 实施编码 and 业务办理项编码: %+v %v", res, err)
	}
	if got, err := cat.Item(ctx, b.Code); err != nil || got.Hours != "周一至周五" || got.HandleCode != b.HandleCode {
		t.Errorf("b after the update: %+v %v", got, err)
	}
	// Another entry may not take a pair that is already b's.
	c := item("离婚登记", "清河县民政局", "341122", "000107002000")
	if _, err := cat.ImportCatalog(ctx, []hall.Item{c}, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	c.TaskCode, c.HandleCode = b.TaskCode, b.HandleCode
	if _, err := cat.ImportCatalog(ctx, []hall.Item{c}, hall.ImportOptions{}); hall.ErrorCode(err) != hall.EConflict ||
		!strings.Contains(hall.ErrorMessage(err), "业务办理项编码 "+b.HandleCode) {
		t.Errorf("an entry taking another's 实施编码 and 业务办理项编码: %v", err)
	}
}

func TestProvincialTypesAreLearntNamedAndListed(t *testing.T) {
	cat, ctx := deskCatalog(t)
	a := item("老年人优待证办理", "清河县民政局", "341122", "000120001000")
	a.Type, a.TypeName = "21", "便民服务"
	if _, err := cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	types, err := cat.Types(ctx)
	if err != nil || len(types) != 12 || types[11] != (hall.TypeInfo{Code: "21", Name: "便民服务"}) || !types[0].National {
		t.Fatalf("types after the import: %+v %v", types, err)
	}
	// A later list (or the platform) may give the code alone.
	b := item("高龄津贴申领", "清河县民政局", "341122", "000120002000")
	b.Type = "21"
	if _, err := cat.ImportCatalog(ctx, []hall.Item{b}, hall.ImportOptions{}); err != nil {
		t.Fatalf("a known provincial code without its name: %v", err)
	}
	got, _ := cat.Item(ctx, b.Code)
	if got == nil || got.TypeLabel() != "便民服务" {
		t.Errorf("b's type label: %+v", got)
	}
	res, err := cat.Search(ctx, hall.SearchQuery{Text: "高龄津贴"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].TypeName != "便民服务" {
		t.Errorf("a hit names the provincial type: %+v %v", res, err)
	}
	if res, _ := cat.Search(ctx, hall.SearchQuery{Text: "津贴", Type: "21"}); len(res.Hits) != 1 {
		t.Errorf("filter by a provincial type: %+v", res)
	}
	// The province renames its code: the table follows.
	b.TypeName = "便民利民服务"
	if _, err := cat.ImportCatalog(ctx, []hall.Item{b}, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if types, _ := cat.Types(ctx); types[11].Name != "便民利民服务" {
		t.Errorf("renamed type: %+v", types[11])
	}
	if got, _ := cat.Item(ctx, a.Code); got == nil || got.TypeLabel() != "便民利民服务" {
		t.Errorf("an entry not in the renaming list shows the table's name: %+v", got)
	}
	// An unknown code with no name is refused, and nothing is written.
	c := item("其他事项", "清河县民政局", "341122", "000120003000")
	c.Type = "22"
	if _, err := cat.ImportCatalog(ctx, []hall.Item{c}, hall.ImportOptions{}); hall.ErrorCode(err) != hall.EInvalid ||
		!strings.Contains(hall.ErrorMessage(err), "省定类型须同时给出类型名称") {
		t.Errorf("an unknown code without a name: %v", err)
	}
	if types, _ := cat.Types(ctx); len(types) != 12 {
		t.Errorf("a refused batch changed the type table: %+v", types)
	}
}

func TestOnlyAnAdminImportsAndEveryImportIsAudited(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	cat := db.Catalog()
	a := item("出生登记", "清河县公安局", "341122", "000104001001")
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
	if _, err := cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{Source: "文件 清单.csv"}); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a clerk importing: %v", err)
	}
	db.Users().Logout(ctx)
	ctx = hall.AsUser(ctx, login(t, db, "admin", adminPW))
	if _, err := cat.ImportCatalog(ctx, []hall.Item{a}, hall.ImportOptions{Source: "文件 清单.csv", Full: true}); err != nil {
		t.Fatalf("an admin importing: %v", err)
	}
	bad := a
	bad.Name = ""
	if _, err := cat.ImportCatalog(ctx, []hall.Item{bad}, hall.ImportOptions{Source: "文件 坏清单.csv"}); err == nil {
		t.Fatal("a bad batch was imported")
	}
	log, err := db.Audit().ListAudit(ctx, hall.AuditFilter{Action: hall.AuditCatalog})
	if err != nil || len(log) != 3 {
		t.Fatalf("audit of imports: %+v %v", log, err)
	}
	// Newest first: the failure, the admin's import, the clerk's refusal.
	want := []struct{ user, object, outcome, detail string }{
		{"赵管理", "文件 坏清单.csv", hall.AuditFailed, "未导入"},
		{"赵管理", "文件 清单.csv", hall.AuditOK, "新增 1，更新 0，未变 0，取消 0（完整清单）"},
		{"王堃", "文件 清单.csv", hall.AuditDenied, "无权限"},
	}
	for i, w := range want {
		e := log[i]
		if e.UserName != w.user || e.Object != w.object || e.Outcome != w.outcome || !strings.Contains(e.Detail, w.detail) {
			t.Errorf("audit record %d = %s %s %s %q, want %+v", i, e.UserName, e.Object, e.Outcome, e.Detail, w)
		}
	}
}

// A streamed import is one transaction: a file refused after its first
// chunk went in leaves the catalog as it was.
func TestImportStreamIsAllOrNothing(t *testing.T) {
	cat, ctx := deskCatalog(t)
	three := func() []hall.Item {
		return []hall.Item{item("内地居民结婚登记", "清河县民政局", "341122", "000104002000"),
			item("出生登记", "清河县公安局", "341122", "000104001001"), item("死亡登记", "清河县公安局", "341122", "000104001002")}
	}
	first := three()
	_, err := cat.ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
		if err := each(first); err != nil {
			return 0, err
		}
		return 3, hall.Errorf(hall.EInvalid, "文件 x.csv 第 9 行：坏")
	}, hall.ImportOptions{Source: "文件 x.csv"})
	if err == nil {
		t.Fatal("a stream that failed was imported")
	}
	if n, _ := cat.CountItems(ctx); n != 0 {
		t.Errorf("%d entries left by a refused stream", n)
	}
	res, err := cat.ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
		return 3, each(three())
	}, hall.ImportOptions{Source: "文件 x.csv"})
	if err != nil || res.Added != 3 {
		t.Fatalf("%+v %v", res, err)
	}
}

// The writer stores a chunk while the next is named, checked and prepared
// on the reader's side: a problem the writer finds stops the reader, and
// is the one reported even when a later chunk is bad too.
func TestImportStreamStopsTheReaderAtTheWritersProblem(t *testing.T) {
	cat, ctx := deskCatalog(t)
	a := item("内地居民结婚登记", "清河县民政局", "341122", "000104002000")
	b := item("出生登记", "清河县公安局", "341122", "000104001001")
	handed, stopped := 0, false
	_, err := cat.ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
		for i := range 1000 {
			chunk := []hall.Item{b}
			switch i {
			case 0:
				chunk = []hall.Item{a}
			case 1:
				chunk = []hall.Item{a} // a repeat of the first chunk's entry: the writer refuses it
			}
			if i > 1 {
				chunk[0].Name = "" // a problem of the reader's side
			}
			if err := each(chunk); err != nil {
				stopped = true
				return handed, err
			}
			handed++
		}
		return handed, nil
	}, hall.ImportOptions{Source: "文件 x.json"})
	if !strings.Contains(hall.ErrorMessage(err), "与本批中另一项是同一事项（编码 "+a.Code+"）") {
		t.Errorf("the writer's problem is not the one reported: %v", err)
	}
	if !stopped || handed > 3 {
		t.Errorf("the reader went on after the writer failed: %d chunks handed on, stopped %v", handed, stopped)
	}
	if n, _ := cat.CountItems(ctx); n != 0 {
		t.Errorf("%d entries left by a refused stream", n)
	}
}

// A province's type named in one chunk may be given by its code alone in a
// later one, as in one batch: the chunks are named before the writer has
// learnt the type.
func TestImportStreamNamesATypeFromAnEarlierChunk(t *testing.T) {
	cat, ctx := deskCatalog(t)
	a := item("老年人优待证办理", "清河县民政局", "341122", "000120001000")
	a.Type, a.TypeName = "21", "便民服务"
	b := item("高龄津贴申领", "清河县民政局", "341122", "000120002000")
	b.Type = "21"
	if _, err := cat.ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
		if err := each([]hall.Item{a}); err != nil {
			return 0, err
		}
		return 2, each([]hall.Item{b})
	}, hall.ImportOptions{Source: "文件 x.json"}); err != nil {
		t.Fatal(err)
	}
	res, err := cat.Search(ctx, hall.SearchQuery{Text: "高龄津贴"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].TypeName != "便民服务" {
		t.Errorf("the later chunk's entry is not named: %+v %v", res, err)
	}
}
