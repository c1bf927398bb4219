package catalogio

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"yichuang/hall"
)

// A table as provinces publish it: one row per entry with its first
// material, one more row per further material with the entry's cells left
// empty (as merged cells export). The columns are the everyday ones of
// docs/catalog-import.md; 办理流程, 收费 and 特别程序 are left out.
var (
	entryColumns = []struct {
		name string
		get  func(*hall.Item) string
	}{
		{"事项名称", func(it *hall.Item) string { return it.Name }},
		{"事项编码", func(it *hall.Item) string { return it.Code }},
		{"基本编码", func(it *hall.Item) string { return it.BasicCode }},
		{"实施编码", func(it *hall.Item) string { return it.TaskCode }},
		{"业务办理项编码", func(it *hall.Item) string { return it.HandleCode }},
		{"事项类型", func(it *hall.Item) string { return string(it.Type) }},
		{"实施主体", func(it *hall.Item) string { return it.Department }},
		{"关键词", func(it *hall.Item) string { return strings.Join(it.Keywords, "、") }},
		{"一件事包含事项", func(it *hall.Item) string { return strings.Join(it.Members, "、") }},
		{"服务对象", func(it *hall.Item) string { return strings.Join(it.Subjects, "、") }},
		{"设定依据", func(it *hall.Item) string { return it.LegalBasis }},
		{"受理条件", func(it *hall.Item) string { return it.Conditions }},
		{"法定办结时限", func(it *hall.Item) string { return it.LegalLimit.String() }},
		{"承诺办结时限", func(it *hall.Item) string { return it.PromiseLimit.String() }},
		{"办理形式", func(it *hall.Item) string { return strings.Join(it.HandlingForms, "、") }},
		{"到现场次数", func(it *hall.Item) string { return strconv.Itoa(it.Visits) }},
		{"办理地点", func(it *hall.Item) string { return it.Place }},
		{"办理时间", func(it *hall.Item) string { return it.Hours }},
		{"咨询电话", func(it *hall.Item) string { return it.ConsultPhone }},
		{"监督投诉电话", func(it *hall.Item) string { return it.ComplaintPhone }},
		{"网上办理地址", func(it *hall.Item) string { return it.OnlineURL }},
		{"网上办理深度", func(it *hall.Item) string { return it.OnlineDepth }},
		{"办理结果类型", func(it *hall.Item) string { return it.ResultType }},
		{"办理结果名称", func(it *hall.Item) string { return it.ResultName }},
		{"通办范围", func(it *hall.Item) string { return it.Scope }},
	}
	materialColumns = []struct {
		name string
		get  func(*hall.Material) string
	}{
		{"材料名称", func(m *hall.Material) string { return m.Name }},
		{"材料类型", func(m *hall.Material) string { return m.Kind }},
		{"材料必要性", func(m *hall.Material) string { return string(m.Necessity) }},
		{"来源渠道", func(m *hall.Material) string { return m.Source }},
		{"原件份数", func(m *hall.Material) string { return strconv.Itoa(m.Originals) }},
		{"复印件份数", func(m *hall.Material) string { return strconv.Itoa(m.Copies) }},
		{"材料形式", func(m *hall.Material) string { return m.Medium }},
		{"纸张规格", func(m *hall.Material) string { return m.Format }},
		{"填报须知", func(m *hall.Material) string { return m.Notes }},
		{"受理标准", func(m *hall.Material) string { return m.Standard }},
	}
)

// tableRows hands each row of items' table to put, the header first.
func tableRows(items []hall.Item, put func([]string) error) error {
	row := make([]string, 0, len(entryColumns)+len(materialColumns))
	for _, c := range entryColumns {
		row = append(row, c.name)
	}
	for _, c := range materialColumns {
		row = append(row, c.name)
	}
	if err := put(row); err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		for m := 0; m == 0 || m < len(it.Materials); m++ {
			row = row[:0]
			for _, c := range entryColumns {
				v := ""
				if m == 0 {
					v = c.get(it)
				}
				row = append(row, v)
			}
			for _, c := range materialColumns {
				v := ""
				if m < len(it.Materials) {
					v = c.get(&it.Materials[m])
				}
				row = append(row, v)
			}
			if err := put(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteCSV writes items as a UTF-8 CSV table that Stream reads back.
func WriteCSV(w io.Writer, items []hall.Item) error {
	cw := csv.NewWriter(w)
	if err := tableRows(items, cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes items as a one-sheet workbook (实施清单) that Stream
// reads back; the sheet is streamed, not held.
func WriteXLSX(w io.Writer, items []hall.Item) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "实施清单"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("实施清单")
	if err != nil {
		return err
	}
	r := 0
	cells := make([]any, 0, len(entryColumns)+len(materialColumns))
	err = tableRows(items, func(row []string) error {
		r++
		cells = cells[:0]
		for _, v := range row {
			if v == "" {
				cells = append(cells, nil) // no cell at all, as a merged cell exports
				continue
			}
			cells = append(cells, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// WriteJSON writes items in the project's JSON format, one entry a line.
func WriteJSON(w io.Writer, items []hall.Item) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n")
	for i := range items {
		b, err := json.Marshal(&items[i])
		if err != nil {
			return err
		}
		bw.Write(b)
		if i < len(items)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// WriteFile writes items to path as JSON, CSV or XLSX, by its extension.
func WriteFile(path string, items []hall.Item) error {
	write := map[string]func(io.Writer, []hall.Item) error{".json": WriteJSON, ".csv": WriteCSV, ".xlsx": WriteXLSX}[strings.ToLower(filepath.Ext(path))]
	if write == nil {
		return fmt.Errorf("%s: not .json, .csv or .xlsx", path)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, items); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
