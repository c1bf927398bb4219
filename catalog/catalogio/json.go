package catalogio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	gojson "github.com/goccy/go-json"

	"yichuang/hall"
)

// parseJSON reads the project's format: an array of hall.Item
// (assets/catalog/demo.json), as it streams. Each entry is taken as raw
// bytes (which checks the JSON's syntax), then a chunk of entries is
// decoded on every core: encoding/json runs at some tens of MB/s and a
// province's catalog is hundreds of MB. An error names the entry and its
// line; unknown fields are refused so a typo never loses data silently.
func parseJSON(name string, r source, limit int64, emit emitter) error {
	br := bufio.NewReaderSize(limitReader(r, limit), 1<<20)
	var base int64
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		base = 3
	}
	lines := &lineIndex{r: r}
	sp := &splitter{br: br, off: base}
	if c, err := sp.skipBlank(); err != nil || c != '[' {
		return hall.Errorf(hall.EInvalid, "文件 %s 不是事项目录：JSON 事项目录应是一个以 [ 开头的事项数组", name)
	}
	sp.br.ReadByte()
	sp.off++
	var (
		ps    problems
		raws  []json.RawMessage
		pos   []position
		entry int
	)
	flush := func() error {
		items, errs := decodeAll(raws)
		for i, err := range errs {
			if err != nil {
				ps.add(pos[i].at(""), jsonMessage(err))
			}
		}
		var err error
		if ps.empty() && len(items) > 0 {
			err = emit(items, pos)
		}
		raws, pos = nil, nil
		return err
	}
	for {
		c, err := sp.skipBlank()
		if err == nil && entry > 0 {
			switch c {
			case ',':
				sp.br.ReadByte()
				sp.off++
				if c, err = sp.skipBlank(); err == nil && c == ']' {
					err = errTrailingComma
				}
			case ']':
			default:
				err = errNoComma
			}
		}
		if errors.Is(err, io.EOF) {
			err = errNoComma
		}
		if err == nil && c == ']' {
			break
		}
		p := position{entry: entry + 1, off: sp.off, lines: lines}
		if err != nil {
			ps.add(p.at(""), splitMessage(err))
			return ps.err(name)
		}
		if entry++; entry > MaxEntries {
			ps.add(p.at(""), "事项超过 "+strconv.Itoa(MaxEntries)+" 项的上限")
			return ps.err(name)
		}
		raw, err := sp.value()
		if err != nil {
			ps.add(p.at(""), splitMessage(err))
			return ps.err(name)
		}
		raws, pos = append(raws, raw), append(pos, p)
		if len(raws) == chunkSize {
			if err := flush(); err != nil {
				return err
			}
			if ps.more > 0 {
				return ps.err(name)
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if !ps.empty() {
		return ps.err(name)
	}
	return nil
}

// splitter cuts a JSON array into its elements' raw bytes as the file
// streams, tracking only strings and nesting: encoding/json's scanner would
// check every byte once here and again when the entry is decoded (on every
// core, decodeAll), which is where a syntax error is then found and named.
type splitter struct {
	br  *bufio.Reader
	off int64 // of the next byte
}

var (
	errNoComma       = errors.New("事项之间缺少逗号，或数组没有以 ] 结束")
	errTrailingComma = errors.New("最后一项之后多了逗号")
	errIncomplete    = errors.New("JSON 文件不完整（在事项中间结束）")
	errTooBig        = errors.New("本项超过 " + strconv.Itoa(MaxRecord>>10) + " KB 的上限")
)

func splitMessage(err error) string {
	switch {
	case errors.Is(err, errNoComma), errors.Is(err, errTrailingComma):
		return "JSON 格式错误：" + err.Error()
	case errors.Is(err, errIncomplete), errors.Is(err, errTooBig):
		return err.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errIncomplete.Error()
	}
	return "无法读取：" + err.Error()
}

// skipBlank skips white space and returns the next byte, unread.
func (s *splitter) skipBlank() (byte, error) {
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			s.off++
			continue
		}
		s.br.UnreadByte()
		return c, nil
	}
}

