package catalogio

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"yichuang/hall"
)

var stepNames = []string{"收件", "受理", "审查", "决定", "制证", "送达"}

// synthItem fills one entry's guide the way county guides read.
func synthItem(rng *rand.Rand, name, base, basic, credit, dept, county, region, deptMaterials string) hall.Item {
	task := credit + "1" + basic
	typ := itemType(base)
	legal := hall.Limit{Days: []int{20, 20, 15, 30, 10, 60}[rng.IntN(6)], Unit: hall.WorkingDays}
	promise := hall.Limit{Days: max(1, legal.Days/(2+rng.IntN(3))), Unit: hall.WorkingDays}
	if typ == hall.TypeConfirmation && rng.IntN(3) > 0 || strings.Contains(name, "补领") || strings.Contains(name, "证明") {
		promise.Days = 0
	}
	it := hall.Item{
		Code: task, BasicCode: basic, TaskCode: task, Name: name, Type: typ, Department: dept,
		Subjects:      [][]string{{"自然人"}, {"法人"}, {"自然人", "法人"}}[rng.IntN(3)],
		LegalBasis:    fmt.Sprintf("《中华人民共和国行政许可法》第%s条；《安徽省%s管理办法》第%s条", cnNum(rng.IntN(60)+1), strings.TrimSuffix(base, "登记"), cnNum(rng.IntN(40)+1)),
		Conditions:    fmt.Sprintf("申请人应当符合%s的法定条件，申请材料齐全、符合法定形式；属于本部门职责范围且依法应当办理的，予以受理。", base),
		LegalLimit:    legal,
		PromiseLimit:  promise,
		HandlingForms: []string{"窗口办理", "网上办理"}, Visits: rng.IntN(2),
		Place:          fmt.Sprintf("%s政务服务中心%d楼%s综合受理窗口%d号", county, 1+rng.IntN(3), strings.TrimPrefix(dept, county), 1+rng.IntN(30)),
		Hours:          "周一至周五 上午9:00-12:00 下午13:30-17:00（法定节假日除外）",
		ConsultPhone:   fmt.Sprintf("0%s-%07d", region[2:5], 5600000+rng.IntN(400000)),
		ComplaintPhone: fmt.Sprintf("0%s-12345", region[2:5]),
		OnlineURL:      "https://www.ahzwfw.gov.cn/bog-bsdt/static/workProcess/guide.html?taskCode=" + task,
		OnlineDepth:    []string{"二级", "三级", "四级"}[rng.IntN(3)],
		ResultType:     map[bool]string{true: "证照", false: "其他"}[typ == hall.TypeLicensing],
		ResultName:     resultName(base),
		Scope:          []string{"全省通办", "全市通办", "本县（区）办理"}[rng.IntN(3)],
	}
	for i, s := range stepNames {
		d := 0
		if i == 2 && promise.Days > 0 {
			d = max(0, promise.Days-2)
		}
		if i == 3 && promise.Days > 1 {
			d = 1
		}
		it.Steps = append(it.Steps, hall.Step{Name: s, Days: d, Role: "窗口人员"})
	}
	if rng.IntN(10) == 0 {
		it.Fees = []hall.Fee{{Name: "工本费", Standard: fmt.Sprintf("%d元/本", 5+rng.IntN(20)), Basis: "国家发展改革委、财政部有关收费标准的通知"}}
	}
	if typ == hall.TypeLicensing && rng.IntN(8) == 0 {
		it.Special = []hall.SpecialProcedure{{Name: []string{"听证", "专家评审", "现场勘验", "公示"}[rng.IntN(4)], Limit: hall.Limit{Days: 10 + rng.IntN(20), Unit: hall.WorkingDays}}}
	}
	it.Materials = synthMaterials(rng, base, deptMaterials)
	return it
}

func synthMaterials(rng *rand.Rand, base, deptMaterials string) []hall.Material {
	ms := []hall.Material{{Name: base + "申请表", Kind: "申请表格文书", Necessity: hall.Required, Source: "申请人自备",
		Originals: 1, Medium: "纸质或电子", Format: "A4", Notes: "如实填写，申请人签字或盖章"}}
	id := hall.Material{Name: "居民身份证", Kind: "证件证书证明", Necessity: hall.Required, Source: "政府部门核发",
		Originals: 1, Copies: 1, Medium: "纸质", Standard: "原件核验，复印件留存"}
	if rng.IntN(2) == 0 {
		id.Name = "营业执照"
	}
	ms = append(ms, id)
	pool := strings.Split(deptMaterials, "、")
	for _, k := range rng.Perm(len(pool))[:1+rng.IntN(len(pool))] {
		m := hall.Material{Name: pool[k], Kind: "证件证书证明", Necessity: hall.Required, Source: "申请人自备",
			Originals: rng.IntN(2), Copies: 1, Medium: "纸质", Format: "A4"}
		if rng.IntN(6) == 0 {
			m.Necessity, m.Notes = hall.Deferrable, "可容缺受理，承诺期限内补齐"
		}
		ms = append(ms, m)
	}
	if rng.IntN(3) == 0 {
		ms = append(ms, hall.Material{Name: "授权委托书", Kind: "申请表格文书", Necessity: hall.Optional,
			Source: "申请人自备", Originals: 1, Medium: "纸质", Notes: "委托他人办理时提供"})
	}
	return ms
}

func resultName(base string) string {
	switch {
	case strings.HasSuffix(base, "许可"):
		return base + "证"
	case strings.HasSuffix(base, "登记"):
		return base + "证明"
	}
	return base + "结果文书"
}

func cnNum(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n < 20:
		return "十" + d[n%10]
	}
	return d[n/10] + "十" + d[n%10]
}
