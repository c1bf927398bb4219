package hall

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// ItemType is the national 事项类型 code. Provinces extend the table, so
// unknown codes are kept as they arrive; ItemTypeName names the common ones.
type ItemType string

// The common national item types.
const (
	TypeLicensing     ItemType = "01" // 行政许可
	TypePenalty       ItemType = "02" // 行政处罚
	TypeEnforcement   ItemType = "03" // 行政强制
	TypeLevy          ItemType = "04" // 行政征收
	TypeBenefit       ItemType = "05" // 行政给付
	TypeInspection    ItemType = "06" // 行政检查
	TypeConfirmation  ItemType = "07" // 行政确认
	TypeReward        ItemType = "08" // 行政奖励
	TypeAdjudication  ItemType = "09" // 行政裁决
	TypeOtherPower    ItemType = "10" // 其他行政权力
	TypePublicService ItemType = "20" // 公共服务
)

var itemTypeNames = map[ItemType]string{
	TypeLicensing:     "行政许可",
	TypePenalty:       "行政处罚",
	TypeEnforcement:   "行政强制",
	TypeLevy:          "行政征收",
	TypeBenefit:       "行政给付",
	TypeInspection:    "行政检查",
	TypeConfirmation:  "行政确认",
	TypeReward:        "行政奖励",
	TypeAdjudication:  "行政裁决",
	TypeOtherPower:    "其他行政权力",
	TypePublicService: "公共服务",
}

// Name is the Chinese name of the type, or the raw code when unknown.
func (t ItemType) Name() string {
	if n, ok := itemTypeNames[t]; ok {
		return n
	}
	return string(t)
}

// Known reports whether t is one of the national codes.
func (t ItemType) Known() bool { _, ok := itemTypeNames[t]; return ok }

// TypeInfo is one row of the item-type table: the national codes and those
// a province adds (its entries carry their names, see Item.TypeName).
type TypeInfo struct {
	Code     ItemType
	Name     string
	National bool
}

// Label is how a filter lists the type: "21 便民服务".
func (t TypeInfo) Label() string { return string(t.Code) + " " + t.Name }

// NationalTypes is the national table as TypeInfo rows, in order.
func NationalTypes() []TypeInfo {
	out := make([]TypeInfo, 0, len(itemTypeNames))
	for _, t := range ItemTypes() {
		out = append(out, TypeInfo{Code: t, Name: t.Name(), National: true})
	}
	return out
}

// NameTypes gives each entry of a province's type that names its code
// alone the name the desk's type table knows (names: code → name), so a
// list may give a known code without repeating its name. Names are
// trimmed.
func NameTypes(items []Item, names map[ItemType]string) {
	for i := range items {
		it := &items[i]
		if it.TypeName == "" && !it.Type.Known() {
			it.TypeName = names[it.Type]
		}
		it.TypeName = strings.TrimSpace(it.TypeName)
	}
}

