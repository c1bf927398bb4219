package documents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
)

// counterNotices are the five notices of the counter, each with the facts
// its event freezes.
func counterNotices() map[hall.DocKind]hall.Notice {
	out := map[hall.DocKind]hall.Notice{}
	for _, k := range []hall.DocKind{hall.DocReceiving, hall.DocDecision, hall.DocExtension, hall.DocWithdrawal, hall.DocDelivery} {
		n := sampleNotice(k)
		switch k {
		case hall.DocReceiving:
			n.Gaps = []hall.Gap{{Material: "父母结婚证", Problem: "未提交"}}
		case hall.DocDecision:
			n.Decision = &hall.DecisionFacts{Result: hall.ResultApproved, Licence: "JY13411220000123"}
		case hall.DocExtension:
			n.Extension = &hall.Extension{Approver: "李局长", Reason: "需现场核查经营场所", Days: 10, LegalBefore: "2026-12-21"}
		case hall.DocDelivery:
			n.Delivery = &hall.Delivery{Method: hall.DeliverWindow, Collector: "王䶮喆", CollectorID: "11010519491231002X",
				Relation: hall.CollectorSelf}
		}
		out[k] = n
	}
	return out
}

func TestCounterNoticesSayWhatHappened(t *testing.T) {
	want := map[hall.DocKind][]string{
		hall.DocReceiving:  {"收件凭证", "已收取材料", "父母结婚证", "不表示申请已被受理"},
		hall.DocDecision:   {"办结通知书", "准予许可", "JY13411220000123", "领取办理结果"},
		hall.DocExtension:  {"延期告知书", "第四十二条", "李局长", "需现场核查经营场所", "10个工作日", "2026年12月21日", "2027年1月6日"},
		hall.DocWithdrawal: {"撤回通知书", "申请人书面申请撤回", "本件办理终止", "退还申请人的材料"},
		hall.DocDelivery:   {"送达回证", "窗口领取", "申请人本人", "与申请人证件号码一致", "领取人签名", "李玥"},
	}
	for kind, n := range counterNotices() {
		c := sampleCase()
		c.LegalDue, c.Reason, c.Result = "2027-01-06", "申请人书面申请撤回", hall.ResultApproved
		pdf, err := Render(c, n)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		text := textOf(t, pdf)
		for _, w := range append(want[kind], "341122-20261123-01-0007", "1101**********002X", "清河县政务服务中心（盖章）", "王䶮喆") {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", kind, w)
			}
		}
		if strings.Contains(text, "□") || strings.Contains(text, "U+4DAE") {
			t.Errorf("%s prints 䶮 as a box", kind)
		}
		if strings.Contains(text, "11010519491231002X") || strings.Contains(text, "13812345678") {
			t.Errorf("%s prints an ID or phone number in full", kind)
		}
		if dir := os.Getenv("YC_NOTICE_DIR"); dir != "" { // to look at them: pdftoppm
			if err := os.WriteFile(filepath.Join(dir, string(kind)+".pdf"), pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDeliveryNoticeByPostAndByAgent(t *testing.T) {
	n := sampleNotice(hall.DocDelivery)
	n.Delivery = &hall.Delivery{Method: hall.DeliverPost, Company: "中国邮政EMS", Tracking: "1190012345678"}
	pdf, err := Render(sampleCase(), n)
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, pdf)
	for _, w := range []string{"邮寄送达", "中国邮政EMS", "1190012345678", "寄送地址"} {
		if !strings.Contains(text, w) {
			t.Errorf("posted 送达回证 lacks %q", w)
		}
	}
	if strings.Contains(text, "领取人签名") {
		t.Error("a posted result asks for the collector's signature")
	}
	n.Delivery = &hall.Delivery{Method: hall.DeliverWindow, Collector: "李四", CollectorID: "440524188001010014",
		AgentID: "440524188001010014", Relation: hall.CollectorAgent}
	pdf, _ = Render(sampleCase(), n)
	if text := textOf(t, pdf); !strings.Contains(text, "受托人") || !strings.Contains(text, "4405**********0014（已核验一致）") ||
		strings.Contains(text, "440524188001010014") {
		t.Errorf("agent's 送达回证: %s", text)
	}
}
