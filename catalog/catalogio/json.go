package catalogio

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"yichuang/hall"
)

// parseJSON reads the project's format: an array of hall.Item
// (assets/catalog/demo.json). The array is first cut into its entries by a
// byte scan, then the entries are decoded on every core: encoding/json
// runs at some tens of MB/s and a province's catalog is hundreds of MB.
// An error names the entry and its line; unknown fields are refused so a
// typo never loses data silently.
func parseJSON(name string, b []byte) ([]hall.Item, []position, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	spans, pos, bad := splitArray(b)
	if bad != nil {
		var ps problems
		ps.add(bad.at(""), bad.msg)
		return nil, nil, ps.err(name)
	}
	if spans == nil {
		return nil, nil, hall.Errorf(hall.EInvalid, "文件 %s 不是事项目录：JSON 事项目录应是一个以 [ 开头的事项数组", name)
	}
	items := make([]hall.Item, len(spans))
	errs := make([]error, len(spans))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(spans); i += workers {
				dec := json.NewDecoder(bytes.NewReader(b[spans[i][0]:spans[i][1]]))
				dec.DisallowUnknownFields()
				errs[i] = dec.Decode(&items[i])
			}
		}()
	}
	wg.Wait()
	var ps problems
	for i, err := range errs {
		if err != nil {
			ps.add(pos[i].at(""), jsonMessage(err))
		}
	}
	if !ps.empty() {
		return nil, nil, ps.err(name)
	}
	return items, pos, nil
}

// badSpot is a syntax error found while cutting the array.
type badSpot struct {
	position
	msg string
}

// splitArray finds each element of a top-level JSON array with its line.
// It tracks only strings and nesting; the decoder checks the rest. nil
// spans (and no error) means the text is not an array at all.
func splitArray(b []byte) (spans [][2]int, pos []position, bad *badSpot) {
	i, line := 0, 1
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
			if b[i] == '\n' {
				line++
			}
			i++
		}
	}
	skip()
	if i >= len(b) || b[i] != '[' {
		return nil, nil, nil
	}
	i++
	spans = [][2]int{}
	for {
		skip()
		if i < len(b) && b[i] == ']' {
			return spans, pos, nil
		}
		start, startLine := i, line
		p := position{entry: len(spans) + 1, line: startLine}
		depth, inStr := 0, false
		for ; i < len(b); i++ {
			c := b[i]
			switch {
			case c == '\n':
				line++
			case inStr && c == '\\':
				i++
			case c == '"':
				inStr = !inStr
			case inStr:
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
			}
			if depth < 0 || depth == 0 && !inStr && (c == ',' || c == '}' || c == ']') {
				break
			}
		}
		if depth < 0 { // the array's own ] right after a value without a comma
			return nil, nil, &badSpot{p, "JSON 格式错误：数组在此结束得不对"}
		}
		if i >= len(b) {
			return nil, nil, &badSpot{p, "JSON 文件不完整（在事项中间结束）"}
		}
		if b[i] != ',' {
			i++ // include the closing } or ]
		}
		spans, pos = append(spans, [2]int{start, i}), append(pos, p)
		skip()
		switch {
		case i < len(b) && b[i] == ',':
			i++
		case i < len(b) && b[i] == ']':
			return spans, pos, nil
		default:
			return nil, nil, &badSpot{position{entry: len(spans) + 1, line: line}, "JSON 格式错误：事项之间缺少逗号，或数组没有以 ] 结束"}
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
