package catalogio

import (
	"strconv"
	"strings"

	"yichuang/hall"
)

// position is where one entry came from: a JSON entry and its line, or a
// table row and the letters of the columns that fed each field.
type position struct {
	entry int               // 1-based, JSON
	line  int               // JSON
	row   int               // 1-based, tables: the entry's first row
	cols  map[string]string // field → `F 列“承诺办结时限”`, shared by a file's entries
	off   int64             // JSON: where the entry starts, its line found when a message needs it
	lines *lineIndex
}

// at names where field of this entry is, for a message.
func (p position) at(field string) string {
	if p.row > 0 {
		s := "第 " + strconv.Itoa(p.row) + " 行"
		if c, ok := p.cols[field]; ok {
			s += " " + c
		}
		return s
	}
	if p.line == 0 && p.lines != nil {
		p.line = p.lines.lineAt(p.off)
	}
	s := "第 " + strconv.Itoa(p.entry) + " 项（第 " + strconv.Itoa(p.line) + " 行）"
	if field != "" {
		s += "字段“" + field + "”（" + hall.FieldName(field) + "）"
	}
	return s
}

// problems collects what is wrong with a file, up to maxProblems.
type problems struct {
	list []string
	more int
}

func (ps *problems) add(where, msg string) {
	if len(ps.list) >= maxProblems {
		ps.more++
		return
	}
	ps.list = append(ps.list, where+"："+msg)
}

func (ps *problems) empty() bool { return len(ps.list) == 0 }

// err is the refusal of the whole file: nothing is imported.
func (ps *problems) err(file string) error {
	msg := "文件 " + file + " 有误，未导入任何事项：\n" + strings.Join(ps.list, "\n")
	if ps.more > 0 {
		msg += "\n……另有 " + strconv.Itoa(ps.more) + " 处问题未列出"
	}
	return hall.Errorf(hall.EInvalid, "%s", msg)
}
