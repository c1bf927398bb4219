package documents

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/signintech/gopdf"

	"yichuang/hall"
	"yichuang/testsupport/pdftext"
)

var issued = time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local)

func sampleCase() *hall.Case {
	return &hall.Case{No: "341122-20261123-01-0007", ItemName: "出生登记", Department: "清河县公安局",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王䶮喆", IDNumber: "11010519491231002X",
			Phone: "13812345678", Address: "清河县人民路1号"},
		Materials: []hall.CaseMaterial{
			{Name: "《出生医学证明》", Necessity: hall.Required, Originals: 1, Copies: 1},
			{Name: "落户地居民户口簿", Necessity: hall.Required, LicenceRef: "DZZZ-2026-0001"},
			{Name: "父母结婚证", Necessity: hall.Deferrable, Deferred: true, DueDate: "2026-11-30"},
			{Name: "申报人居民身份证", Necessity: hall.Optional}},
		State: hall.StateAccepted, Clerk: "李玥", ReceivedAt: issued, AcceptedAt: issued, PromiseDue: "2026-12-21"}
}

func sampleNotice(kind hall.DocKind) hall.Notice {
	return hall.Notice{Kind: kind, IssuedAt: issued, HallName: "清河县政务服务中心", HallAddress: "清河县人民路88号",
		HallPhone: "0550-7012345", QueryURL: "https://zwfw.example.gov.cn/progress/341122-20261123-01-0007",
		PromiseLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays}}
}

func textOf(t *testing.T, pdf []byte) string {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	s, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReceiptSaysWhatTheApplicantNeeds(t *testing.T) {
	pdf, err := Render(sampleCase(), sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"清河县政务服务中心", "受理回执", "341122-20261123-01-0007", "出生登记", "清河县公安局",
		"王䶮喆", "1101**********002X", "138****5678", "《出生医学证明》", "DZZZ-2026-0001", "父母结婚证",
		"2026年11月30日前补交", "2026年12月21日", "20个工作日", "清河县人民路88号", "0550-7012345",
		"扫码查询进度、评价服务", "李玥"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"11010519491231002X", "13812345678", "申报人居民身份证", "□", "U+4DAE", "清河县人民路1号"} {
		if strings.Contains(text, never) {
			t.Errorf("receipt shows %q", never)
		}
	}
	if os.Getenv("YICHUANG_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("YICHUANG_KEEP_PDF"), "receipt.pdf"), pdf, 0o644)
	}
}

func TestRefusalAndCorrectionNotices(t *testing.T) {
	c := sampleCase()
	c.State, c.Reason = hall.StateRefused, "申请事项依法不属于本机关职权范围"
	pdf, err := Render(c, sampleNotice(hall.DocRefusal))
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"不予受理通知书", "申请事项依法不属于本机关职权范围", "行政复议", "341122-20261123-01-0007"} {
		if !strings.Contains(text, want) {
			t.Errorf("refusal lacks %q", want)
		}
	}
	n := sampleNotice(hall.DocCorrection)
	n.Gaps = []hall.Gap{{Material: "新生儿父母双方居民身份证", Problem: "未提交"}}
	n.Notes = []string{"《出生医学证明》复印件不清晰，请重新复印"}
	pdf, err = Render(c, n)
	if err != nil {
		t.Fatal(err)
	}
	text = textOf(t, pdf)
	for _, want := range []string{"一次性告知书", "第三十二条", "新生儿父母双方居民身份证", "未提交", "复印件不清晰"} {
		if !strings.Contains(text, want) {
			t.Errorf("correction notice lacks %q", want)
		}
	}
}

func TestLongAndHostileTextPrintsWhole(t *testing.T) {
	c := sampleCase()
	c.Reason = strings.Repeat("理由很长", 2500) + "\x00\x1b[31m结束"
	c.Applicant.Name = "𠮷田\U0002A700\u200b" // Ext B, then Ext C, which no face has
	n := sampleNotice(hall.DocRefusal)
	n.QueryURL = ""
	pdf, err := Render(c, n)
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	// Page numbers and running heads sit between the lines of a long cell.
	var body []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, "第 ") && !strings.HasSuffix(l, "（续）") {
			body = append(body, l)
		}
	}
	joined := strings.Join(body, "")
	if strings.Count(joined, "理由很长") != 2500 || !strings.Contains(joined, "[31m结束") || !strings.Contains(text, "[31m结束") {
		t.Error("a 10,000-character reason was not printed whole")
	}
	if !strings.Contains(text, "𠮷田□") || strings.Contains(text, "U+20BB7") || !strings.Contains(text, "U+2A700") || !strings.Contains(text, "扫码获取办件编号") {
		t.Error("the missing glyph or the QR fallback is not said")
	}
	if pages := strings.Count(string(pdf), "/Type /Page\n"); pages < 3 {
		t.Errorf("%d pages for a 10,000-character reason", pages)
	}
}

func TestNoNumberNoDocument(t *testing.T) {
	_, err := Render(&hall.Case{}, sampleNotice(hall.DocReceipt))
	if !strings.Contains(hall.ErrorMessage(err), "尚无编号") {
		t.Errorf("err = %v", err)
	}
}

