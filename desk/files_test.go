package desk_test

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/hostile"
)

// A file is read, checked and written a chunk at a time, the writer a chunk
// behind the reader; a problem in a late chunk, found by the reader or by
// the writer, must still roll back every chunk written before it and be
// named for the clerk.
func TestImportFileRollsBackALateProblem(t *testing.T) {
	const good = 4500 // more than two chunks of 2,000 entries
	for _, c := range []struct {
		name string
		last []string // the row after the good ones
		want string   // what the message must name
	}{
		{"a row the reader refuses", badLimit(), "第 " + strconv.Itoa(good+2) + " 行"},
		{"a repeat the writer refuses", hostile.Row(7), "与本批中另一项是同一事项（编码 11341122003132500K1000100000007）"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "省目录.csv")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := hostile.CSVEntries(f, good); err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(f, strings.Join(c.last, ",")+"\r\n"); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			dk := desks.Open(t, "")
			ctx := desks.Ctx()
			before, err := dk.DB.Catalog().CountItems(ctx)
			if err != nil {
				t.Fatal(err)
			}
			res, err := dk.ImportFile(ctx, path, false)
			if err == nil {
				t.Fatalf("a file with a bad last row was imported: %+v", res)
			}
			if msg := hall.ErrorMessage(err); !strings.Contains(msg, c.want) || !strings.Contains(msg, "省目录.csv") {
				t.Errorf("the message names neither the file nor %q: %s", c.want, msg)
			}
			if after, _ := dk.DB.Catalog().CountItems(ctx); after != before {
				t.Errorf("%d entries before the refused file, %d after", before, after)
			}
		})
	}
}

func badLimit() []string {
	r := hostile.Row(999999)
	r[5] = "二十天"
	return r
}
