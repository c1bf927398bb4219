package documents

import (
	"strconv"
	"time"

	"yichuang/hall"
)

// The notices of the counter's later transitions (hall/counter.go), laid
// out as the intake notices are: the same header, facts table, fonts and
// masking (the case comes masked from the store; IDs are masked again here,
// which leaves a masked one as it is).

// receiving is the 收件凭证: the materials taken in, the decision to come.
func (w *writer) receiving(c *hall.Case, n hall.Notice) {
	w.received(c, "已收取材料")
	if len(n.Gaps) > 0 {
		w.section("尚待核验或补充的材料")
		var rows [][]string
		for _, g := range n.Gaps {
			rows = append(rows, []string{strconv.Itoa(len(rows) + 1), g.Material, g.Problem})
		}
		w.table([]float64{34, 250, contentW - 284}, []string{"序号", "材料名称", "说明"}, rows, 10)
		w.gap(6)
	}
	w.gap(4)
	w.para("    你（单位）提交的申请材料已收到。本机关将依照《中华人民共和国行政许可法》第三十二条的规定，"+
		"对申请材料进行审查后作出受理、不予受理或者一次性告知补正的决定，并出具书面凭证。"+
		"本凭证仅证明窗口已收到上列材料，不表示申请已被受理。请妥善保管，凭办件编号查询办理进度。", 10.5, 0)
}

// decision is the 办结通知书 of a case decided at the window.
func (w *writer) decision(c *hall.Case, n hall.Notice, issued time.Time) {
	d := n.Decision
	if d == nil {
		d = &hall.DecisionFacts{Result: c.Result, Reason: c.Reason, Licence: c.Licence}
	}
	w.para(c.Applicant.Name+"：", 11, 0)
	verdict := "准予办理"
	if d.Result == hall.ResultDenied {
		verdict = "不予许可"
	} else if d.Result == hall.ResultApproved {
		verdict = "准予许可"
	}
	w.para("    你（单位）于"+dateCN(hall.HallDay(c.ReceivedAt))+"提出的“"+c.ItemName+"”申请，本机关已依法审查，"+
		"于"+dateCN(hall.HallDay(issued))+"作出决定："+verdict+"。", 11, 0)
	w.gap(4)
	rows := [][]string{{"办结结果", string(d.Result)}, {"办结时间", clock(issued)}}
	if d.Licence != "" {
		rows = append(rows, []string{"证照编号", d.Licence})
	}
	if d.Reason != "" {
		rows = append(rows, []string{"不予许可理由", d.Reason})
	}
	w.table([]float64{78, contentW - 78}, nil, rows, 10.5, 0)
	w.gap(6)
	if d.Result == hall.ResultDenied {
		w.para("    如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"+
			"或者在六个月内依法向人民法院提起行政诉讼。", 11, 0)
	} else {
		w.para("    请持本通知书和本人有效身份证件到窗口领取办理结果；委托他人领取的，受托人须携带授权委托书和本人身份证件。", 11, 0)
	}
}

// extension is the 延期告知书 (行政许可法 Art. 42).
func (w *writer) extension(c *hall.Case, n hall.Notice, issued time.Time) {
	x := n.Extension
	if x == nil {
		x = &hall.Extension{}
	}
	w.para(c.Applicant.Name+"：", 11, 0)
	w.para("    你（单位）于"+dateCN(hall.HallDay(c.AcceptedAt))+"提出并经本机关受理的“"+c.ItemName+
		"”申请，因下列原因，不能在法定期限内作出决定。根据《中华人民共和国行政许可法》第四十二条的规定，"+
		"经本机关负责人批准，办理期限延长"+strconv.Itoa(x.Days)+"个工作日。", 11, 0)
	w.gap(4)
	w.table([]float64{120, contentW - 120}, nil, [][]string{
		{"延期理由", x.Reason},
		{"批准人", x.Approver},
		{"延长期限", strconv.Itoa(x.Days) + "个工作日"},
		{"原法定办结日期", dateCN(x.LegalBefore)},
		{"延期后法定办结日期", dateCN(c.LegalDue)},
		{"告知时间", clock(issued)},
	}, 10.5, 0)
	w.gap(6)
	w.para("    特此告知。延期期间可凭办件编号查询办理进度。", 11, 0)
}

// withdrawal is the 撤回通知书: the application ends at the applicant's
// request, without a decision.
func (w *writer) withdrawal(c *hall.Case, issued time.Time) {
	w.para(c.Applicant.Name+"：", 11, 0)
	w.para("    你（单位）于"+dateCN(hall.HallDay(c.ReceivedAt))+"提出的“"+c.ItemName+"”申请，应你（单位）的要求，"+
		"已于"+dateCN(hall.HallDay(issued))+"撤回，本件办理终止。", 11, 0)
	w.gap(4)
	w.table([]float64{78, contentW - 78}, nil, [][]string{{"撤回说明", c.Reason}, {"撤回时间", clock(issued)}}, 10.5, 0)
	w.gap(6)
	w.received(c, "退还申请人的材料")
	w.para("    以上材料的原件已当场退还。如需办理，可重新提出申请。", 11, 0)
}

// delivery is the 送达回证: what was handed over, how, to whom.
func (w *writer) delivery(c *hall.Case, n hall.Notice, issued time.Time) {
	d := n.Delivery
	if d == nil {
		d = &hall.Delivery{}
	}
	result := string(c.Result)
	if c.Licence != "" {
		result += "（证照编号 " + c.Licence + "）"
	}
	rows := [][]string{{"送达文书及结果", "“" + c.ItemName + "”办理结果：" + result}, {"送达方式", d.Method}}
	if d.Method == hall.DeliverPost {
		rows = append(rows, []string{"快递公司", d.Company}, []string{"快递单号", d.Tracking},
			[]string{"收件人", c.Applicant.Name}, []string{"寄送地址", c.Applicant.Address},
			[]string{"寄出时间", clock(issued)})
	} else {
		rows = append(rows, []string{"领取人", d.Collector}, []string{"领取人身份", d.Relation},
			[]string{"证件号码", hall.MaskID(d.CollectorID)})
		if d.Relation == hall.CollectorAgent {
			rows = append(rows, []string{"委托书受托人证件", hall.MaskID(d.AgentID) + "（已核验一致）"})
		} else {
			rows = append(rows, []string{"核验结果", "与申请人证件号码一致"})
		}
		rows = append(rows, []string{"领取时间", clock(issued)})
	}
	rows = append(rows, []string{"送达人", c.Clerk})
	w.table([]float64{120, contentW - 120}, nil, rows, 10.5, 0)
	w.gap(10)
	if d.Method == hall.DeliverPost {
		w.para("    办理结果已按申请人选择的方式邮寄送达，可凭快递单号查询投递情况。", 11, 0)
	} else {
		w.para("    上列办理结果已当面交付，领取人已核对无误。", 11, 0)
		w.gap(18)
		w.para("领取人签名：____________________        日期：____年____月____日", 11, 0)
	}
}
