package catalogio

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"yichuang/hall"
)

// A table is read a row at a time (rows): neither a CSV nor a worksheet is
// ever held whole, and each row is checked as it arrives (parseTable).

// rows yields the next row's cells, io.EOF after the last.
type rows func() ([]string, error)

// sniff is how much of a text file decides its encoding and separator.
const sniff = 1 << 20

// decoder turns a published text file into UTF-8 as it streams. Provinces
// publish UTF-8 (with or without BOM), GBK/GB18030 (what Excel writes on a
// Chinese Windows) and sometimes UTF-16 ("Unicode text"): the first MB
// decides. What is none of these is refused (each record is checked), never
// imported as mojibake.
func decoder(br *bufio.Reader) io.Reader {
	head, _ := br.Peek(sniff)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	}
	if len(head) == sniff { // the last rune may be cut
		for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
			if utf8.RuneStart(head[i]) {
				if !utf8.FullRune(head[i:]) {
					head = head[:i]
				}
				break
			}
		}
	}
	if utf8.Valid(head) {
		return br
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
}

func badEncoding(name string, line int) error {
	return hall.Errorf(hall.EInvalid, "文件 %s 第 %d 行：文字编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV", name, line)
}

// capped fails a read once more than max bytes came since the last reset:
// it bounds what csv.Reader buffers for one record.
type capped struct {
	r   io.Reader
	n   int
	max int
}

var errRecordTooLong = errors.New("record too long")

func (c *capped) Read(p []byte) (int, error) {
	if c.n > c.max {
		return 0, errRecordTooLong
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// csvRows streams a CSV (comma or tab separated).
func csvRows(name string, r io.Reader) rows {
	br := bufio.NewReaderSize(r, sniff)
	text := bufio.NewReaderSize(decoder(br), 64<<10)
	first, _ := text.Peek(64 << 10)
	first, _, _ = bytes.Cut(first, []byte("\n"))
	lim := &capped{r: text, max: MaxRecord}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1 // short rows are padded later; a ragged export is common
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		cr.Comma = '\t'
	}
	line := 0 // of the last record read
	return func() ([]string, error) {
		lim.n = 0
		rec, err := cr.Read()
		if err == nil && len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		} else {
			line++
		}
		switch {
		case errors.Is(err, io.EOF):
			return nil, io.EOF
		case errors.Is(err, errRecordTooLong):
			return nil, hall.Errorf(hall.EInvalid, "文件 %s 第 %d 行附近：一行超过 %d KB，不是事项目录（引号不配对？）", name, line, MaxRecord>>10)
		case err != nil:
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, hall.Errorf(hall.EInvalid, "文件 %s 第 %d 行 第 %d 列：CSV 格式错误（引号不配对？）", name, pe.Line, pe.Column)
			}
			return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 无法按 CSV 读取", name)
		}
		for _, c := range rec {
			if !utf8.ValidString(c) || strings.ContainsRune(c, utf8.RuneError) {
				return nil, badEncoding(name, line)
			}
		}
		return rec, nil
	}
}

// checkZip refuses a workbook whose parts would inflate past the caps, from
// the sizes its directory declares before anything is inflated;
// archive/zip holds each part to its declared size as it inflates (a part
// that inflates further is an error), so the declared sizes bind. The
// checked archive is returned for reading.
func checkZip(name string, r io.ReaderAt, size int64) (*zip.Reader, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 不是有效的 Excel（.xlsx）文件", name)
	}
	var total uint64
	for _, f := range z.File {
		u, c := f.UncompressedSize64, f.CompressedSize64
		total += u
		switch {
		case u > 1<<20 && u > MaxRatio*max(c, 1):
			return nil, hall.Errorf(hall.EInvalid, "文件 %s 的部件 %s 压缩比异常（%d 倍，上限 %d 倍），可能是“压缩炸弹”，未导入",
				name, f.Name, u/max(c, 1), MaxRatio)
		case u > MaxXLSXPart:
			return nil, hall.Errorf(hall.EInvalid, "文件 %s 的部件 %s 解压后有 %d MB，超过 %d MB 的上限，未导入", name, f.Name, u>>20, MaxXLSXPart>>20)
		case strings.EqualFold(f.Name, "xl/sharedStrings.xml") && u > MaxSharedStrings:
			return nil, hall.Errorf(hall.EInvalid, "文件 %s 的共享字符串表 %s 解压后有 %d MB，超过 %d MB 的上限，未导入", name, f.Name, u>>20, MaxSharedStrings>>20)
		case total > MaxXLSXTotal:
			return nil, hall.Errorf(hall.EInvalid, "文件 %s 解压后超过 %d MB 的上限，未导入", name, MaxXLSXTotal>>20)
		}
	}
	// Then each part is inflated once into nothing, to hold it to what the
	// directory says: archive/zip refuses a part that inflates past its
	// declared size or to other bytes (CRC), and the ratio is watched as it
	// goes. Only then is the workbook read (xlsx.go).
	for _, f := range z.File {
		if err := inflateCheck(f); err != nil {
			return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 的部件 %s 已损坏或与压缩目录不符（%v），不是有效的 Excel 文件，未导入", name, f.Name, err)
		}
	}
	return z, nil
}

// inflateCheck inflates a part, stopping at its declared size or when it
// inflates more than MaxRatio times what it has read.
func inflateCheck(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	buf := make([]byte, 256<<10)
	var n uint64
	for {
		k, err := rc.Read(buf)
		n += uint64(k)
		if n > f.UncompressedSize64 {
			return zip.ErrFormat
		}
		if n > 1<<20 && n > MaxRatio*max(f.CompressedSize64, 1) {
			return errors.New("压缩比异常")
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func rowErr(name string, row int, what string) error {
	return hall.Errorf(hall.EInvalid, "文件 %s 第 %s 行：%s，未导入任何事项", name, strconv.Itoa(row), what)
}