// value reads one element: an object or an array to its closing bracket,
// a string to its closing quote, a literal to the next delimiter. Its
// syntax is checked when it is decoded. The bytes are scanned where the
// reader buffers them, a buffer at a time.
func (s *splitter) value() (json.RawMessage, error) {
	var out []byte
	depth, inString, escaped := 0, false, false
	first := byte(0)
	for {
		if _, err := s.br.Peek(1); err != nil {
			if errors.Is(err, io.EOF) && first != 0 && first != '{' && first != '[' && first != '"' {
				return out, nil // a literal at the very end: decoding names it
			}
			return nil, errIncomplete
		}
		buf, _ := s.br.Peek(s.br.Buffered())
		if first == 0 {
			first = buf[0]
		}
		end := -1 // the element ends after buf[end]; -2: before buf[i] (a literal's delimiter)
		i := 0
	scan:
		for ; i < len(buf); i++ {
			c := buf[i]
			switch {
			case escaped:
				escaped = false
			case inString:
				switch c {
				case '\\':
					escaped = true
				case '"':
					inString = false
					if depth == 0 {
						end = i
						break scan
					}
				}
			case first != '{' && first != '[' && first != '"':
				if c == ',' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
					end = -2
					break scan
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				if depth--; depth == 0 {
					end = i
					break scan
				}
			}
		}
		n := i
		if end >= 0 {
			n = end + 1
		}
		if len(out)+n > MaxRecord {
			return nil, errTooBig
		}
		out = append(out, buf[:n]...)
		s.br.Discard(n)
		s.off += int64(n)
		if end != -1 {
			return out, nil
		}
	}
}

// decodeItem decodes one entry, refusing unknown fields, with goccy/go-json:
// it decodes what encoding/json does (TestDecodeAgreesWithEncodingJSON) five
// times as fast, and decoding was a province's import's largest cost. An
// entry it refuses is decoded again by encoding/json, whose errors name the
// field as the file spells it (jsonMessage).
func decodeItem(raw []byte, it *hall.Item) error {
	dec := gojson.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(it)
	if err == nil {
		return nil
	}
	*it = hall.Item{}
	std := json.NewDecoder(bytes.NewReader(raw))
	std.DisallowUnknownFields()
	if serr := std.Decode(it); serr != nil {
		return serr
	}
	return err
}

// decodeAll decodes raw entries on every core.
func decodeAll(raws []json.RawMessage) ([]hall.Item, []error) {
	items := make([]hall.Item, len(raws))
	errs := make([]error, len(raws))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(raws); i += workers {
				errs[i] = decodeItem(raws[i], &items[i])
			}
		}()
	}
	wg.Wait()
	return items, errs
}

// lineIndex finds the line of a byte offset, only when a message needs it,
// by counting from the start (or from the last offset asked, going on).
type lineIndex struct {
	r         io.ReaderAt
	off, line int64
}

// lineAt is the line of the first byte at or after off that is not blank
// or a comma (where an entry starts).
func (l *lineIndex) lineAt(off int64) int {
	if off < l.off || l.line == 0 {
		l.off, l.line = 0, 1
	}
	buf := make([]byte, 64<<10)
	for l.off < off {
		n, err := l.r.ReadAt(buf[:min(int64(len(buf)), off-l.off)], l.off)
		l.line += int64(bytes.Count(buf[:n], []byte("\n")))
		l.off += int64(n)
		if err != nil || n == 0 {
			return int(l.line)
		}
	}
	line, at := l.line, off
	for {
		n, err := l.r.ReadAt(buf[:4096], at)
		for _, c := range buf[:n] {
			switch c {
			case '\n':
				line++
			case ' ', '\t', '\r', ',':
			default:
				return int(line)
			}
		}
		at += int64(n)
		if err != nil || n == 0 {
			return int(line)
		}
	}
}

// jsonMessage says in Chinese what the decoder found wrong.
func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "JSON 格式错误（本项第 " + strconv.FormatInt(se.Offset, 10) + " 字节附近）"
	case errors.As(err, &te):
		return "字段“" + te.Field + "”的类型错误：应为" + jsonKind(te.Type.Kind().String()) + "，文件中是" + te.Value
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return "未知字段“" + f + "”（字段名拼写错误？）"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "JSON 格式错误：本项不完整"
	}
	return "无法读取：" + err.Error()
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "文本"
	case "int", "int64":
		return "整数"
	case "slice":
		return "数组"
	case "struct", "map":
		return "对象"
	case "bool":
		return "是/否"
	}
	return k
}
