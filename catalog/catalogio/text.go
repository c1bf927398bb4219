package catalogio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"yichuang/hall"
)

// decodeText turns a published text file into UTF-8. Provinces publish
// UTF-8 (with or without BOM), GBK/GB18030 (what Excel writes on a
// Chinese Windows) and sometimes UTF-16 ("Unicode text"); what is none of
// these is refused, never imported as mojibake.
func decodeText(name string, b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder(), b)
		if err != nil || !utf8.Valid(out) {
			return "", badEncoding(name)
		}
		return string(out), nil
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", badEncoding(name)
	}
	return string(out), nil
}

func badEncoding(name string) error {
	return hall.Errorf(hall.EInvalid, "文件 %s 的文字编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV", name)
}

// readCSV reads a CSV (comma or tab separated) into rows of cells.
func readCSV(name string, b []byte) ([][]string, error) {
	text, err := decodeText(name, b)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewBufferString(text))
	r.FieldsPerRecord = -1 // short rows are padded later; a ragged export is common
	r.LazyQuotes = true
	if first, _, _ := bytes.Cut([]byte(text), []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, hall.Errorf(hall.EInvalid, "文件 %s 第 %d 行 第 %d 列：CSV 格式错误（引号不配对？）", name, pe.Line, pe.Column)
			}
			return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 无法按 CSV 读取", name)
		}
		rows = append(rows, rec)
	}
}

// readXLSX reads the first worksheet of a workbook, or the one named
// 实施清单 or 事项 when there is one.
func readXLSX(name string, b []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 不是有效的 Excel（.xlsx）文件", name)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, hall.Errorf(hall.EInvalid, "文件 %s 中没有工作表", name)
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == "实施清单" || s == "事项" {
			sheet = s
		}
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "文件 %s 的工作表“%s”无法读取", name, sheet)
	}
	return rows, nil
}
