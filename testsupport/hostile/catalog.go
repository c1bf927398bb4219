// Package hostile writes the catalog files an attacker (or a broken
// export) hands a desk: an XLSX that inflates a thousand times, a shared-
// string table that does, a CSV of hundreds of MB. Tests generate them on
// the fly instead of keeping big files in the repository.
package hostile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
)

// Header is a province's table header with the columns a valid entry needs.
const Header = "事项名称,基本编码,实施编码,事项类型,实施主体,法定办结时限,承诺办结时限,材料名称"

// Row is a valid entry row of Header; i makes its codes unique.
func Row(i int) []string {
	code := fmt.Sprintf("11341122003132500K10001%08d", i)
	return []string{"内地居民结婚登记", fmt.Sprintf("%012d", i), code, "07", "清河县民政局", "1个工作日", "即办", "居民身份证"}
}

// CSV writes a valid catalog of about size bytes: Header and then rows of
// distinct entries, each with a long 材料名称 so few rows make many bytes.
func CSV(w io.Writer, size int64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	n, _ := bw.WriteString(Header + "\r\n")
	total := int64(n)
	for i := 0; total < size; i++ {
		r := Row(i)
		r[7] = "居民身份证" + strings.Repeat("复印件", 80)
		n, err := bw.WriteString(strings.Join(r, ",") + "\r\n")
		if err != nil {
			return err
		}
		total += int64(n)
	}
	return bw.Flush()
}

// CSVEntries writes a valid catalog of n distinct entries.
func CSVEntries(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(Header + "\r\n")
	for i := 0; i < n; i++ {
		if _, err := bw.WriteString(strings.Join(Row(i), ",") + "\r\n"); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// LyingXLSX writes a workbook whose directory declares its sheet 1 KB
// while the sheet inflates to size bytes.
func LyingXLSX(w io.Writer, size int) error {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write([]byte(sheetHead + inlineRow(strings.Split(Header, ","))))
	row := inlineRow(Row(1))
	for n := 0; n < size; n += len(row) {
		fw.Write([]byte(row))
	}
	fw.Write([]byte(sheetTail))
	fw.Close()
	z := newZip(w)
	raw, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1024, CRC32: 0})
	if err != nil {
		return err
	}
	if _, err := raw.Write(packed.Bytes()); err != nil {
		return err
	}
	return z.finish(nil)
}

// XLSXBomb writes a workbook whose one sheet is the header and the same
// entry row repeated rows times: each repeat reads as one more material of
// the same entry, and deflate packs them a thousand to one (two million
// rows: about 2 MB on disk, 1.5 GB inflated).
func XLSXBomb(w io.Writer, rows int) error {
	z := newZip(w)
	sheet, err := z.create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(sheet, 1<<20)
	bw.WriteString(sheetHead)
	bw.WriteString(inlineRow(strings.Split(Header, ",")))
	row := inlineRow(Row(1))
	for i := 0; i < rows; i++ {
		bw.WriteString(row)
	}
	bw.WriteString(sheetTail)
	if err := bw.Flush(); err != nil {
		return err
	}
	return z.finish(nil)
}

// SharedStringsBomb writes a workbook of one valid entry whose shared
// string table also holds n copies of a 1 KB string (n = 300,000: about
// 300 MB inflated from under a megabyte).
func SharedStringsBomb(w io.Writer, n int) error {
	z := newZip(w)
	sheet, err := z.create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	head, row := strings.Split(Header, ","), Row(1)
	fmt.Fprint(sheet, sheetHead+sharedRow(1, 0, len(head))+sharedRow(2, len(head), len(row))+sheetTail)
	return z.finish(func(sst io.Writer) error {
		bw := bufio.NewWriterSize(sst, 1<<20)
		fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`,
			len(head)+len(row)+n, len(head)+len(row)+n)
		for _, s := range append(head, row...) {
			bw.WriteString("<si><t>" + s + "</t></si>")
		}
		filler := "<si><t>" + strings.Repeat("材", 340) + "</t></si>"
		for i := 0; i < n; i++ {
			bw.WriteString(filler)
		}
		bw.WriteString("</sst>")
		return bw.Flush()
	})
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

func inlineRow(cells []string) string {
	var b strings.Builder
	b.WriteString("<row>")
	for _, c := range cells {
		b.WriteString(`<c t="inlineStr"><is><t>` + c + `</t></is></c>`)
	}
	b.WriteString("</row>")
	return b.String()
}

func sharedRow(r, first, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+i, r, first+i)
	}
	b.WriteString("</row>")
	return b.String()
}

type zipper struct{ *zip.Writer }

func newZip(w io.Writer) zipper {
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	return zipper{z}
}

func (z zipper) create(name string) (io.Writer, error) {
	return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
}

// finish writes the package's other parts; sst, when given, writes
// xl/sharedStrings.xml.
func (z zipper) finish(sst func(io.Writer) error) error {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="实施清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`</Relationships>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, err := z.create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			return err
		}
	}
	if sst == nil {
		sst = func(w io.Writer) error {
			_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
				`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>`)
			return err
		}
	}
	w, err := z.create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	if err := sst(w); err != nil {
		return err
	}
	return z.Close()
}
