package documents

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"yichuang/hall"
)

const qrSize = 84.0

// Render writes the notice n of case c as a PDF.
func Render(c *hall.Case, n hall.Notice) ([]byte, error) {
	if c == nil || c.No == "" {
		return nil, hall.Errorf(hall.EInvalid, "办件尚无编号，不能出具%s", n.Kind)
	}
	issued := n.IssuedAt
	if issued.IsZero() {
		issued = c.UpdatedAt
	}
	w, err := newWriter(string(n.Kind)+" "+c.No, issued)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s", n.Kind)
	}
	w.header = string(n.Kind) + " · 办件编号 " + c.No
	if err := w.top(c, n); err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s的二维码", n.Kind)
	}
	w.facts(c, n, issued)
	switch n.Kind {
	case hall.DocReceipt:
		w.receipt(c, n)
	case hall.DocRefusal:
		w.refusal(c, issued)
	case hall.DocCorrection:
		w.correction(c, n, issued)
	case hall.DocReceiving: // counter.go
		w.receiving(c, n)
	case hall.DocDecision:
		w.decision(c, n, issued)
	case hall.DocExtension:
		w.extension(c, n, issued)
	case hall.DocWithdrawal:
		w.withdrawal(c, issued)
	case hall.DocDelivery:
		w.delivery(c, n, issued)
	default:
		return nil, hall.Errorf(hall.EInvalid, "未知的文书种类“%s”", n.Kind)
	}
	w.foot(n, issued)
	b, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法生成%s", n.Kind)
	}
	return b, nil
}

// qrPayload is what the notice's QR code carries: the progress address
// with the rating fields (rate=1 and code, the case's 评价码: the page offers
// the 好差评 of this case, one a stage, to an applicant who did not rate at
// the window, and sends it to the platform's POST /api/v1/rate with the
// code; a page that does not know the fields shows the progress as before).
// Without an address, the case number, its 评价码, the hall's phone and how
// to rate.
func qrPayload(c *hall.Case, n hall.Notice) (payload, caption string) {
	code := hall.RatingCode(c.ID, c.No)
	if n.QueryURL == "" {
		text := "办件编号：" + c.No + "\n" + n.HallName + " 咨询电话：" + n.HallPhone +
			"\n好差评：凭办件编号评价本次服务（一次一评）"
		if code != "" {
			text += "\n评价码：" + code
		}
		return text, "扫码获取办件编号"
	}
	return RatingLink(n.QueryURL, code), "扫码查询进度、评价服务"
}

