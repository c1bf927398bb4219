package seed

import (
	"fmt"
	"math/rand/v2"

	"yichuang/hall"
)

// Names, places and firms of a county in 安徽: what a hall sees in a day,
// rare characters included (喆 堃 玥 䶮 𠮷 must survive every step).
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
		"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳", "司马"}
	givenNames = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
		"涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "喆", "堃", "玥", "䶮", "𠮷祥", "子涵", "浩然", "一诺", "梓萱"}
	// areaCodes are 6-digit region codes of the county and its neighbours.
	areaCodes = []string{"341122", "341124", "341125", "341126", "341181", "341182", "341102", "341103"}
	towns     = []string{"城关镇", "乌衣镇", "汊河镇", "大柳镇", "章广镇", "施集镇", "沙河镇", "清流街道"}
	firmWords = []string{"恒信", "皖东", "新民", "金禾", "润丰", "宏达", "兴农", "安康", "清源", "鼎盛"}
	firmKinds = []string{"商贸有限公司", "农业发展有限公司", "建筑工程有限公司", "餐饮管理有限公司", "农民专业合作社"}
)

const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// person makes a natural person with a valid resident ID number.
func person(r *rand.Rand, now int) hall.Applicant {
	name := pick(r, surnames) + pick(r, givenNames)
	year := 1950 + r.IntN(max(1, now-1950-18))
	birth := fmt.Sprintf("%04d%02d%02d", year, 1+r.IntN(12), 1+r.IntN(28))
	base := pick(r, areaCodes) + birth + fmt.Sprintf("%03d", r.IntN(1000))
	return hall.Applicant{Kind: hall.NaturalPerson, Name: name, IDType: hall.IDResidentCard,
		IDNumber: base + idCheck(base), Phone: mobile(r),
		Address: fmt.Sprintf("安徽省滁州市%s%s村%d号", pick(r, towns), pick(r, []string{"东", "西", "南", "北", "新"}), 1+r.IntN(300))}
}

// firm makes a legal person with a valid unified social credit code.
func firm(r *rand.Rand, now int) hall.Applicant {
	rep := person(r, now)
	contact := person(r, now)
	// 9 1 (enterprise), the hall's region code 341122, then the body.
	body := "91341122" + randomFrom(r, "0123456789ABCDEFGHJKLMNPQRTUWXY", 9)
	return hall.Applicant{Kind: hall.LegalPerson, Name: "清河县" + pick(r, firmWords) + pick(r, firmKinds),
		IDType: hall.IDCreditCode, IDNumber: body + creditCheck(body), Phone: "0550-70" + randomFrom(r, "0123456789", 5),
		Address:  "安徽省滁州市清河县" + pick(r, towns) + "工业园" + fmt.Sprint(1+r.IntN(50)) + "号",
		LegalRep: rep.Name, ContactName: contact.Name, ContactPhone: contact.Phone}
}

// idCheck is the GB 11643 check character of 17 digits (ISO 7064 MOD 11-2).
func idCheck(d17 string) string {
	w := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return string("10X98765432"[sum%11])
}

// creditCheck is the GB 32100 check character of 17 characters.
func creditCheck(s17 string) string {
	w := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		for v, c := range creditChars {
			if byte(c) == s17[i] {
				sum += v * w[i]
				break
			}
		}
	}
	return string(creditChars[(31-sum%31)%31])
}

func mobile(r *rand.Rand) string {
	return "1" + string("3456789"[r.IntN(7)]) + randomFrom(r, "0123456789", 9)
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func randomFrom(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// Applicant is a made-up natural person with a valid ID number and
// mobile (load tests that build cases without a desk: yichuang-bench).
func Applicant(r *rand.Rand, year int) hall.Applicant { return person(r, year) }
