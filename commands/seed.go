package commands

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

// SeedOptions shape the demo cases.
type SeedOptions struct {
	Cases      int
	ScansEvery int   // every K-th case carries a scan of its first material (0: none)
	ScanKB     int   // size of each scan
	Seed       int64 // the same seed makes the same applicants and scans
}

// SeedResult counts what was made.
type SeedResult struct {
	Cases, Scans int
	First, Last  string // case numbers
}

func runSeed(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "seed")
	n := fs.Int("cases", 0, "办件数（同一天每个窗口最多 9999 件）")
	every := fs.Int("scans-every", 5, "每 K 件附一份扫描件（0 为不附）")
	kb := fs.Int("scan-kb", 300, "每份扫描件约多少 KB")
	seed := fs.Int64("seed", time.Now().UnixNano(), "随机种子")
	as := fs.String("as", "", "设置了账号的窗口：以此账号执行（窗口人员）")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n <= 0 || *n > 9999 {
		return usageError{"--cases 应为 1 至 9999"}
	}
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	// Who acts, as every command says: the desk itself while it has no
	// accounts, else the --as clerk (cases are refused to nobody).
	ctx, logout, err := actAsFrom(ctx, env, dk, *as, *pwFile, hall.PermHandleCases, "生成办件")
	if err != nil {
		return err
	}
	defer logout()
	res, err := SeedCases(ctx, dk, SeedOptions{Cases: *n, ScansEvery: *every, ScanKB: *kb, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %d 件已受理办件（%s … %s），其中 %d 件附扫描件\n", res.Cases, res.First, res.Last, res.Scans)
	return nil
}

// SeedCases makes o.Cases accepted cases at the desk, each through the same
// service calls as the window (收件, then 受理 with its due dates), so each
// leaves two outbox entries like a real one.
func SeedCases(ctx context.Context, d *desk.Desk, o SeedOptions) (SeedResult, error) {
	var res SeedResult
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
