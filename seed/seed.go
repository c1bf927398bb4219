// Package seed fabricates realistic accepted cases at a desk, through the
// same service calls as the window, for the bench tool (yichuang-bench
// seed), the screenshots and tests. The clerk's binary never imports it
// (meta/imports_test.go): fabricated cases would sync to the province.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"yichuang/desk"
	"yichuang/hall"
)

// Options shape the demo cases.
type Options struct {
	Cases      int
	ScansEvery int   // every K-th case carries a scan of its first material (0: none)
	ScanKB     int   // size of each scan
	Seed       int64 // the same seed makes the same applicants and scans
}

// Result counts what was made.
type Result struct {
	Cases, Scans int
	First, Last  string // case numbers
}

// Cases makes o.Cases accepted cases at the desk, each through the same
// service calls as the window (收件, then 受理 with its due dates), so each
// leaves two outbox entries like a real one.
func Cases(ctx context.Context, d *desk.Desk, o Options) (Result, error) {
	var res Result
	items, err := d.DB.Catalog().ListItems(ctx, hall.ItemFilter{Limit: 10000})
	if err != nil {
		return res, err
	}
	var usable []hall.ItemSummary
	for _, it := range items {
		if it.Status != hall.ItemWithdrawn {
			usable = append(usable, it)
		}
	}
	if len(usable) == 0 {
		return res, hall.Errorf(hall.EConflict, "事项目录为空，无法生成办件")
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x7969636875616e67))
	tmp, err := os.MkdirTemp("", "yichuang-seed-")
	if err != nil {
		return res, hall.Wrap(hall.EInternal, err, "无法创建临时目录")
	}
	defer os.RemoveAll(tmp)
	full := map[string]*hall.Item{}
	year := time.Now().Year()
	clerks := []string{"王堃", "李玥", "张喆"}
	for i := 0; i < o.Cases; i++ {
		sum := usable[r.IntN(len(usable))]
		it := full[sum.Code]
		if it == nil {
			if it, err = d.DB.Catalog().Item(ctx, sum.Code); err != nil {
				return res, err
			}
			full[sum.Code] = it
		}
		c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: pick(r, clerks)}
		if len(it.Subjects) == 1 && it.Subjects[0] == string(hall.LegalPerson) || r.IntN(5) == 0 {
			c.Applicant = firm(r, year)
		} else {
			c.Applicant = person(r, year)
		}
		for _, m := range it.Materials {
			if m.Necessity != hall.Optional || r.IntN(2) == 0 {
				c.Materials = append(c.Materials, hall.CaseMaterial{Name: m.Name, Necessity: m.Necessity,
					Originals: m.Originals, Copies: m.Copies})
			}
		}
		if o.ScansEvery > 0 && i%o.ScansEvery == 0 && len(c.Materials) > 0 {
			sha, err := seedScan(ctx, d, r, tmp, i, o.ScanKB)
			if err != nil {
				return res, err
			}
			c.Materials[0].Files = []string{sha}
			res.Scans++
		}
		if err := d.DB.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, Actor: c.Clerk}); err != nil {
			return res, err
		}
		// The store counts the due dates from the item's limits and the calendar.
		if _, err := d.DB.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, Actor: c.Clerk}); err != nil {
			return res, err
		}
		if res.First == "" {
			res.First = c.No
		}
		res.Last = c.No
		res.Cases++
	}
	return res, nil
}

func seedScan(ctx context.Context, d *desk.Desk, r *rand.Rand, dir string, i, kb int) (string, error) {
	p := filepath.Join(dir, fmt.Sprintf("扫描件%04d.jpg", i))
	if err := os.WriteFile(p, scan(r, kb), 0o600); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法写入临时扫描件")
	}
	a, err := d.DB.Attachments(d.Dir.Files()).Attach(ctx, p)
	if err != nil {
		return "", err
	}
	return a.SHA256, nil
}
