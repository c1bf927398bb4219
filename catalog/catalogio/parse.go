// Package catalogio reads catalog files into hall.Item values: the
// project's own JSON format, and CSV or XLSX in the column layout a
// province publishes (docs/catalog-import.md, samples in testdata/catalog).
// It only parses and checks: nothing here writes anywhere. Every problem
// names the file, the row (or entry) and the column (or field), in Chinese.
package catalogio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"yichuang/hall"
)

// maxProblems is how many problems one refusal lists: enough to fix a file
// in one go, few enough to read.
const maxProblems = 20

// ReadFile reads and checks a catalog file; the format follows its
// extension (.json, .csv, .xlsx).
func ReadFile(path string) ([]hall.Item, error) { return ReadFileKnowing(path, nil) }

// ReadFileKnowing is ReadFile for a desk whose type table is at hand:
// types names the province's codes it knows (hall.Catalog's Types). An
// entry may give such a code alone, and one the table does not know is a
// problem with its row and column, like any other.
func ReadFileKnowing(path string, types map[hall.ItemType]string) ([]hall.Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", path)
	}
	return parse(filepath.Base(path), f, st.Size(), types)
}

// UnnamedTypes reports whether an entry gives a type code outside the
// national table without its name: only the desk's type table can tell
// whether that is right (ReadFileKnowing).
func UnnamedTypes(items []hall.Item) bool {
	for i := range items {
		if !items[i].Type.Known() && items[i].TypeName == "" {
			return true
		}
	}
	return false
}

// Parse reads and checks a catalog given its file name and bytes. The
// result has passed hall.CheckCatalogFile: a file is all good or refused
// whole. (A province's type code given without its name is left to the
// store, which knows the codes earlier lists and the platform named; see
// ReadFileKnowing.)
func Parse(name string, b []byte) ([]hall.Item, error) {
	return parse(name, bytes.NewReader(b), int64(len(b)), nil)
}

// source is a catalog file: read as a stream (CSV, JSON) or at offsets
// (an XLSX's zip directory).
type source interface {
	io.Reader
	io.ReaderAt
}

func parse(name string, r source, size int64, types map[hall.ItemType]string) ([]hall.Item, error) {
	var (
		items []hall.Item
		pos   []position
	)
	err := readAny(name, r, size, func(is []hall.Item, ps []position) error {
		items, pos = append(items, is...), append(pos, ps...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, hall.Errorf(hall.EInvalid, "文件 %s 中没有任何事项", name)
	}
	check := hall.CheckCatalogFile
	if types != nil {
		hall.NameTypes(items, types)
		check = hall.CheckCatalog
	}
	if probs := check(items, maxProblems); len(probs) > 0 {
		var ps problems
		for _, p := range probs {
			ps.add(pos[p.Index].at(p.Field), p.Message)
		}
		return nil, ps.err(name)
	}
	return items, nil
}

func limitReader(r source, n int64) io.Reader { return io.LimitReader(r, n+1) }
