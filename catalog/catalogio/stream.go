package catalogio

import (
	"os"
	"path/filepath"
	"strings"

	"yichuang/hall"
)

// chunkSize is how many entries are handed on at a time: a province's file
// is read and imported a chunk at a time, never held whole.
const chunkSize = 2000

// emitter takes complete entries as the file streams, with where each came
// from; an error stops the reading.
type emitter func(items []hall.Item, pos []position) error

// Stream reads and checks a catalog file as it streams and hands its
// entries to each, a chunk at a time, in file order. types names the
// province's type codes the desk knows (hall.Catalog's Types); an entry may
// give such a code, or one an earlier entry of the file named, alone. Each
// chunk is checked before it is handed on (hall.CheckCatalog, problems
// named by file, row and column); a problem in the file stops the handing
// on, and the error lists what was found. An error of each is returned as
// it is. The caller makes the whole import one transaction, so a file
// refused half-way leaves nothing behind.
func Stream(path string, types map[hall.ItemType]string, each func([]hall.Item) error) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", path)
	}
	name := filepath.Base(path)
	known := map[hall.ItemType]string{}
	for t, n := range types {
		known[t] = n
	}
	n := 0
	err = readAny(name, f, st.Size(), func(items []hall.Item, pos []position) error {
		hall.NameTypes(items, known)
		if probs := hall.CheckCatalog(items, maxProblems); len(probs) > 0 {
			var ps problems
			for _, p := range probs {
				ps.add(pos[p.Index].at(p.Field), p.Message)
			}
			return ps.err(name)
		}
		for i := range items {
			if t := items[i].Type; !t.Known() && items[i].TypeName != "" {
				known[t] = items[i].TypeName
			}
		}
		n += len(items)
		return each(items)
	})
	if err == nil && n == 0 {
		return 0, hall.Errorf(hall.EInvalid, "文件 %s 中没有任何事项", name)
	}
	return n, err
}

// read streams a file of the format its name says to emit.
func readAny(name string, r source, size int64, emit emitter) error {
	ext := strings.ToLower(filepath.Ext(name))
	limit := int64(MaxTextFile)
	if ext == ".xlsx" || ext == ".xlsm" {
		limit = MaxXLSXFile
	}
	if size > limit {
		return hall.Errorf(hall.EInvalid, "文件 %s 有 %d MB，超过事项目录文件 %d MB 的上限，未导入", name, size>>20, limit>>20)
	}
	switch ext {
	case ".json":
		return parseJSON(name, r, limit, emit)
	case ".csv", ".txt":
		return parseTable(name, csvRows(name, limitReader(r, limit)), emit)
	case ".xlsx", ".xlsm":
		next, done, err := xlsxRows(name, r, size)
		if err != nil {
			return err
		}
		defer done()
		return parseTable(name, next, emit)
	}
	return hall.Errorf(hall.EInvalid, "文件 %s 的格式无法识别：事项目录应为 .json、.csv 或 .xlsx 文件", name)
}
