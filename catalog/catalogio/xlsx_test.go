package catalogio

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"yichuang/cputime"
	"yichuang/hall"
	"yichuang/testsupport/hostile"
)

// zipParts writes a workbook part by part, as a tool other than excelize
// lays it out.
func zipParts(t testing.TB, parts [][2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := z.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	mainNS = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	relNS  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relsNS = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relT   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
)

// otherTool is a workbook in the conventions of the OpenXML SDK and older
// tools: prefixed elements (<x:row>), absolute relationship targets, parts
// under other names, a workbook of two sheets of which the second is the
// list, shared strings with rich text runs and phonetic readings, inline
// strings, rows and cells without references, skipped rows and cells,
// styled numbers, a date, a boolean, a formula and Excel's _xHHHH_ escapes.
func otherTool(t testing.TB, sheet string) []byte { return otherToolWith(t, sheet, "/xl/strings.xml") }

// otherToolWith is otherTool with its shared strings at sst.
func otherToolWith(t testing.TB, sheet, sst string) []byte {
	return zipParts(t, [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"_rels/.rels", `<Relationships ` + relsNS + `><Relationship Id="R1" Type="` + relT + `officeDocument" Target="/xl/book.xml"/></Relationships>`},
		{"xl/book.xml", `<x:workbook ` + mainNS + ` ` + relNS + `><x:workbookPr/><x:sheets>` +
			`<x:sheet name="说明" sheetId="1" r:id="R9"/><x:sheet name="实施清单" sheetId="2" r:id="R2"/></x:sheets></x:workbook>`},
		{"xl/_rels/book.xml.rels", `<Relationships ` + relsNS + `>` +
			`<Relationship Id="R9" Type="` + relT + `worksheet" Target="/xl/sheets/readme.xml"/>` +
			`<Relationship Id="R2" Type="` + relT + `worksheet" Target="/xl/sheets/list.xml"/>` +
			`<Relationship Id="R3" Type="` + relT + `sharedStrings" Target="` + sst + `"/>` +
			`<Relationship Id="R4" Type="` + relT + `styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<x:styleSheet ` + mainNS + `><x:numFmts count="2">` +
			`<x:numFmt numFmtId="164" formatCode="0000"/><x:numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts>` +
			`<x:cellXfs count="5"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="14"/><x:xf numFmtId="165"/><x:xf numFmtId="4"/></x:cellXfs></x:styleSheet>`},
		{strings.TrimPrefix(sst, "/"), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x:sst ` + mainNS + ` count="4" uniqueCount="4">` +
			`<x:si><x:t>事项名称</x:t></x:si>` +
			`<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>结婚</x:t></x:r><x:r><x:t xml:space="preserve">登记 </x:t></x:r></x:si>` +
			`<x:si><x:t>户口簿</x:t><x:rPh sb="0" eb="3"><x:t>フコウボ</x:t></x:rPh></x:si>` +
			`<x:si><x:t>甲&amp;乙_x000D_丙_x005F_x0041_</x:t></x:si>` +
			`<x:si><x:t/></x:si></x:sst>`},
		{"xl/sheets/readme.xml", `<x:worksheet ` + mainNS + `><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>这不是清单</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`},
		{"xl/sheets/list.xml", sheet},
	})
}

const otherSheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
	`<x:worksheet ` + mainNS + `><x:dimension ref="A1:E7"/><x:sheetData>` +
	// no references at all: the cells follow one another from A
	`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>材料</x:t></x:r><x:r><x:t>名称</x:t></x:r></x:is></x:c></x:row>` +
	`<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" t="s"><x:v>2</x:v></x:c><x:c r="C2" t="s"><x:v>3</x:v></x:c></x:row>` +
	// row 3 is skipped; in row 4 C4 comes right after A4, B4 is an empty styled (merged) cell
	`<x:row r="4"><x:c r="A4"><x:v>20</x:v></x:c><x:c r="B4" s="1"/><x:c r="C4" s="1"><x:v>11</x:v></x:c><x:c r="E4" s="2"><x:v>45292</x:v></x:c></x:row>` +
	// a row without a reference follows row 4
	`<x:row><x:c r="A5"><x:v>1.5</x:v></x:c><x:c r="B5" t="b"><x:v>1</x:v></x:c><x:c r="C5" t="str"><x:f>A5*2</x:f><x:v>3</x:v></x:c>` +
	`<x:c r="D5" s="3"><x:v>45292.5</x:v></x:c><x:c r="E5" s="4"><x:v>1234.5</x:v></x:c></x:row>` +
	`<x:row r="6" spans="1:3"><x:c r="b6" t="inlineStr"><x:is><x:t>&lt;一&gt;<![CDATA[二&三]]></x:t></x:is></x:c><x:c r="C6" t="s"><x:v>4</x:v></x:c>` +
	`<x:c r="D6"><x:v>123456789012345678</x:v></x:c><x:c r="E6" s="2"><x:v>0.75</x:v></x:c></x:row>` +
	`<x:row r="7"/>` +
	`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B4:B5"/></x:mergeCells></x:worksheet>`

func readRows(t *testing.T, name string, b []byte) ([][]string, error) {
	t.Helper()
	next, done, err := xlsxRows(name, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	defer done()
	var out [][]string
	for {
		cells, err := next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, cells)
	}
}

func TestXLSXReaderReadsAnotherToolsWorkbook(t *testing.T) {
	got, err := readRows(t, "他表.xlsx", otherTool(t, otherSheet))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"事项名称", "材料名称"},
		{"结婚登记 ", "户口簿", "甲&乙\r丙_x0041_"},
		nil, // row 3 is not in the sheet
		{"20", "", "0011", "", "2024-01-01"},
		{"1.5", "TRUE", "3", "2024-01-01 12:00:00", "1234.5"},
		{"", "<一>二&三", ""},
		nil,
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		if i == 5 { // D6: a number of 18 digits, shown as General shows it; E6 a time alone
			if len(g) != 5 || g[3] != "1.23456789012346E+17" || g[4] != "18:00:00" {
				t.Errorf("row 6: %q", g)
			}
			g = g[:3]
		}
		if len(g) != len(want[i]) || (len(g) > 0 && !reflect.DeepEqual(g, want[i])) {
			t.Errorf("row %d = %q, want %q", i+1, g, want[i])
		}
	}
}

// Where excelize's own reader (the one this replaced) and this one should
// agree, they do: every cell but the dates, now shown ISO, and a number
// formatted #,##0.00, now shown as typed (excelize finds the shared
// strings only under their usual name, so they are there).
func TestXLSXReaderAgreesWithExcelize(t *testing.T) {
	b := otherToolWith(t, otherSheet, "/xl/sharedStrings.xml")
	got, err := readRows(t, "他表.xlsx", b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	it, err := f.Rows("实施清单")
	if err != nil {
		t.Fatal(err)
	}
	r := 0
	for ; it.Next(); r++ {
		want, err := it.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if r >= len(got) {
			t.Fatalf("excelize reads row %d (%q), this reader %d rows", r+1, want, len(got))
		}
		for c := range max(len(want), len(got[r])) {
			var w, g string
			if c < len(want) {
				w = want[c]
			}
			if c < len(got[r]) {
				g = got[r][c]
			}
			shown := (r == 3 && c == 4) || (r == 4 && c == 3) || (r == 4 && c == 4) || (r == 5 && c == 4)
			if w != g && !shown {
				t.Errorf("%s%d: %q, excelize %q", letters(c), r+1, g, w)
			}
		}
	}
	if r != len(got) {
		t.Errorf("excelize reads %d rows, this reader %d", r, len(got))
	}
}

// Broken references and indexes are refused naming the file, the sheet,
// the row and the column.
func TestXLSXReaderNamesWhereASheetIsBroken(t *testing.T) {
	for _, tc := range []struct{ row, want string }{
		{`<x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c><x:c r="B3" t="s"><x:v>99</x:v></x:c></x:row>`, "第 3 行 B 列：共享字符串编号 99 不存在"},
		{`<x:row r="3"><x:c r="D3" t="s"><x:v>abc</x:v></x:c></x:row>`, "第 3 行 D 列：共享字符串编号“abc”无效"},
		{`<x:row r="3"><x:c r="33"><x:v>1</x:v></x:c></x:row>`, "第 3 行无法读取：单元格引用“33”无效"},
		{`<x:row r="2000000"/>`, "第 1 行无法读取：行号“2000000”无效"},
	} {
		_, err := readRows(t, "坏表.xlsx", otherTool(t, `<x:worksheet `+mainNS+`><x:sheetData>`+tc.row+`</x:sheetData></x:worksheet>`))
		msg := hall.ErrorMessage(err)
		if err == nil || !strings.Contains(msg, "坏表.xlsx") || !strings.Contains(msg, "工作表“实施清单”") || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %v, want %q", tc.row, err, tc.want)
		}
	}
}

// A catalog as the other tool writes it: the header in shared strings, the
// type a number formatted 00, the limit a plain number, the further
// materials on rows holding only their own cells.
func TestXLSXCatalogWithNumbersAndSparseRows(t *testing.T) {
	head := append(strings.Split(hostile.Header, ","), "法定办结时限单位")
	var sst, sheet strings.Builder
	sst.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	strs := map[string]int{}
	str := func(s string) string {
		if _, ok := strs[s]; !ok {
			strs[s] = len(strs)
			sst.WriteString("<si><r><t>" + s[:len(s)/2] + "</t></r><r><t>" + s[len(s)/2:] + "</t></r></si>")
		}
		return itoa(strs[s])
	}
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
	for i, h := range head {
		sheet.WriteString(`<c r="` + letters(i) + `1" t="s"><v>` + str(h) + `</v></c>`)
	}
	sheet.WriteString(`</row><row r="2">` +
		`<c r="A2" t="s"><v>` + str("内地居民结婚登记") + `</v></c><c r="B2" t="s"><v>` + str("000104002000") + `</v></c>` +
		`<c r="C2" t="inlineStr"><is><t>11341122003132500K1000104002000</t></is></c><c r="D2" s="1"><v>7</v></c>` +
		`<c r="E2" t="s"><v>` + str("清河县民政局") + `</v></c><c r="F2"><v>20</v></c><c r="G2" t="s"><v>` + str("即办") + `</v></c>` +
		`<c r="H2" t="s"><v>` + str("居民身份证") + `</v></c><c r="I2" t="s"><v>` + str("工作日") + `</v></c></row>` +
		`<row r="3"><c r="H3" t="s"><v>` + str("户口簿") + `</v></c></row>` +
		`<row r="5"><c r="A5" s="1"/><c r="H5" t="inlineStr"><is><t>离婚协议书</t></is></c></row>` +
		`</sheetData></worksheet>`)
	sst.WriteString(`</sst>`)
	b := zipParts(t, [][2]string{
		{"_rels/.rels", `<Relationships ` + relsNS + `><Relationship Id="rId1" Type="` + relT + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` + relNS + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships ` + relsNS + `><Relationship Id="rId1" Type="` + relT + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + relT + `sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="` + relT + `styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="170" formatCode="00"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", sst.String()},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	})
	items, err := Parse("清单.xlsx", b)
	if err != nil {
		t.Fatal(err)
	}
	it := items[0]
	if len(items) != 1 || it.Name != "内地居民结婚登记" || it.BasicCode != "000104002000" || it.Type != "07" ||
		it.LegalLimit != (hall.Limit{Days: 20, Unit: hall.WorkingDays}) || !it.Instant() {
		t.Fatalf("%+v", items)
	}
	var names []string
	for _, m := range it.Materials {
		names = append(names, m.Name)
	}
	if !reflect.DeepEqual(names, []string{"居民身份证", "户口簿", "离婚协议书"}) {
		t.Errorf("materials %q", names)
	}
}

// A workbook excelize writes (as `yichuang-bench catalog generate` and the
// desk's export do) reads back as the same catalog as its CSV.
func TestXLSXWrittenByExcelizeReadsAsItsCSV(t *testing.T) {
	items := Synthetic(600, 3)
	dir := t.TempDir()
	for _, ext := range []string{".csv", ".xlsx"} {
		if err := WriteFile(filepath.Join(dir, "省"+ext), items); err != nil {
			t.Fatal(err)
		}
	}
	csv, err := ReadFile(filepath.Join(dir, "省.csv"))
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := ReadFile(filepath.Join(dir, "省.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(xlsx) != len(items) || !reflect.DeepEqual(xlsx, csv) {
		t.Fatalf("%d entries from the workbook, %d from the CSV; equal: %v", len(xlsx), len(csv), reflect.DeepEqual(xlsx, csv))
	}
}

// reportCPU reports the process's CPU time per op since c0: a shared
// machine stretches the wall clock.
func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric((cputime.Used()-c0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkXLSXRows reads the worksheet of a workbook of 20,000 synthetic
// entries as `yichuang-bench catalog generate` writes it (86 MB of sheet
// XML), row by row, checks included: this reader against excelize's row
// iterator, which it replaced.
//
//	go test -tags migrated_fynedo -run '^$' -bench XLSXRows -benchtime 3x ./catalog/catalogio
func BenchmarkXLSXRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "province.xlsx")
	if err := WriteFile(path, Synthetic(20000, 1)); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	z, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var sheetSize int64
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			sheetSize = int64(f.UncompressedSize64)
		}
	}
	count := func(b *testing.B, next rows) {
		n := 0
		for {
			cells, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(cells)
		}
		if n == 0 {
			b.Fatal("no cells")
		}
	}
	b.Run("gosax", func(b *testing.B) {
		b.SetBytes(sheetSize)
		defer reportCPU(b, cputime.Used())
		for range b.N {
			next, done, err := xlsxRows("province.xlsx", bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatal(err)
			}
			count(b, next)
			done()
		}
	})
	b.Run("excelize", func(b *testing.B) {
		b.SetBytes(sheetSize)
		defer reportCPU(b, cputime.Used())
		for range b.N {
			if _, err := checkZip("province.xlsx", bytes.NewReader(data), int64(len(data))); err != nil {
				b.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxXLSXTotal, UnzipXMLSizeLimit: 16 << 20})
			if err != nil {
				b.Fatal(err)
			}
			it, err := f.Rows("实施清单")
			if err != nil {
				b.Fatal(err)
			}
			count(b, func() ([]string, error) {
				if !it.Next() {
					return nil, io.EOF
				}
				return it.Columns()
			})
			it.Close()
			f.Close()
		}
	})
}

// A cell far to the right makes the row as wide as its reference says, so
// the column cap refuses it, without a cell being made for every column.
func TestXLSXWideRowIsRefusedByTheColumnCap(t *testing.T) {
	b := otherTool(t, `<x:worksheet `+mainNS+`><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>`+
		`<x:c r="XFD1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`)
	rows, err := readRows(t, "宽.xlsx", b)
	if err != nil || len(rows) != 1 || len(rows[0]) != MaxColumns+1 {
		t.Fatalf("%d rows, the first of %d cells, %v", len(rows), len(rows[0]), err)
	}
	_, err = Parse("宽.xlsx", b)
	if msg := hall.ErrorMessage(err); err == nil || !strings.Contains(msg, "宽.xlsx 第 1 行") || !strings.Contains(msg, "列的上限") {
		t.Fatalf("%v", err)
	}
}

// sample-openpyxl.xlsx is sample.csv as openpyxl 3.0 writes it: a second
// sheet, inline strings spelled as character references, absolute
// relationship targets, counts and the type as numbers (the type formatted
// 00), a title row, and each entry's cells merged over its material rows.
func TestSampleWrittenByOpenpyxlReadsAsTheCSV(t *testing.T) {
	csv, xlsx := read(t, "sample.csv"), read(t, "sample-openpyxl.xlsx")
	if !reflect.DeepEqual(xlsx, csv) {
		t.Errorf("sample-openpyxl.xlsx reads differently from sample.csv:\n%+v\n%+v", xlsx, csv)
	}
}

// A cell past MaxCell is refused by its row and column, as in a CSV; the
// reader keeps no more of it than the cap and one byte.
func TestXLSXLongCellIsRefusedByRowAndColumn(t *testing.T) {
	long := strings.Repeat("材", MaxCell/3+1)
	b := otherTool(t, `<x:worksheet `+mainNS+`><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>2</x:v></x:c></x:row>`+
		`<x:row r="2"><x:c r="H2" t="inlineStr"><x:is><x:t>`+long+long+`</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`)
	rows, err := readRows(t, "长格.xlsx", b)
	if err != nil || len(rows) != 2 || len(rows[1]) != 8 || len(rows[1][7]) != MaxCell+1 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	_, err = Parse("长格.xlsx", b)
	if msg := hall.ErrorMessage(err); err == nil || !strings.Contains(msg, "长格.xlsx 第 2 行 H 列") || !strings.Contains(msg, "KB") {
		t.Fatalf("%v", err)
	}
}
