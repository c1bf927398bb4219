package documents

import (
	"net/url"
	"strconv"
	"strings"

	"yichuang/hall"
)

// BundlePath is where the notice of a bundle intake (一件事) whose first
// case is no is written under dataDir.
func BundlePath(dataDir, no string, kind hall.DocKind) string {
	return Path(dataDir, no+"-"+hall.BundleLabel, kind)
}

// WriteBundle renders the one notice of a bundle intake (一件事一次办): the
// applicant once, every case it opened with its number, item, department
// and promised date, the materials received once each; and writes it like
// Write. cases and notices are the intake's, in the bundle's order.
func WriteBundle(dataDir string, key []byte, cases []*hall.Case, notices []hall.Notice) (string, error) {
	b, err := RenderBundle(cases, notices)
	if err != nil {
		return "", err
	}
	return writeFile(BundlePath(dataDir, cases[0].No, notices[0].Kind), b, notices[0].Kind, key)
}

// RenderBundle writes the notice of a bundle intake as a PDF.
func RenderBundle(cases []*hall.Case, notices []hall.Notice) ([]byte, error) {
	if len(cases) == 0 || len(cases) != len(notices) || cases[0].Bundle == nil || cases[0].No == "" {
		return nil, hall.Errorf(hall.EInvalid, "一件事的办件不全，不能出具文书")
	}
	c, n := cases[0], notices[0]
	b := c.Bundle
	issued := n.IssuedAt
	if issued.IsZero() {
		issued = c.UpdatedAt
	}
	w, err := newWriter(string(n.Kind)+" "+b.Name+" "+c.No, issued)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s", n.Kind)
	}
	w.header = string(n.Kind) + " · " + hall.BundleLabel + " · " + b.Name
	if err := w.bundleTop(cases, n); err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s的二维码", n.Kind)
	}
	// The applicant once: the facts of the first case, named for the bundle.
	head := *c
	head.ItemName, head.Department = b.Name+"（"+hall.BundleLabel+"，共 "+strconv.Itoa(len(cases))+" 个事项，实施部门见下表）", ""
	w.facts(&head, hall.Notice{}, issued)
	w.section("本次一并办理的事项")
	var rows [][]string
	for i, k := range cases {
		due := string(k.State)
		if k.State == hall.StateAccepted {
			due = promiseDate(k, notices[i])
		}
		no := k.No
		if code := hall.RatingCode(k.ID, k.No); code != "" { // each case is rated with its own (bundleQR)
			no += "\n评价码 " + code
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), no, k.ItemName, k.Department, due})
	}
	w.table([]float64{26, 122, 146, contentW - 26 - 122 - 146 - 82, 82},
		[]string{"序号", "办件编号", "事项名称", "实施部门", "承诺办结"}, rows, 9.5)
	w.gap(6)
	all := &hall.Case{Applicant: c.Applicant, Reason: c.Reason, Materials: bundleMaterials(cases)}
	switch n.Kind {
	case hall.DocReceipt:
		w.received(all, "已收取材料（各事项共用的材料只收一次）")
		w.para("    你（单位）申请的“"+b.Name+"”共 "+strconv.Itoa(len(cases))+" 个事项已一并受理，各事项按上表的承诺日期办结"+
			"（法定节假日不计入）。请妥善保管本回执，凭任一办件编号查询办理进度、领取办理结果；"+
			"扫码评价受理服务一次，计入上表每个办件；各事项出件后可凭出件文书分别评价。", 10.5, 0)
	case hall.DocRefusal:
		w.para("    你（单位）申请的“"+b.Name+"”经审查，决定不予受理。理由："+c.Reason, 11, 0)
		w.gap(6)
		w.para("    如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"+
			"或者在六个月内依法向人民法院提起行政诉讼。", 11, 0)
		w.received(all, "申请人提交的材料")
	case hall.DocCorrection:
		w.para("    你（单位）申请的“"+b.Name+"”的材料不齐全或者不符合法定形式，现一次性告知需要补正的全部内容：", 11, 0)
		w.gap(4)
		w.table([]float64{34, 210, contentW - 34 - 210 - 90, 90}, []string{"序号", "需补正的材料或事项", "说明", "涉及事项"},
			bundleGaps(notices, n.Notes), 10)
		w.gap(6)
		w.received(all, "已收取材料")
	default:
		return nil, hall.Errorf(hall.EInvalid, "未知的文书种类“%s”", n.Kind)
	}
	w.foot(n, issued)
	out, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s", n.Kind)
	}
	return out, nil
}

