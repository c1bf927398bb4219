package catalogio

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"yichuang/hall"
)

// Synthetic makes a province-wide catalog of n entries for load tests and
// demos: every county's departments with the items such departments carry
// (licensing items split into 新办/变更/延续/注销, the 业务办理项 of one
// 实施编码), full guides and
// materials. The same n and seed always give the same catalog.
func Synthetic(n int, seed uint64) []hall.Item {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]hall.Item, 0, n)
	for round := 0; len(out) < n; round++ {
		for _, pf := range prefectures {
			for ci, county := range strings.Split(pf.counties, "、") {
				region := countyCode(pf.code, county, ci)
				for di, d := range departments {
					dept := county + d.name
					if round > 0 {
						dept += fmt.Sprintf("（第%d批）", round+1)
					}
					credit := creditCode(region, round*100+di)
					for bi, base := range strings.Split(d.items, "、") {
						for ai, action := range actionsFor(base) {
							if len(out) == n {
								return out
							}
							name := base
							if action != "" {
								name += "（" + action + "）"
							}
							// 新办/变更/延续/注销 are 业务办理项 of one item: one 基本编码
							// and 实施编码, each its own 业务办理项编码 (the entry's key).
							basic := fmt.Sprintf("0%02d%03d000000", di+1, bi+1)
							it := synthItem(rng, name, base, basic, credit, dept, county, region, d.materials)
							if action != "" {
								it.HandleCode = fmt.Sprintf("%s%05d", it.TaskCode, ai+1)
								it.Code = it.HandleCode
							}
							out = append(out, it)
						}
					}
				}
				towns := strings.Split(townships, "、")
				for ti, town := range towns[:17+ci%4] {
					dept := county + town + "人民政府"
					if round > 0 {
						dept += fmt.Sprintf("（第%d批）", round+1)
					}
					credit := creditCode(region, 50+round*100+ti)
					for bi, base := range strings.Split(townshipItems, "、") {
						if len(out) == n {
							return out
						}
						basic := fmt.Sprintf("0%02d%03d000000", 90+ti%10, bi+1)
						out = append(out, synthItem(rng, base, base, basic, credit, dept, county, region, "户口簿、家庭收入证明、村（居）民委员会证明"))
					}
				}
			}
		}
	}
	return out
}

// countyCode gives 清河县 the demo hall's code and every other county one
// in its prefecture's range: districts from 02, counties from 21, cities 81.
func countyCode(pref, county string, i int) string {
	switch {
	case county == "清河县":
		return "341122"
	case strings.HasSuffix(county, "区"):
		return fmt.Sprintf("%s%02d", pref, 2+i)
	case strings.HasSuffix(county, "市"):
		return fmt.Sprintf("%s%02d", pref, 81+i%10)
	}
	return fmt.Sprintf("%s%02d", pref, 21+i)
}

func actionsFor(base string) []string {
	for _, k := range []string{"许可", "核发", "审批"} {
		if strings.Contains(base, k) && !strings.Contains(base, "（") {
			return licenceActions
		}
	}
	return []string{""}
}

const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode makes a valid unified social credit code (GB 32100-2015) for
// a government body (category 11) of the region.
func creditCode(region string, body int) string {
	s := "11" + region + fmt.Sprintf("%09d", 3000000+body*7919%999999)[:9]
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditChars, s[i]) * w[i]
	}
	return s + string(creditChars[(31-sum%31)%31])
}

func itemType(name string) hall.ItemType {
	switch {
	case strings.Contains(name, "补贴") || strings.Contains(name, "救助") || strings.Contains(name, "给付") ||
		strings.Contains(name, "抚恤") || strings.Contains(name, "补助") || strings.Contains(name, "扶助金"):
		return hall.TypeBenefit
	case strings.Contains(name, "许可") || strings.Contains(name, "审批") || strings.Contains(name, "核发") ||
		strings.Contains(name, "核准") || strings.Contains(name, "设立"):
		return hall.TypeLicensing
	case strings.Contains(name, "申报") || strings.Contains(name, "缴费"):
		return hall.TypeLevy
	case strings.Contains(name, "仲裁") || strings.Contains(name, "调处") || strings.Contains(name, "鉴定"):
		return hall.TypeAdjudication
	case strings.Contains(name, "备案"):
		return hall.TypeOtherPower
	case strings.Contains(name, "登记") || strings.Contains(name, "认定") || strings.Contains(name, "确认"):
		return hall.TypeConfirmation
	}
	return hall.TypePublicService
}
