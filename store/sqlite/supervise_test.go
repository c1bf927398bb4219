package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"yichuang/hall"
)

func TestReadCalendarYearsLeavesTheFileAlone(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	if y, err := ReadCalendarYears(ctx, filepath.Join(t.TempDir(), "none.db")); err != nil || y != nil {
		t.Errorf("missing file: %v %v", y, err)
	}
	db := deadlineDB(t)
	if _, err := db.SaveCalendarYear(ctx, 2027, []byte(`{"off": ["2027-01-01"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	years, err := ReadCalendarYears(ctx, db.Path())
	if err != nil || len(years) != 1 || years[2027].Off[0].String() != "2027-01-01" {
		t.Errorf("stored years = %v, %v", years, err)
	}
	// The desk keeps writing while the years are read.
	if _, err := db.SaveCalendarYear(ctx, 2028, []byte(`{"off": ["2028-01-01"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	if years, _ := ReadCalendarYears(ctx, db.Path()); len(years) != 2 {
		t.Errorf("after a second save: %v", years)
	}
	other := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(other, []byte("不是数据库不是数据库不是数据库"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCalendarYears(ctx, other); hall.ErrorCode(err) != hall.ECorrupt {
		t.Errorf("junk file: %v", err)
	}
}