// bundleGaps is the one list of a bundle's correction (一次性告知): each
// material a member lacks once, with the members that need it by their
// place in the notice's table of cases (a material shared by members is
// supplied once for all), then the clerk's notes, which concern them all.
func bundleGaps(notices []hall.Notice, notes []string) [][]string {
	var rows [][]string
	at := map[string]int{}
	for i, k := range notices {
		for _, g := range k.Gaps {
			key := g.String()
			r, ok := at[key]
			if !ok {
				r, at[key] = len(rows), len(rows)
				rows = append(rows, []string{strconv.Itoa(len(rows) + 1), g.Material, g.Problem, ""})
			}
			if rows[r][3] != "" {
				rows[r][3] += "、"
			}
			rows[r][3] += strconv.Itoa(i + 1)
		}
	}
	for _, r := range rows {
		r[3] = "第 " + r[3] + " 项"
	}
	for _, note := range notes {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), note, "", "全部"})
	}
	return rows
}

// bundleMaterials is every material the cases recorded, each once (the
// bundle's one list), in the order first met.
func bundleMaterials(cases []*hall.Case) []hall.CaseMaterial {
	var out []hall.CaseMaterial
	seen := map[string]bool{}
	for _, c := range cases {
		for _, m := range c.Materials {
			if !seen[m.Name] {
				seen[m.Name] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// bundleTop is top for a bundle: the QR code of the cases' progress and
// rating (bundleQR), the title marked 一件事, and the bundle's name where a
// case number goes.
func (w *writer) bundleTop(cases []*hall.Case, n hall.Notice) error {
	payload, caption := bundleQR(cases, n)
	x, err := w.qrCorner(payload, caption)
	if err != nil {
		return err
	}
	if hall.RatingCode(cases[0].ID, cases[0].No) != "" {
		// Under the QR code's caption, where a single case prints its code:
		// a bundle's codes are one a case, in the table below.
		w.setSize(8)
		label := "评价码见下表"
		w.at(x+(qrSize-w.width(label))/2, margin-8+qrSize+11, label)
	}
	c := cases[0]
	w.centered(n.HallName, 13)
	w.gap(4)
	w.centered(string(n.Kind), 22)
	w.gap(2)
	w.centered("（"+hall.BundleLabel+"一次办："+c.Bundle.Name+"）", 12)
	w.y = max(w.y+6, margin-8+qrSize+24)
	return nil
}

// bundleQR is what a bundle notice's QR code carries: BundleRatingLink,
// or without a progress address the text of every number with its code.
func bundleQR(cases []*hall.Case, n hall.Notice) (payload, caption string) {
	c := cases[0]
	if n.QueryURL == "" {
		text := "一件事：" + c.Bundle.Name + "\n" + n.HallName + " 咨询电话：" + n.HallPhone
		for _, k := range cases {
			text += "\n办件编号：" + k.No
			if code := hall.RatingCode(k.ID, k.No); code != "" {
				text += " 评价码：" + code
			}
		}
		return text + "\n好差评：凭办件编号和评价码评价（一件事的受理服务评价一次，计入每个办件）", "扫码获取办件编号"
	}
	return BundleRatingLink(n.QueryURL, cases), "扫码查询进度、评价服务"
}

// BundleRatingLink is the progress and rating link of a bundle's cases
// (一件事): the first case's (RatingLink: its progress address, rate=1, its
// 评价码) with bundle= listing every other case as number.评价码, joined by
// ~. A page that knows the field passes it on with the rating to the
// platform's POST /api/v1/rate, where one rating of 受理 counts for every
// case listed of the first case's bundle, recorded per case (each keeps
// one rating a stage on the desk and the platform; each 出件 is its own
// department's and is rated from that case's notice). A page that does not
// rates the first case, as it does a single case's receipt.
func BundleRatingLink(progress string, cases []*hall.Case) string {
	c := cases[0]
	link := RatingLink(progress, hall.RatingCode(c.ID, c.No))
	var others []string
	for _, k := range cases[1:] {
		if code := hall.RatingCode(k.ID, k.No); code != "" {
			others = append(others, k.No+"."+code)
		}
	}
	u, err := url.Parse(link)
	if err != nil || len(others) == 0 {
		return link
	}
	q := u.Query()
	q.Set("bundle", strings.Join(others, "~"))
	u.RawQuery = q.Encode()
	return u.String()
}
