package catalogio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/hostile"
)

// Hostile files are generated here, never kept in the repository. Before
// the caps, the XLSX bomb (2 million repeats of one row, 3.7 MB on disk)
// read as one entry with 2 million materials, took 4.2 GB and was imported;
// the shared-strings bomb took 340 MB; a 268 MB CSV 2.2 GB. Peak memory is
// measured with the real command (docs/adr/0021); here each is refused,
// naming the file and where.

func writeTemp(t *testing.T, name string, gen func(io.Writer) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := gen(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func refused(t *testing.T, path string, want ...string) {
	t.Helper()
	items, err := ReadFile(path)
	if err == nil {
		t.Fatalf("%s was read: %d entries", filepath.Base(path), len(items))
	}
	msg := hall.ErrorMessage(err)
	for _, w := range append(want, filepath.Base(path)) {
		if !strings.Contains(msg, w) {
			t.Errorf("the refusal %q does not say %q", msg, w)
		}
	}
}

func TestXLSXBombIsRefusedByItsRatio(t *testing.T) {
	path := writeTemp(t, "炸弹.xlsx", func(w io.Writer) error { return hostile.XLSXBomb(w, 100_000) })
	refused(t, path, "xl/worksheets/sheet1.xml", "压缩比")
}

// A bomb small enough to pass the ratio still stops at the row where its
// one entry's materials pass the cap.
func TestRepeatedRowsStopAtTheMaterialCap(t *testing.T) {
	path := writeTemp(t, "重复.xlsx", func(w io.Writer) error { return hostile.XLSXBomb(w, MaxMaterials+5) })
	refused(t, path, "第 "+itoa(MaxMaterials+2)+" 行", "材料超过")
}

func TestSharedStringsBombIsRefused(t *testing.T) {
	path := writeTemp(t, "共享.xlsx", func(w io.Writer) error { return hostile.SharedStringsBomb(w, 300_000) })
	refused(t, path, "xl/sharedStrings.xml")
}

// A zip whose directory understates a part: archive/zip stops inflating at
// the declared size, so the declared sizes checkZip reads are binding.
func TestLyingZipDirectoryIsRefused(t *testing.T) {
	path := writeTemp(t, "谎报.xlsx", func(w io.Writer) error { return hostile.LyingXLSX(w, 64<<20) })
	refused(t, path, "xl/worksheets/sheet1.xml", "与压缩目录不符")
}

func TestHugeCSVIsRefusedAtTheEntryCap(t *testing.T) {
	if MaxEntries > 250_000 {
		t.Fatalf("the generator below makes 300,000 entries; MaxEntries is %d", MaxEntries)
	}
	path := writeTemp(t, "大表.csv", func(w io.Writer) error { return hostile.CSVEntries(w, 300_000) })
	refused(t, path, "第 "+itoa(MaxEntries+2)+" 行", "事项超过")
}

func TestOversizedFilesAreRefusedUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "超大.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxTextFile + 1) // sparse: no disk used
	f.Close()
	refused(t, path, "MB", "上限")
}

func TestLongRecordAndWideRowAreRefusedByRow(t *testing.T) {
	long := writeTemp(t, "长行.csv", func(w io.Writer) error {
		io.WriteString(w, hostile.Header+"\r\n")
		io.WriteString(w, strings.Join(hostile.Row(1), ",")+"\r\n")
		_, err := io.WriteString(w, `"`+strings.Repeat("材", MaxRecord)+"\"\r\n")
		return err
	})
	refused(t, long, "第 3 行")
	cell := writeTemp(t, "长格.csv", func(w io.Writer) error {
		io.WriteString(w, hostile.Header+"\r\n")
		r := hostile.Row(1)
		r[7] = strings.Repeat("材", MaxCell/3+1)
		_, err := io.WriteString(w, strings.Join(r, ",")+"\r\n")
		return err
	})
	refused(t, cell, "第 2 行 H 列", "KB")
	wide := writeTemp(t, "宽.csv", func(w io.Writer) error {
		_, err := io.WriteString(w, hostile.Header+strings.Repeat(",", MaxColumns)+"\r\n")
		return err
	})
	refused(t, wide, "第 1 行", "列的上限")
}

// The caps leave a real file alone: the generator's valid rows read.
func TestGeneratedCatalogReads(t *testing.T) {
	var b bytes.Buffer
	if err := hostile.CSVEntries(&b, 1000); err != nil {
		t.Fatal(err)
	}
	items, err := Parse("正常.csv", b.Bytes())
	if err != nil || len(items) != 1000 {
		t.Fatalf("%d entries, %v", len(items), err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Stream hands a file on a chunk at a time, never whole, and a problem in
// a later chunk stops it with the row named.
func TestStreamHandsOnChunksAndStopsAtAProblem(t *testing.T) {
	path := writeTemp(t, "分块.csv", func(w io.Writer) error { return hostile.CSVEntries(w, 2*chunkSize+10) })
	var sizes []int
	n, err := Stream(path, nil, func(items []hall.Item) error {
		sizes = append(sizes, len(items))
		return nil
	})
	if err != nil || n != 2*chunkSize+10 || len(sizes) < 2 {
		t.Fatalf("%d entries in chunks %v, %v", n, sizes, err)
	}
	for _, s := range sizes {
		if s > chunkSize {
			t.Errorf("a chunk of %d entries (cap %d)", s, chunkSize)
		}
	}
	bad := writeTemp(t, "坏行.csv", func(w io.Writer) error {
		if err := hostile.CSVEntries(w, chunkSize+10); err != nil {
			return err
		}
		r := hostile.Row(999999)
		r[5] = "二十天"
		_, err := io.WriteString(w, strings.Join(r, ",")+"\r\n")
		return err
	})
	handed := 0
	_, err = Stream(bad, nil, func(items []hall.Item) error { handed += len(items); return nil })
	if err == nil || !strings.Contains(hall.ErrorMessage(err), "第 "+itoa(chunkSize+12)+" 行 F 列") {
		t.Fatalf("the bad row: %v", err)
	}
	if handed > chunkSize {
		t.Errorf("%d entries handed on past a problem", handed)
	}
}
