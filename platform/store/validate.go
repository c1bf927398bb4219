package store

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	gojson "github.com/goccy/go-json"

	"yichuang/forms"
	"yichuang/hall"
	"yichuang/sync/protocol"
)

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// caseEvent is a decoded case.event operation.
type caseEvent struct {
	c       hall.Case
	ev      hall.Event
	rawCase json.RawMessage // as sent: sealDocCompact stores them compacted
	rawEv   json.RawMessage
}

// decodeCaseEvent reads and checks a case.event operation on its own: the
// ids agree, the case number belongs to the desk's hall, the applicant's
// identifiers pass the same checks as at the window. Every refusal names
// the field in Chinese.
func decodeCaseEvent(desk Desk, op protocol.Op) (*caseEvent, *hall.Error) {
	var body protocol.CaseEventBody
	if err := decodeJSON(op.Body, &body); err != nil || len(body.Case) == 0 || len(body.Event) == 0 {
		return nil, hall.Errorf(hall.EInvalid, "记录内容无法读取：缺少办件或事件")
	}
	ce := &caseEvent{rawCase: body.Case, rawEv: body.Event}
	if err := decodeJSON(body.Case, &ce.c); err != nil {
		return nil, hall.Errorf(hall.EInvalid, "办件内容无法读取：%v", err)
	}
	if err := decodeJSON(body.Event, &ce.ev); err != nil {
		return nil, hall.Errorf(hall.EInvalid, "办件事件无法读取：%v", err)
	}
	c, ev := &ce.c, &ce.ev
	switch {
	case ev.ID != op.ID:
		return nil, hall.Errorf(hall.EInvalid, "事件编号与记录编号不一致")
	case c.ID == "" || c.ID != op.CaseID || ev.CaseID != c.ID:
		return nil, hall.Errorf(hall.EInvalid, "办件编号（内部）与记录不一致")
	case !hall.ValidCaseNumber(c.No):
		return nil, hall.Errorf(hall.EInvalid, "办件编号“%s”格式不正确", c.No)
	case !ownNumber(c.No, desk):
		return nil, hall.Errorf(hall.EForbidden, "办件编号 %s 不是本窗口的编号：本窗口注册为大厅 %s 的窗口 %s，其办件编号应为 %s-日期-%s-流水号",
			c.No, desk.HallCode, desk.DeskCode, desk.HallCode, desk.DeskCode)
	case strings.TrimSpace(c.ItemCode) == "" || strings.TrimSpace(c.ItemName) == "":
		return nil, hall.Errorf(hall.EInvalid, "办件 %s 缺少事项编码或事项名称", c.No)
	case ev.At.IsZero():
		return nil, hall.Errorf(hall.EInvalid, "办件 %s 的事件缺少发生时间", c.No)
	}
	if e := checkApplicant(c); e != nil {
		return nil, e
	}
	if b := c.Bundle; b != nil && (b.ID == "" || len(b.ID) > 64 || b.Code == "" || b.Of < hall.MinBundleMembers ||
		b.Of > hall.MaxBundleMembers || b.Part < 1 || b.Part > b.Of) {
		return nil, hall.Errorf(hall.EInvalid, "办件 %s 的一件事关联信息不完整（编号、事项或第几件）", c.No)
	}
	for _, m := range c.Materials {
		for _, f := range m.Files {
			if !sha256RE.MatchString(f) {
				return nil, hall.Errorf(hall.EInvalid, "办件 %s 材料“%s”的扫描件编号“%s”无效", c.No, m.Name, f)
			}
		}
	}
	return ce, nil
}

// ownNumber reports whether a well-formed case number was made by the
// desk: its hall code and its desk code, each matched whole (hall codes
// are 6 to 12 digits, so 341122 is not a prefix test of 341122100).
func ownNumber(no string, desk Desk) bool {
	parts := strings.Split(no, "-")
	return len(parts) == 4 && parts[0] == desk.HallCode && parts[2] == desk.DeskCode
}

func checkApplicant(c *hall.Case) *hall.Error {
	a := c.Applicant
	if strings.TrimSpace(a.Name) == "" {
		return hall.Errorf(hall.EInvalid, "办件 %s 缺少申请人名称", c.No)
	}
	var err error
	switch {
	case a.Kind == hall.LegalPerson && (a.IDType == "" || a.IDType == hall.IDCreditCode):
		if err = forms.CheckCreditCode(a.IDNumber); forms.IsWarning(err) {
			err = nil // some early codes fail their check character: the window confirmed it
		}
	case a.Kind != hall.LegalPerson && (a.IDType == "" || a.IDType == hall.IDResidentCard):
		err = forms.CheckResidentID(a.IDNumber)
	}
	if err == nil && a.Phone != "" {
		err = forms.CheckPhone(a.Phone)
	}
	if err != nil {
		return hall.Errorf(hall.EInvalid, "办件 %s 申请人信息有误：%s", c.No, hall.ErrorMessage(err))
	}
	return nil
}

// decodeJSON decodes raw into v with goccy/go-json, several times as fast
// as encoding/json on a case (TestDecodeJSONAgreesWithEncodingJSON); what
// it refuses is decoded again by encoding/json, whose result and error
// (the refusals quote it) are the ones that count.
func decodeJSON[T any](raw []byte, v *T) error {
	if gojson.Unmarshal(raw, v) == nil {
		return nil
	}
	var fresh T
	err := json.Unmarshal(raw, &fresh)
	*v = fresh
	return err
}

func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}
