package catalogio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/orisano/gosax"
	"github.com/xuri/excelize/v2"

	"yichuang/hall"
)

// A workbook is read from its zip parts directly (docs/adr/0025): the
// package's relationships lead to the workbook, its sheets, shared strings
// and styles; the workbook, relationships and styles are small and decoded
// whole; the shared strings are read once into one block of text; the
// chosen worksheet is tokenized as it inflates (gosax) and handed on a row
// at a time. Only what a catalog needs is read: cell values, as Excel shows
// them for the number formats a list uses.

// maxRow is the last row a worksheet may have (Excel's limit).
const maxRow = 1 << 20

// book is what reading a worksheet needs of its workbook.
type book struct {
	name     string // the file's, for messages
	parts    map[string]*zip.File
	sst      sharedStrings
	formats  []numFormat // by cell style (the s attribute)
	date1904 bool
}

// xlsxRows streams the first worksheet of a workbook, or the one named
// 实施清单 or 事项 when there is one; close releases the worksheet.
func xlsxRows(name string, r io.ReaderAt, size int64) (rows, func(), error) {
	z, err := checkZip(name, r, size)
	if err != nil {
		return nil, nil, err
	}
	b := &book{name: name, parts: map[string]*zip.File{}}
	for _, f := range z.File {
		b.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	sheet, part, err := b.open()
	if err != nil {
		return nil, nil, err
	}
	rc, err := part.Open()
	if err != nil {
		return nil, nil, hall.Wrap(hall.EInvalid, err, "文件 %s 的工作表“%s”无法读取", name, sheet)
	}
	s := &sheetReader{book: b, sheet: sheet, x: gosax.NewReaderSize(rc, 256<<10)}
	s.x.EmitSelfClosingTag = true
	return s.next, func() { rc.Close() }, nil
}

// notExcel is the refusal of a file that is a zip but no workbook.
func (b *book) notExcel(what string) error {
	return hall.Errorf(hall.EInvalid, "文件 %s 不是有效的 Excel（.xlsx）文件：%s", b.name, what)
}

// open follows the package's relationships to the workbook and picks the
// worksheet to read; it loads the shared strings and styles on the way.
func (b *book) open() (string, *zip.File, error) {
	wbPath := "xl/workbook.xml"
	var root relationships
	if err := b.decode("_rels/.rels", &root); err == nil {
		if t := root.target("", "/officeDocument"); t != "" {
			wbPath = t
		}
	}
	var wb struct {
		Pr struct {
			Date1904 bool `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decode(wbPath, &wb); err != nil {
		return "", nil, err
	}
	if len(wb.Sheets) == 0 {
		return "", nil, hall.Errorf(hall.EInvalid, "文件 %s 中没有工作表", b.name)
	}
	b.date1904 = wb.Pr.Date1904
	dir := path.Dir(wbPath)
	var rels relationships
	if err := b.decode(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels); err != nil {
		return "", nil, err
	}
	pick := 0
	for i, s := range wb.Sheets {
		if s.Name == "实施清单" || s.Name == "事项" {
			pick = i
		}
	}
	sheet, id := wb.Sheets[pick].Name, ""
	for _, a := range wb.Sheets[pick].Attrs {
		if a.Name.Local == "id" {
			id = a.Value
		}
	}
	part := b.parts[strings.ToLower(rels.byID(dir, id))]
	if part == nil {
		return "", nil, hall.Errorf(hall.EInvalid, "文件 %s 的工作表“%s”无法读取：找不到它的部件", b.name, sheet)
	}
	if err := b.loadStyles(rels.target(dir, "/styles")); err != nil {
		return "", nil, err
	}
	sst := rels.target(dir, "/sharedStrings")
	if sst == "" && b.parts["xl/sharedstrings.xml"] != nil {
		sst = "xl/sharedStrings.xml"
	}
	if sst != "" {
		if err := b.loadStrings(sst); err != nil {
			return "", nil, err
		}
	}
	return sheet, part, nil
}

// relationships is a part's _rels file.
type relationships struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// resolve makes a relationship's target a part name: relative to the
// directory of the part the relationships are of, or absolute.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(dir, target))
}

func (rs relationships) byID(dir, id string) string {
	for _, r := range rs.Rel {
		if r.ID == id && r.Mode != "External" {
			return resolve(dir, r.Target)
		}
	}
	return ""
}

// target is the part of the first relationship whose type ends in kind
// (transitional and strict namespaces differ before it).
func (rs relationships) target(dir, kind string) string {
	for _, r := range rs.Rel {
		if strings.HasSuffix(r.Type, kind) && r.Mode != "External" {
			return resolve(dir, r.Target)
		}
	}
	return ""
}

// decode reads a small part whole (at most MaxXLSXMeta) into v.
func (b *book) decode(name string, v any) error {
	f := b.parts[strings.ToLower(name)]
	if f == nil {
		return b.notExcel("缺少部件 " + name)
	}
	if f.UncompressedSize64 > MaxXLSXMeta {
		return hall.Errorf(hall.EInvalid, "文件 %s 的部件 %s 解压后有 %d MB，超过 %d MB 的上限，未导入", b.name, f.Name, f.UncompressedSize64>>20, MaxXLSXMeta>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return b.notExcel(f.Name + " 无法解压")
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return b.notExcel(f.Name + " 格式错误")
	}
	return nil
}

// sharedStrings is the workbook's string table in one block of text:
// string i is text[end[i-1]:end[i]].
type sharedStrings struct {
	text []byte
	end  []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.end) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.end[i-1]
	}
	return string(s.text[start:s.end[i]]), true
}

// loadStrings reads the shared string table: each <si>'s text, its rich
// text runs joined, phonetic readings (<rPh>) left out. The part is capped
// (MaxSharedStrings) before it is read, so the table is too.
func (b *book) loadStrings(name string) error {
	f := b.parts[strings.ToLower(name)]
	if f == nil {
		return nil // a workbook of numbers and inline strings has none
	}
	if f.UncompressedSize64 > MaxSharedStrings { // checkZip knows it by its usual name only
		return hall.Errorf(hall.EInvalid, "文件 %s 的共享字符串表 %s 解压后有 %d MB，超过 %d MB 的上限，未导入", b.name, f.Name, f.UncompressedSize64>>20, MaxSharedStrings>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return b.notExcel(f.Name + " 无法解压")
	}
	defer rc.Close()
	x := gosax.NewReaderSize(rc, 64<<10)
	x.EmitSelfClosingTag = true
	b.sst.text = make([]byte, 0, min(int(f.UncompressedSize64/2), MaxSharedStrings))
	var t runText
	for {
		e, err := x.Event()
		if err != nil {
			return b.notExcel(f.Name + " 格式错误")
		}
		switch e.Type() {
		case gosax.EventEOF:
			return nil
		case gosax.EventStart:
			switch name, _ := local(e.Bytes); string(name) {
			case "si":
				t.reset()
			default:
				t.start(name)
			}
		case gosax.EventEnd:
			if name, _ := local(e.Bytes); string(name) != "si" {
				t.end(name)
				continue
			}
			b.sst.text = append(b.sst.text, unescapeBSTR(t.buf)...)
			b.sst.end = append(b.sst.end, uint32(len(b.sst.text)))
		case gosax.EventText, gosax.EventCData:
			if err := t.add(e); err != nil {
				return b.notExcel(f.Name + " 格式错误")
			}
		}
	}
}

// runText gathers the text of a string item (<si>, or a cell's <is>): its <t>
// and each run's <t>, not the phonetic reading's. It keeps at most
// MaxCell+1 bytes: a longer cell is refused by checkRow anyway.
type runText struct {
	buf      []byte
	in, ruby bool
}

func (t *runText) reset() { t.buf, t.in, t.ruby = t.buf[:0], false, false }

func (t *runText) start(name []byte) {
	switch string(name) {
	case "t":
		t.in = !t.ruby
	case "rPh":
		t.ruby = true
	}
}

func (t *runText) end(name []byte) {
	switch string(name) {
	case "t":
		t.in = false
	case "rPh":
		t.ruby = false
	}
}

func (t *runText) add(e gosax.Event) error {
	if !t.in {
		return nil
	}
	return appendText(&t.buf, e)
}

// appendText adds a text or CDATA event to buf, unescaped, up to MaxCell+1
// bytes.
func appendText(buf *[]byte, e gosax.Event) error {
	b := e.Bytes
	if e.Type() == gosax.EventCData {
		b = b[len("<![CDATA[") : len(b)-len("]]>")]
	} else {
		var err error
		if b, err = gosax.Unescape(b); err != nil {
			return err
		}
	}
	if room := MaxCell + 1 - len(*buf); len(b) > room {
		b = b[:max(room, 0)]
	}
	*buf = append(*buf, b...)
	return nil
}

// unescapeBSTR decodes the _xHHHH_ escapes Excel writes for characters
// XML cannot hold (_x000D_ for a carriage return; _x005F_ for "_").
func unescapeBSTR(b []byte) []byte {
	if !bytes.Contains(b, []byte("_x")) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' {
			if r, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(r))
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// local is a tag's element name without its namespace prefix (some tools
// write <x:row>), and the tag's attributes.
func local(tag []byte) ([]byte, []byte) {
	name, attrs := gosax.Name(tag)
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name, attrs
}

// sheetReader hands on a worksheet's rows in order, an empty row for each
// row number the sheet skips, so row numbers in messages are the sheet's.
type sheetReader struct {
	*book
	width int // the most cells a row had so far
	sheet string
	x     *gosax.Reader
	row   int      // the number of the last row handed on
	ahead []string // a row read while the rows before it are handed on empty
	at    int      // ahead's number, 0 when none
	done  bool
	cell  cellValue
}

func (s *sheetReader) next() ([]string, error) {
	if s.at == 0 && !s.done {
		cells, at, err := s.readRow()
		if err != nil {
			return nil, err
		}
		s.ahead, s.at = cells, at
	}
	switch {
	case s.at == 0:
		return nil, io.EOF
	case s.at > s.row+1:
		s.row++
		return nil, nil
	}
	s.row, s.at = s.at, 0
	return s.ahead, nil
}

func (s *sheetReader) broken(row int, what string) error {
	return hall.Errorf(hall.EInvalid, "文件 %s 的工作表“%s”第 %d 行无法读取：%s", s.name, s.sheet, row, what)
}

// readRow reads the next <row> and its number; 0 at the end of the sheet.
// Missing cells (C5 right after A5) are empty; a row past MaxColumns is
// cut at MaxColumns+1 cells, for checkRow to refuse.
func (s *sheetReader) readRow() ([]string, int, error) {
	var (
		cells []string
		num   int
		col   int // of the cell being read, from 1
		in    bool
	)
	for {
		e, err := s.x.Event()
		if err != nil {
			return nil, 0, s.broken(max(num, s.row+1), "XML 格式错误")
		}
		switch e.Type() {
		case gosax.EventEOF:
			if in {
				return nil, 0, s.broken(num, "工作表在这一行中途结束")
			}
			s.done = true
			return nil, 0, nil
		case gosax.EventStart:
			name, attrs := local(e.Bytes)
			switch {
			case string(name) == "row":
				in, num = true, s.row+1
				cells = make([]string, 0, s.width)
				if r := attr(attrs, "r"); r != nil {
					n, err := strconv.Atoi(string(r))
					if err != nil || n < 1 || n > maxRow {
						return nil, 0, s.broken(num, "行号“"+string(r)+"”无效")
					}
					num = max(n, s.row+1)
				}
			case !in:
			case string(name) == "c":
				col++
				if r := s.cell.start(attrs); r != nil {
					c, ok := refColumn(r)
					if !ok {
						return nil, 0, s.broken(num, "单元格引用“"+string(r)+"”无效")
					}
					col = c
				}
			default:
				s.cell.open(name)
			}
		case gosax.EventEnd:
			name, _ := local(e.Bytes)
			switch string(name) {
			case "row":
				s.width = max(s.width, len(cells))
				return cells, num, nil
			case "c":
				v, err := s.value(&s.cell)
				if err != nil {
					return nil, 0, hall.Errorf(hall.EInvalid, "文件 %s 的工作表“%s”第 %d 行 %s 列：%s", s.name, s.sheet, num, letters(col-1), err.Error())
				}
				if v == "" {
					continue
				}
				if col > MaxColumns {
					col = MaxColumns + 1
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				cells[col-1] = v
			case "sheetData":
				s.done = true
				return nil, 0, nil
			default:
				s.cell.close(name)
			}
		case gosax.EventText, gosax.EventCData:
			if err := s.cell.add(e); err != nil {
				return nil, 0, s.broken(num, "XML 格式错误")
			}
		}
	}
}

// attr is the value of a tag's attribute key, nil when it has none.
func attr(attrs []byte, key string) []byte {
	for len(attrs) > 0 {
		a, rest, err := gosax.NextAttribute(attrs)
		if err != nil || a.Key == nil {
			return nil
		}
		if string(a.Key) == key && len(a.Value) >= 2 {
			return a.Value[1 : len(a.Value)-1]
		}
		attrs = rest
	}
	return nil
}

// refColumn reads the column of a cell reference ("C5" is 3).
func refColumn(ref []byte) (int, bool) {
	c, i := 0, 0
	for ; i < len(ref) && (ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z'); i++ {
		c = c*26 + int(ref[i]|0x20-'a') + 1
		if c > 1<<14 {
			return 0, false
		}
	}
	return c, i > 0 && i < len(ref)
}

// cellValue is the <c> being read: its type, style, <v> and inline <is>.
type cellValue struct {
	typ      string
	style    int
	v        []byte
	inV      bool
	is       runText
	isInline bool
}

// start begins a cell from its tag's attributes, read in one pass; it
// returns the cell's reference, nil when it has none.
func (c *cellValue) start(attrs []byte) (ref []byte) {
	c.typ, c.style = "", 0
	c.v, c.inV = c.v[:0], false
	c.is.reset()
	c.isInline = false
	for len(attrs) > 0 {
		a, rest, err := gosax.NextAttribute(attrs)
		if err != nil || a.Key == nil || len(a.Value) < 2 {
			break
		}
		v := a.Value[1 : len(a.Value)-1]
		switch string(a.Key) {
		case "r":
			ref = v
		case "t":
			c.typ = cellTypes[string(v)]
			if c.typ == "" {
				c.typ = string(v)
			}
		case "s":
			c.style, _ = strconv.Atoi(string(v))
		}
		attrs = rest
	}
	return ref
}

// cellTypes interns the t attribute's usual values.
var cellTypes = map[string]string{"s": "s", "inlineStr": "inlineStr", "str": "str", "n": "n", "b": "b", "e": "e", "d": "d"}

func (c *cellValue) open(name []byte) {
	switch string(name) {
	case "v":
		c.inV = true
	case "is":
		c.isInline = true
	default:
		if c.isInline {
			c.is.start(name)
		}
	}
}

func (c *cellValue) close(name []byte) {
	switch string(name) {
	case "v":
		c.inV = false
	case "is":
		c.isInline = false
	default:
		c.is.end(name)
	}
}

func (c *cellValue) add(e gosax.Event) error {
	switch {
	case c.inV:
		return appendText(&c.v, e)
	case c.isInline:
		return c.is.add(e)
	}
	return nil
}

// value is what a cell shows, as excelize's row iterator gave it (which
// this reader replaced): strings as written, booleans TRUE and FALSE,
// numbers by their format (see numFormat).
func (b *book) value(c *cellValue) (string, error) {
	switch c.typ {
	case "s":
		if len(c.v) == 0 {
			return "", nil
		}
		i, err := strconv.Atoi(string(bytes.TrimSpace(c.v)))
		if err != nil {
			return "", errors.New("共享字符串编号“" + string(c.v) + "”无效")
		}
		s, ok := b.sst.get(i)
		if !ok {
			return "", fmt.Errorf("共享字符串编号 %d 不存在（共 %d 个），文件已损坏", i, len(b.sst.end))
		}
		return s, nil
	case "inlineStr":
		if len(c.is.buf) == 0 {
			return string(c.v), nil
		}
		return string(unescapeBSTR(c.is.buf)), nil
	case "str", "e", "d":
		return string(c.v), nil
	case "b":
		switch string(c.v) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return string(c.v), nil
	}
	if len(c.v) == 0 {
		return "", nil
	}
	f := numFormat{}
	if c.style > 0 && c.style < len(b.formats) {
		f = b.formats[c.style]
	}
	return f.show(string(c.v), b.date1904), nil
}

// numFormat is how a number cell is shown: as Excel's General format does
// (what was typed), zero-padded to a width ("0000", the way a code such as
// 0011 is kept in a number cell), or as a date (ISO: 2024-03-01, with the
// time when it has one; a time alone as 12:00:00). Other formats
// (thousands separators, decimals, currency, percentages) show the number
// as General does: a catalog reads counts and days, not amounts.
type numFormat struct {
	pad  int
	date bool
}

func (f numFormat) show(v string, date1904 bool) string {
	if strings.Contains(v, "_") {
		return v
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	if f.date {
		t, err := excelize.ExcelDateToTime(n, date1904)
		if err != nil {
			return v
		}
		switch {
		case n < 1: // a time of day alone
			return t.Format("15:04:05")
		case t.Sub(t.Truncate(24*time.Hour)) == 0:
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04:05")
	}
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if len(s)-strings.Count(s, ".") > 15 && !withinPrecision(v) {
		s = strconv.FormatFloat(n, 'G', 15, 64)
	}
	if f.pad > 0 && n >= 0 && n == float64(int64(n)) && len(s) < f.pad {
		s = strings.Repeat("0", f.pad-len(s)) + s
	}
	return s
}

// withinPrecision tells an integer that holds at most 15 significant
// digits before its trailing zeros (shown whole, as Excel does).
func withinPrecision(v string) bool {
	if strings.ContainsAny(v, ".Ee") {
		return false
	}
	v = strings.TrimLeft(v, "+-0")
	return len(strings.TrimRight(v, "0")) <= 15
}

// loadStyles reads each cell style's number format.
func (b *book) loadStyles(name string) error {
	if name == "" || b.parts[strings.ToLower(name)] == nil {
		return nil
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.decode(name, &st); err != nil {
		return err
	}
	codes := map[int]string{}
	for _, f := range st.NumFmts {
		codes[f.ID] = f.Code
	}
	b.formats = make([]numFormat, len(st.Xfs))
	for i, xf := range st.Xfs {
		b.formats[i] = formatOf(xf.NumFmt, codes)
	}
	return nil
}

// formatOf classifies a number format: the built-in date formats (14–22,
// 45–47, and 27–36, 50–58 of the Chinese locales), a custom code that
// holds a date or time part, and a custom code of zeros alone.
func formatOf(id int, codes map[int]string) numFormat {
	code, custom := codes[id]
	if !custom {
		switch {
		case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
			return numFormat{date: true}
		}
		return numFormat{}
	}
	if code != "" && strings.Trim(code, "0") == "" {
		return numFormat{pad: len(code)}
	}
	// Quoted text, escapes and [colour]/[$-804] sections are not date parts.
	var plain strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch ch := code[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '[':
			bracket = true
		case ch == ']':
			bracket = false
		case bracket:
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == ';':
			i = len(code) // the first section decides
		default:
			plain.WriteByte(ch)
		}
	}
	p := strings.ToLower(plain.String())
	return numFormat{date: strings.ContainsAny(p, "ymdhs") && !strings.Contains(p, "general")}
}
