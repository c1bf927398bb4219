package catalogio

import (
	"cmp"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"yichuang/hall"
)

// parseTable reads the rows of a CSV or a worksheet as they stream. Title
// rows may come before the header row (the first with a 事项名称 cell).
// Each entry takes one row; its further materials take the rows below it,
// with the entry's cells left empty or repeating the same 实施编码 and
// 事项名称, as merged cells export. Each row is checked as it arrives
// against the caps in limits.go: a file past one is refused at that row.
func parseTable(name string, next rows, emit emitter) error {
	head, r := -1, 0
	var cells []string
	for ; r < 10 && head < 0; r++ {
		var err error
		if cells, err = next(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
		if err := checkRow(name, r+1, cells); err != nil {
			return err
		}
		for _, c := range cells {
			if headerKey(c) == "事项名称" || headerKey(c) == "事项名" {
				head = r
			}
		}
	}
	if head < 0 {
		return hall.Errorf(hall.EInvalid, "文件 %s 没有表头行：前 10 行中找不到“事项名称”列（列的说明见 docs/catalog-import.md）", name)
	}
	cols, byName, ps := readHeader(cells, head+1)
	if !ps.empty() {
		return ps.err(name)
	}
	// Where each field's column is, for messages: the first column of a
	// field names it; one map serves every entry.
	named := map[string]string{}
	for c, col := range cols {
		if col == nil {
			continue
		}
		if _, ok := named[col.field]; !ok {
			named[col.field] = colName(c, col)
		}
	}
	// items holds the entries not yet handed on: the last may still get
	// materials from the rows below it, the others are complete.
	var items []hall.Item
	var pos []position
	entries := 0
	for ; ; r++ {
		cells, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := checkRow(name, r+1, cells); err != nil {
			return err
		}
		get := func(h string) string {
			if c, ok := byName[h]; ok && c < len(cells) {
				return strings.TrimSpace(cells[c])
			}
			return ""
		}
		if blank(cells) {
			continue
		}
		// A row continues the entry above (one more material) when it names
		// no entry, or the same one: 办理项 of one 实施编码 differ in their
		// 业务办理项编码 even where they share a name.
		prev := func() *hall.Item { return &items[len(items)-1] }
		cont := len(items) > 0 && (get("实施编码") == "" && get("事项名称") == "" ||
			get("实施编码") == prev().TaskCode && get("事项名称") == prev().Name &&
				(get("业务办理项编码") == "" || get("业务办理项编码") == prev().HandleCode))
		rr := &row{get: get}
		if !cont {
			if entries == MaxEntries {
				return rowErr(name, r+1, "事项超过 "+strconv.Itoa(MaxEntries)+" 项的上限")
			}
			if len(items) > chunkSize {
				if !ps.empty() {
					// the file is refused: its entries go nowhere, the
					// rows are read on only to list more problems
					if ps.more > 0 {
						return ps.err(name)
					}
				} else if err := emit(items[:len(items)-1], pos[:len(pos)-1]); err != nil {
					return err
				}
				items = append(items[:0:0], items[len(items)-1])
				pos = append(pos[:0:0], pos[len(pos)-1])
			}
			entries++
			items = append(items, hall.Item{})
			pos = append(pos, position{row: r + 1, cols: named})
		}
		rr.it = &items[len(items)-1]
		if get("材料名称") != "" || get("申请材料名称") != "" {
			if len(rr.it.Materials) == MaxMaterials {
				return rowErr(name, r+1, "事项“"+rr.it.Name+"”（第 "+strconv.Itoa(pos[len(pos)-1].row)+
					" 行起）的材料超过 "+strconv.Itoa(MaxMaterials)+" 项的上限，文件可能有误")
			}
			rr.it.Materials = append(rr.it.Materials, hall.Material{Necessity: hall.Required})
			rr.m = &rr.it.Materials[len(rr.it.Materials)-1]
		}
		for c, col := range cols {
			if col == nil || (col.material && rr.m == nil) || (!col.material && cont) {
				continue
			}
			v := ""
			if c < len(cells) {
				v = cells[c]
			}
			if err := col.set(rr, v); err != nil {
				ps.add("第 "+strconv.Itoa(r+1)+" 行 "+colName(c, col), err.Error())
			}
		}
		if !cont && rr.it.Code == "" { // a province's list is keyed by 实施编码, or by 办理项
			rr.it.Code = cmp.Or(rr.it.HandleCode, rr.it.TaskCode)
		}
	}
	if !ps.empty() {
		return ps.err(name)
	}
	if len(items) == 0 {
		return nil
	}
	return emit(items, pos)
}

// checkRow refuses a row past the caps: too many cells, or a cell too long.
func checkRow(name string, r int, cells []string) error {
	if len(cells) > MaxColumns {
		return rowErr(name, r, "超过 "+strconv.Itoa(MaxColumns)+" 列的上限")
	}
	for c, v := range cells {
		if len(v) > MaxCell {
			return hall.Errorf(hall.EInvalid, "文件 %s 第 %d 行 %s 列：内容超过 %d KB 的上限，未导入任何事项", name, r, letters(c), MaxCell>>10)
		}
	}
	return nil
}

// readHeader maps each header cell to its column; unknown, repeated and
// missing required columns are problems.
func readHeader(cells []string, line int) ([]*column, map[string]int, problems) {
	var ps problems
	cols := make([]*column, len(cells))
	byName := map[string]int{}
	seen := map[*column]string{}
	for i, c := range cells {
		h := headerKey(c)
		if h == "" {
			continue
		}
		col := findColumn(h)
		switch {
		case col == nil:
			ps.add("第 "+strconv.Itoa(line)+" 行 "+letters(i)+" 列", "未知的列“"+h+"”（可用的列见 docs/catalog-import.md）")
			continue
		case seen[col] != "":
			ps.add("第 "+strconv.Itoa(line)+" 行 "+letters(i)+" 列", "列“"+h+"”与“"+seen[col]+"”重复")
			continue
		}
		seen[col] = h
		cols[i] = col
		byName[col.names[0]] = i
		byName[h] = i
	}
	for i := range columns {
		if columns[i].required && seen[&columns[i]] == "" {
			ps.add("第 "+strconv.Itoa(line)+" 行（表头）", "缺少必填列“"+columns[i].names[0]+"”")
		}
	}
	return cols, byName, ps
}

func colName(c int, col *column) string { return letters(c) + " 列“" + col.names[0] + "”" }

func letters(c int) string {
	s, _ := excelize.ColumnNumberToName(c + 1)
	return s
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