// RatingLink adds the rating fields to a progress address, before any
// fragment, keeping what it already asks: rate=1 and, when the case has
// one, its 评价码.
func RatingLink(progress, code string) string {
	u, err := url.Parse(progress)
	if err != nil {
		return progress
	}
	q := u.Query()
	q.Set("rate", "1")
	if code != "" {
		q.Set("code", code)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// qrCorner draws the QR code of payload in the top right corner with its
// caption under it, and returns the code's left edge.
func (w *writer) qrCorner(payload, caption string) (float64, error) {
	png, err := qrPNG(payload)
	if err != nil {
		return 0, err
	}
	img, err := gopdf.ImageHolderByBytes(png)
	if err != nil {
		return 0, err
	}
	x := pageW - margin - qrSize
	if err := w.pdf.ImageByHolder(img, x, margin-8, &gopdf.Rect{W: qrSize, H: qrSize}); err != nil {
		return 0, err
	}
	w.setSize(8)
	w.at(x+(qrSize-w.width(caption))/2, margin-8+qrSize, caption)
	return x, nil
}

// top prints the hall, the title and the QR code of the progress address.
// Without an address the code carries the case number and the hall's
// phone, which is still what the applicant needs to ask.
func (w *writer) top(c *hall.Case, n hall.Notice) error {
	x, err := w.qrCorner(qrPayload(c, n))
	if err != nil {
		return err
	}
	w.centered(n.HallName, 13)
	w.gap(4)
	w.centered(string(n.Kind), 22)
	w.gap(6)
	w.setSize(11)
	w.at(margin, w.y, "办件编号："+c.No)
	if code := hall.RatingCode(c.ID, c.No); code != "" {
		// Under the QR code's caption: the code that lets the holder of
		// this paper rate the case later (hall.RatingCode).
		w.setSize(8)
		label := "评价码 " + code
		w.at(x+(qrSize-w.width(label))/2, margin-8+qrSize+11, label)
		w.setSize(11)
	}
	w.y = max(w.y+w.lineH(), margin-8+qrSize+24)
	return nil
}

// facts prints the case, the item and the applicant.
func (w *writer) facts(c *hall.Case, n hall.Notice, issued time.Time) {
	a := c.Applicant
	two := []float64{78, contentW - 78}
	rows := [][]string{{"事项名称", c.ItemName}}
	if c.Department != "" { // a bundle's notice names each case's department in its table
		rows = append(rows, []string{"实施部门", c.Department})
	}
	four := []float64{78, 164, 78, contentW - 320}
	var pairs [][]string
	if a.Kind == hall.LegalPerson {
		rows = append(rows, []string{"申请单位", a.Name})
		pairs = append(pairs, []string{"统一社会信用代码", a.IDNumber, "法定代表人", a.LegalRep},
			[]string{"联系人", a.ContactName, "联系电话", hall.MaskPhone(a.ContactPhone)})
	} else {
		rows = append(rows, []string{"申请人", a.Name})
		pairs = append(pairs, []string{"证件类型", orDefault(a.IDType, hall.IDResidentCard), "证件号码", hall.MaskID(a.IDNumber)},
			[]string{"联系电话", hall.MaskPhone(a.Phone), "收件时间", clock(c.ReceivedAt)})
	}
	if a.Address != "" {
		rows = append(rows, []string{"联系地址", hall.MaskAddress(a.Address)}) // masked as the ID number and phone are
	}
	w.table(two, nil, rows, 10.5, 0)
	if a.Kind == hall.LegalPerson {
		pairs = append(pairs, []string{"收件时间", clock(c.ReceivedAt), "经办人", c.Clerk})
	}
	if n.Kind == hall.DocReceipt {
		pairs = append(pairs, []string{"受理时间", clock(issued), "承诺时限", n.PromiseLimit.String()},
			[]string{"承诺办结日期", promiseDate(c, n), "受理人", c.Clerk})
	}
	w.table(four, nil, pairs, 10.5, 0, 2)
	w.gap(10)
}

func (w *writer) foot(n hall.Notice, issued time.Time) {
	w.gap(10)
	type line struct {
		s    string
		size float64
	}
	lines := []line{{"办理地点：" + n.HallAddress, 10.5}, {"咨询电话：" + n.HallPhone, 10.5}}
	if n.QueryURL != "" {
		lines = append(lines, line{"进度查询：" + n.QueryURL, 9})
	}
	// The seal and its date never stand alone on a page (GB/T 9704-2012
	// 7.3.5): where they would, the hall's address, phone and query line
	// go over with them.
	const sealGap, sealSize = 18, 11
	h := sealGap + 2*sealSize*1.45
	for _, l := range lines {
		w.setSize(l.size)
		h += float64(len(w.split(l.s, contentW))) * w.lineH()
	}
	w.ensure(h)
	for _, l := range lines {
		w.para(l.s, l.size, 0)
	}
	w.gap(sealGap)
	w.right(n.HallName+"（盖章）", sealSize)
	w.right(hall.HallTime(issued).Format("2006年1月2日"), sealSize)
	if len(w.missing) > 0 {
		w.gap(12)
		w.para(missingNote(w.missing), 9, 0)
	}
}

// missingNote names the characters printed as □, by code point, since
// the font cannot print them even in the note.
func missingNote(m map[rune]bool) string {
	var cps []string
	for r := range m {
		cps = append(cps, fmt.Sprintf("U+%04X", r))
	}
	sort.Strings(cps)
	return fmt.Sprintf("注：本文书中有%d个字符（%s）为生僻字，打印字体无法显示，以“%c”代替，以系统登记信息为准。",
		len(cps), strings.Join(cps, "、"), missingMark)
}

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return hall.HallTime(t).Format("2006-01-02 15:04")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func promiseDate(c *hall.Case, n hall.Notice) string {
	if n.PromiseLimit.Instant() {
		return "即办件，当场办结"
	}
	if d, err := time.Parse("2006-01-02", c.PromiseDue); err == nil {
		return d.Format("2006年1月2日")
	}
	return c.PromiseDue
}
