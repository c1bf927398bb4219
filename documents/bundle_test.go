package documents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
)

// TestBundleReceiptListsEveryCase: the one receipt of a bundle intake names
// the bundle, the applicant once, every case with its number, item,
// department and promised date, and each material once though two cases
// share it.
func TestBundleReceiptListsEveryCase(t *testing.T) {
	link := hall.CaseBundle{ID: "b1", Code: "YJS341122001", Name: "新生儿出生一件事", Of: 3}
	var cases []*hall.Case
	var notices []hall.Notice
	for i, it := range [][3]string{{"出生登记", "清河县公安局", "2026-11-30"},
		{"城乡居民基本医疗保险参保登记", "清河县医疗保障局", "2026-11-27"},
		{"社会保障卡申领", "清河县人力资源和社会保障局", "2026-12-04"}} {
		c := sampleCase()
		c.ID = "019ad1c2-7f3e-7a11-9b2c-4d5e6f70819" + string(rune('0'+i))
		c.No = "341122-20261123-01-000" + string(rune('7'+i))
		c.ItemName, c.Department, c.PromiseDue = it[0], it[1], it[2]
		l := link
		l.Part = i + 1
		c.Bundle = &l
		if i > 0 {
			c.Materials = []hall.CaseMaterial{{Name: "《出生医学证明》", Necessity: hall.Required, Originals: 1, Copies: 1},
				{Name: "近期证件照片", Necessity: hall.Required, Copies: 2}}
		}
		cases, notices = append(cases, c), append(notices, sampleNotice(hall.DocReceipt))
	}
	dir := t.TempDir()
	path, err := WriteBundle(dir, nil, cases, notices)
	if err != nil {
		t.Fatal(err)
	}
	if path != BundlePath(dir, cases[0].No, hall.DocReceipt) || !strings.Contains(path, "一件事") {
		t.Errorf("written to %s", path)
	}
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"受理回执", "新生儿出生一件事", "一件事", "王䶮喆", "1101**********002X",
		"341122-20261123-01-0007", "341122-20261123-01-0008", "341122-20261123-01-0009",
		"出生登记", "城乡居民基本医疗保险参保登记", "社会保障卡申领", "清河县公安局",
		"2026年11月30日", "2026年11月27日", "2026年12月4日", "近期证件照片", "共 3 个事项"} {
		if !strings.Contains(text, want) {
			t.Errorf("bundle receipt lacks %q", want)
		}
	}
	for _, c := range cases { // every case can be rated from the paper
		if code := hall.RatingCode(c.ID, c.No); !strings.Contains(text, code) {
			t.Errorf("bundle receipt lacks the 评价码 %s of %s", code, c.No)
		}
	}
	if n := strings.Count(text, "《出生医学证明》"); n != 1 {
		t.Errorf("《出生医学证明》 listed %d times, want once", n)
	}
	if strings.Contains(text, "11010519491231002X") {
		t.Error("the receipt shows the full ID number")
	}
	if os.Getenv("YICHUANG_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("YICHUANG_KEEP_PDF"), "bundle-receipt.pdf"), pdf, 0o644)
	}
	if _, err := RenderBundle(cases[:1], notices); err == nil {
		t.Error("cases and notices of different lengths were rendered")
	}
}

// TestBundleQRRatesEveryCase: the QR code of a bundle's notice is the first
// case's rating link, as a single case's receipt has it, and lists every
// other case with its own 评价码, which a page passes on to POST
// /api/v1/rate so that one rating of 受理 counts for every case; without a
// progress address the text carries every code.
func TestBundleQRRatesEveryCase(t *testing.T) {
	link := hall.CaseBundle{ID: "b1", Code: "YJS341122001", Name: "新生儿出生一件事", Of: 3}
	var cases []*hall.Case
	for i := range 3 {
		c := sampleCase()
		c.ID = "019ad1c2-7f3e-7a11-9b2c-4d5e6f70819" + string(rune('0'+i))
		c.No = "341122-20261123-01-000" + string(rune('7'+i))
		l := link
		l.Part = i + 1
		c.Bundle = &l
		cases = append(cases, c)
	}
	code := func(i int) string { return hall.RatingCode(cases[i].ID, cases[i].No) }
	n := sampleNotice(hall.DocReceipt)
	got, caption := bundleQR(cases, n)
	want := n.QueryURL + "?bundle=" + cases[1].No + "." + code(1) + "~" + cases[2].No + "." + code(2) +
		"&code=" + code(0) + "&rate=1"
	if got != want || !strings.Contains(caption, "评价") {
		t.Errorf("QR %q (%s), want %q", got, caption, want)
	}
	n.QueryURL = ""
	got, _ = bundleQR(cases, n)
	for i, c := range cases {
		if !strings.Contains(got, "办件编号："+c.No+" 评价码："+code(i)) {
			t.Errorf("QR text %q lacks %s with its code", got, c.No)
		}
	}
}

// TestBundleCorrectionNamesWhatEachCaseLacks: the one 补正告知 of a bundle
// lists every case and each missing material once, with the cases that
// need it, then the clerk's notes for all of them.
func TestBundleCorrectionNamesWhatEachCaseLacks(t *testing.T) {
	link := hall.CaseBundle{ID: "b1", Code: "YJS341122001", Name: "新生儿出生一件事", Of: 3}
	lacks := [][]hall.Gap{{{Material: "《出生医学证明》", Problem: "未提交"}},
		{{Material: "近期证件照片", Problem: "未提交"}, {Material: "《出生医学证明》", Problem: "未提交"}},
		{{Material: "近期证件照片", Problem: "未提交"}}}
	var cases []*hall.Case
	var notices []hall.Notice
	for i, item := range []string{"出生登记", "城乡居民基本医疗保险参保登记", "社会保障卡申领"} {
		c := sampleCase()
		c.ID = "019ad1c2-7f3e-7a11-9b2c-4d5e6f70819" + string(rune('0'+i))
		c.No = "341122-20261123-01-000" + string(rune('7'+i))
		c.ItemName, c.State = item, hall.StateCorrection
		l := link
		l.Part = i + 1
		c.Bundle = &l
		n := sampleNotice(hall.DocCorrection)
		n.Gaps, n.Notes = lacks[i], []string{"申请表请父母双方签字"}
		cases, notices = append(cases, c), append(notices, n)
	}
	pdf, err := RenderBundle(cases, notices)
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"补正", "新生儿出生一件事", cases[0].No, cases[1].No, cases[2].No,
		"社会保障卡申领", "第 1、2 项", "第 2、3 项", "申请表请父母双方签字", "全部"} {
		if !strings.Contains(text, want) {
			t.Errorf("the bundle's correction notice lacks %q:\n%s", want, text)
		}
	}
	if got := bundleGaps(notices, notices[0].Notes); len(got) != 3 || got[0][1] != "《出生医学证明》" || got[0][3] != "第 1、2 项" ||
		got[1][1] != "近期证件照片" || got[1][3] != "第 2、3 项" || got[2][3] != "全部" {
		t.Errorf("gaps %v", got)
	}
	if os.Getenv("YICHUANG_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("YICHUANG_KEEP_PDF"), "bundle-correction.pdf"), pdf, 0o644)
	}
}