// ValidTypeCode reports whether t has the shape of a type code: one to four
// ASCII letters or digits (the national table uses two digits).
func ValidTypeCode(t ItemType) bool {
	if len(t) == 0 || len(t) > 4 {
		return false
	}
	for _, c := range []byte(t) {
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// ItemTypes lists the national codes in order.
func ItemTypes() []ItemType {
	return []ItemType{TypeLicensing, TypePenalty, TypeEnforcement, TypeLevy, TypeBenefit,
		TypeInspection, TypeConfirmation, TypeReward, TypeAdjudication, TypeOtherPower, TypePublicService}
}

// Unit is the unit of a time limit.
type Unit string

// Units of a time limit.
const (
	WorkingDays Unit = "工作日"
	NaturalDays Unit = "自然日"
)

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return u == WorkingDays || u == NaturalDays }

// Limit is a time limit: a number of days and their unit. Days == 0 means
// the item is handled on the spot (即办件).
type Limit struct {
	Days int  `json:"days"`
	Unit Unit `json:"unit"`
}

// TypeLabel is the name a clerk reads for the item's type: the national
// name, else the province's, else the bare code.
func (it *Item) TypeLabel() string {
	if it.Type.Known() || it.TypeName == "" {
		return it.Type.Name()
	}
	return it.TypeName
}

// Instant reports whether the limit means 即办件.
func (l Limit) Instant() bool { return l.Days == 0 }

// String renders the limit as a clerk reads it: "20个工作日", "即办".
func (l Limit) String() string {
	if l.Instant() {
		return "即办"
	}
	return strconv.Itoa(l.Days) + "个" + string(l.Unit)
}

// ItemStatus tells whether an item may be used for new applications.
type ItemStatus string

// Item statuses. A withdrawn item stays in the catalog because cases refer
// to it.
const (
	ItemActive    ItemStatus = "在用"
	ItemWithdrawn ItemStatus = "已取消"
)

// Fee is one charge of an item (收费项目).
type Fee struct {
	Name     string `json:"name"`
	Standard string `json:"standard"` // e.g. "9元/本"
	Basis    string `json:"basis,omitempty"`
}

// Step is one step of the handling process with its days.
type Step struct {
	Name     string `json:"name"` // 收件, 受理, 审查, 决定, 制证, 送达
	Days     int    `json:"days"`
	Role     string `json:"role,omitempty"` // who does it, e.g. 窗口人员
	Standard string `json:"standard,omitempty"`
}

// SpecialProcedure is a procedure whose time is not counted (行政许可法 Art. 45).
type SpecialProcedure struct {
	Name  string `json:"name"` // 听证, 检验, 专家评审, 公示 …
	Limit Limit  `json:"limit"`
	Basis string `json:"basis,omitempty"`
}

// Necessity of a material.
type Necessity string

// Necessities. Deferrable (容缺后补) materials may be supplied after acceptance.
const (
	Required   Necessity = "必要"
	Optional   Necessity = "非必要"
	Deferrable Necessity = "容缺后补"
)

// Material is one entry of an item's 申请材料 list.
type Material struct {
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`      // 证件证书证明 / 申请表格文书 / 其他
	Necessity Necessity `json:"necessity"` // 必要 / 非必要 / 容缺后补
	Source    string    `json:"source"`    // 申请人自备 / 政府部门核发
	Originals int       `json:"originals"`
	Copies    int       `json:"copies"`
	Medium    string    `json:"medium"`             // 纸质 / 电子 / 纸质或电子
	Format    string    `json:"format,omitempty"`   // page format, e.g. A4
	Notes     string    `json:"notes,omitempty"`    // fill-in notes
	Standard  string    `json:"standard,omitempty"` // acceptance standard
	Sample    string    `json:"sample,omitempty"`
}

// Item is one service item of the implementation list (实施清单), with
// everything the 办事指南 shows at the window.
type Item struct {
	// Code is the key by which this catalog, its cases and the platform name
	// the entry. In a hall's own list it is the 基本编码; in a province's list,
	// where every county implements the same 基本编码, it is the 实施编码 and
	// the 基本编码 is kept in BasicCode. See Basic.
	Code       string `json:"code"`
	BasicCode  string `json:"basic_code,omitempty"`  // 基本编码, 12 chars, when Code is not it
	TaskCode   string `json:"task_code"`             // 实施编码, up to 36
	HandleCode string `json:"handle_code,omitempty"` // 业务办理项编码, up to 50
	// The province's own versions of the three codes, where it keeps them.
	LocalCode       string `json:"local_code,omitempty"` // 地方基本编码
	LocalTaskCode   string `json:"local_task_code,omitempty"`
	LocalHandleCode string `json:"local_handle_code,omitempty"`

	Name string `json:"name"`
	// Keywords are the other words an entry is asked for by (关键词/别名):
	// colloquial names, old names, abbreviations, what the applicant wants
	// to get. Searched like the name, ranked just below it (hall/keywords.go).
	Keywords []string `json:"keywords,omitempty"`
	Type     ItemType `json:"type"`
	// TypeName is the province's name for a Type outside the national table
	// (e.g. 21 便民服务); it may repeat a national name, never contradict it.
	TypeName   string   `json:"type_name,omitempty"`
	Department string   `json:"department"`
	Subjects   []string `json:"subjects"` // 自然人 / 法人

	LegalBasis string `json:"legal_basis"`
	Conditions string `json:"conditions"`

	LegalLimit   Limit `json:"legal_limit"`
	PromiseLimit Limit `json:"promise_limit"`
	// ExtensionDays is the extension of the legal limit the law allows
	// the item (延长时限, working days); 0 when the catalog names none, and
	// a 延期 then offers the 10 days of 行政许可法 Art. 42.
	ExtensionDays int `json:"extension_days,omitempty"`

	HandlingForms []string           `json:"handling_forms"` // 窗口办理 / 网上办理 / 快递
	Visits        int                `json:"visits"`
	Fees          []Fee              `json:"fees,omitempty"`
	Steps         []Step             `json:"steps"`
	Special       []SpecialProcedure `json:"special_procedures,omitempty"`

	Place          string `json:"place"`
	Hours          string `json:"hours"`
	ConsultPhone   string `json:"consult_phone"`
	ComplaintPhone string `json:"complaint_phone"`
	OnlineURL      string `json:"online_url,omitempty"`
	OnlineDepth    string `json:"online_depth,omitempty"` // 一级…四级
	ResultType     string `json:"result_type"`            // 证照 / 批文 / 其他
	ResultName     string `json:"result_name"`
	Scope          string `json:"scope,omitempty"` // 通办范围

	Materials []Material `json:"materials"`

	// Members, when set, make the entry a bundle (一件事, bundle.go): the
	// codes of the items it opens one case each for, in order.
	Members []string `json:"members,omitempty"`

	// Form is the item's form schema (package forms reads it). Kept raw here
	// so the domain does not depend on how forms are rendered or checked.
	Form json.RawMessage `json:"form,omitempty"`

	Status    ItemStatus `json:"status,omitempty"`
	Version   int        `json:"version,omitempty"`
	UpdatedAt time.Time  `json:"updated_at,omitempty"`
}

// Instant reports whether the item is a 即办件 (promised on the spot).
func (it *Item) Instant() bool { return it.PromiseLimit.Instant() }

// Free reports whether the item charges nothing.
func (it *Item) Free() bool { return len(it.Fees) == 0 }

// Basic is the item's 基本编码: BasicCode, or Code when the catalog keys its
// entries by the 基本编码 itself.
func (it *Item) Basic() string {
	if it.BasicCode != "" {
		return it.BasicCode
	}
	return it.Code
}

// Region is the 行政区划代码 of the implementing body, read from the unified
// social credit code that starts the 实施编码 (characters 3–8), "" when the
// task code is too short to hold one. It tells county variants of one item
// apart and lets a desk rank its own county's variant first.
func (it *Item) Region() string { return TaskRegion(it.TaskCode) }

// TaskRegion is Region for a bare 实施编码.
func TaskRegion(taskCode string) string {
	if len(taskCode) < 18 {
		return ""
	}
	r := taskCode[2:8]
	for _, c := range r {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return r
}
