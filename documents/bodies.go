package documents

import (
	"strconv"
	"time"

	"yichuang/hall"
)

func (w *writer) receipt(c *hall.Case, n hall.Notice) {
	w.received(c, "已收取材料")
	if d := hall.DeferredMaterials(c.Materials); len(d) > 0 {
		w.section("容缺后补材料")
		var rows [][]string
		for i, m := range d {
			rows = append(rows, []string{strconv.Itoa(i + 1), m.Name, dateCN(m.DueDate) + "前补交"})
		}
		w.table([]float64{34, contentW - 34 - 130, 130}, []string{"序号", "材料名称", "补交期限"}, rows, 10)
		w.gap(6)
	}
	text := "    你（单位）的申请已受理。"
	if n.PromiseLimit.Instant() {
		text += "本事项为即办件，当场办结。"
	} else {
		text += "本件承诺于" + promiseDate(c, n) + "前办结（" + n.PromiseLimit.String() + "，法定节假日不计入；" +
			"依法需要听证、检验、检测、鉴定、专家评审等的时间不计入办理时限）。"
	}
	if len(hall.DeferredMaterials(c.Materials)) > 0 {
		text += "容缺后补的材料请在补交期限前送达窗口，逾期未补交的，将影响办理结果。"
	}
	text += "请妥善保管本回执，凭办件编号查询办理进度、领取办理结果。"
	w.gap(4)
	w.para(text, 10.5, 0)
}

func (w *writer) refusal(c *hall.Case, issued time.Time) {
	w.para(c.Applicant.Name+"：", 11, 0)
	w.para("    你（单位）于"+dateCN(hall.HallDay(issued))+"提出的“"+c.ItemName+
		"”申请，经审查，因下列原因，决定不予受理：", 11, 0)
	w.gap(4)
	w.table([]float64{78, contentW - 78}, nil, [][]string{{"不予受理理由", c.Reason}}, 10.5, 0)
	w.gap(6)
	w.para("    如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"+
		"或者在六个月内依法向人民法院提起行政诉讼。", 11, 0)
	w.gap(6)
	w.received(c, "申请人提交的材料")
	for _, m := range c.Materials {
		if m.Originals > 0 {
			w.para("以上材料的原件已当场退还申请人。", 10.5, 0)
			break
		}
	}
}

func (w *writer) correction(c *hall.Case, n hall.Notice, issued time.Time) {
	w.para(c.Applicant.Name+"：", 11, 0)
	w.para("    你（单位）于"+dateCN(hall.HallDay(issued))+"提交的“"+c.ItemName+
		"”申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，"+
		"现一次性告知你需要补正的全部内容：", 11, 0)
	w.gap(4)
	var rows [][]string
	for _, g := range n.Gaps {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), g.Material, g.Problem})
	}
	for _, note := range n.Notes {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), note, ""})
	}
	w.table([]float64{34, 250, contentW - 284}, []string{"序号", "需补正的材料或事项", "说明"}, rows, 10)
	w.gap(6)
	w.para("    请按上述内容补正后，携带本告知书到窗口提交。补正材料齐全、符合法定形式的，本机关将予以受理；"+
		"办理时限自材料补齐之日起计算。", 11, 0)
	w.gap(6)
	w.received(c, "已收取材料")
}

// received lists the materials in hand; a case with none says so.
func (w *writer) received(c *hall.Case, title string) {
	w.section(title)
	var rows [][]string
	for _, m := range c.Materials {
		if !m.Received() {
			continue
		}
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), m.Name, count(m.Originals), count(m.Copies),
			count(len(m.Files)), m.LicenceRef})
	}
	if len(rows) == 0 {
		w.para("（无）", 10.5, 0)
		w.gap(6)
		return
	}
	w.table([]float64{34, 215, 42, 46, 46, contentW - 383}, []string{"序号", "材料名称", "原件", "复印件", "扫描件", "电子证照"}, rows, 10)
	w.gap(6)
}

func (w *writer) section(title string) {
	w.ensure(40)
	w.para(title, 12, 0)
	w.gap(2)
}

func count(n int) string {
	if n <= 0 {
		return "—"
	}
	return strconv.Itoa(n) + "份"
}

// dateCN writes YYYY-MM-DD as 2026年11月23日; anything else stays as it is.
func dateCN(s string) string {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return d.Format("2006年1月2日")
}