func TestWriteIsRepeatable(t *testing.T) {
	dir := t.TempDir()
	p, err := Write(dir, nil, sampleCase(), sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	if p != Path(dir, "341122-20261123-01-0007", hall.DocReceipt) {
		t.Errorf("path = %s", p)
	}
	first, _ := os.ReadFile(p)
	if _, err := Write(dir, nil, sampleCase(), sampleNotice(hall.DocReceipt)); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(p)
	if textOf(t, first) != textOf(t, second) {
		t.Error("writing the same notice twice gave different text")
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("%d files in documents/, want 1", len(entries))
	}
}

// Names with characters from CJK Extension A (䶮 U+4DAE, 㛃 U+36C3) and B
// (𠮷 U+20BB7, 𡈽 U+2123D) print with the fallback faces, on the main face's
// line, with nothing reported missing.
func TestRareNameCharactersPrint(t *testing.T) {
	c := sampleCase()
	c.Applicant.Name = "刘䶮"
	c.Applicant.Address = "𡈽㛃县𠮷祥路1号" // the first six characters print, the rest are masked
	c.Clerk = "李𠮷"
	pdf, err := Render(c, sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, want := range []string{"刘䶮", "李𠮷", "受理回执", "𡈽㛃县𠮷祥路**"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "□") || strings.Contains(text, "U+") {
		t.Errorf("a character is reported missing:\n%s", text)
	}
	for _, base := range []string{"/BaseFont /hanaminA", "/BaseFont /hanaminB", "/BaseFont /wqy"} {
		if !strings.Contains(string(pdf), base) {
			t.Errorf("the PDF does not embed %s", base)
		}
	}
	for _, r := range "䶮㛃𠮷𡈽" {
		f := faceFor(r)
		if f == nil || f == mainFace {
			t.Errorf("%c (U+%04X) drawn by %v", r, r, f)
		}
	}
	if os.Getenv("YICHUANG_KEEP_PDF") != "" {
		os.WriteFile(filepath.Join(os.Getenv("YICHUANG_KEEP_PDF"), "receipt-rare.pdf"), pdf, 0o644)
	}
}

// A document without rare characters embeds no fallback face.
func TestCommonNamesEmbedOnlyTheMainFace(t *testing.T) {
	c := sampleCase()
	c.Applicant.Name = "王小明"
	pdf, err := Render(c, sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(pdf), "/BaseFont /hanamin") {
		t.Error("a fallback face is embedded for a name WenQuanYi draws")
	}
}

// BenchmarkFallbackFace measures what the first document with a rare
// character pays once: inflating and parsing a fallback face.
func BenchmarkFallbackFace(b *testing.B) {
	for _, f := range faces[1:] {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				data, err := f.data()
				if err != nil {
					b.Fatal(err)
				}
				var c gopdf.FontContainer
				if err := c.AddTTFFontData(f.name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The QR code keeps the progress address and adds the rating field; without
// an address it still carries the case number, and says how to rate.
func TestQRCodeCarriesTheCaseForRatingLater(t *testing.T) {
	c := sampleCase()
	c.ID = "019ad1c2-7f3e-7a11-9b2c-4d5e6f708192"
	code := hall.RatingCode(c.ID, c.No)
	if len(code) != 8 || code == hall.RatingCode("019ad1c2-7f3e-7a11-9b2c-4d5e6f708193", c.No) {
		t.Fatalf("评价码 %q", code)
	}
	n := sampleNotice(hall.DocReceipt)
	got, caption := qrPayload(c, n)
	if got != n.QueryURL+"?code="+code+"&rate=1" || !strings.Contains(caption, "评价") {
		t.Errorf("payload %q, caption %q", got, caption)
	}
	if got := RatingLink("https://zwfw.example.gov.cn/q?no=341122-20261123-01-0007#top", ""); got !=
		"https://zwfw.example.gov.cn/q?no=341122-20261123-01-0007&rate=1#top" {
		t.Errorf("with a query and a fragment: %q", got)
	}
	n.QueryURL = ""
	got, _ = qrPayload(c, n)
	if !strings.Contains(got, "办件编号："+c.No) || !strings.Contains(got, "好差评") || !strings.Contains(got, "评价码："+code) {
		t.Errorf("without an address: %q", got)
	}
	pdf, err := Render(c, sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	if text := textOf(t, pdf); !strings.Contains(text, "扫码查询进度、评价服务") || !strings.Contains(text, "评价码 "+code) {
		t.Errorf("the receipt does not say the code rates too, or lacks the 评价码: %s", text)
	}
}

// TestSealNeverStandsAlone: however long the materials list runs, the
// page that carries the hall's seal and date also carries the lines above
// them (GB/T 9704-2012 7.3.5), for a case's notice and a bundle's.
func TestSealNeverStandsAlone(t *testing.T) {
	pageMark := regexp.MustCompile(`第 \d+ 页`)
	for k := 1; k <= 40; k++ {
		c := sampleCase()
		c.Materials = nil
		for i := range k {
			c.Materials = append(c.Materials, hall.CaseMaterial{Name: fmt.Sprintf("申请材料第%d份（原件及复印件）", i+1),
				Necessity: hall.Required, Originals: 1, Copies: 1})
		}
		pdf, err := Render(c, sampleNotice(hall.DocReceipt))
		if err != nil {
			t.Fatal(err)
		}
		pages := pageMark.Split(textOf(t, pdf), -1)
		for i, p := range pages {
			if strings.Contains(p, "（盖章）") && !strings.Contains(p, "咨询电话") {
				t.Errorf("%d materials: the seal stands on page %d of %d without the lines above it", k, i, len(pages)-1)
			}
		}
	}
}
