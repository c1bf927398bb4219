package hall

import (
	"context"
	"time"
)

// AuditAction is what an audit record is about.
type AuditAction string

// Audited actions (等保 2.0: time, user, event, outcome for every action).
const (
	AuditLogin       AuditAction = "登录"
	AuditLoginFailed AuditAction = "登录失败"
	AuditLogout      AuditAction = "退出登录"
	AuditLock        AuditAction = "锁屏"
	AuditUnlock      AuditAction = "解锁"
	AuditReveal      AuditAction = "查看个人信息"
	AuditLookup      AuditAction = "按证件号查询"
	AuditCase        AuditAction = "办件操作"
	AuditExport      AuditAction = "导出"
	AuditBackup      AuditAction = "备份"
	AuditRestore     AuditAction = "恢复"
	AuditSetting     AuditAction = "修改设置"
	AuditUser        AuditAction = "账号管理"
	AuditPassword    AuditAction = "修改密码"
	AuditPurge       AuditAction = "清除个人信息"
	AuditSetup       AuditAction = "初始化"
	AuditCatalog     AuditAction = "导入事项目录"
	AuditRegister    AuditAction = "注册到平台"
)

// Outcomes.
const (
	AuditOK     = "成功"
	AuditFailed = "失败"
	AuditDenied = "拒绝"
)

// AuditEntry is one record of the audit log: append-only, chained.
type AuditEntry struct {
	Seq      int64
	ID       string
	At       time.Time
	UserID   string
	UserName string // display name at the time, as the record must stand alone
	Role     Role
	Action   AuditAction
	Object   string // what it was done to: a case number, a user, a file
	Outcome  string
	Detail   string // never personal data: field names, not values

	// Prev and Hash chain the record to the one before (SM3, hex); the
	// platform checks the chain of what it receives with them.
	Prev, Hash string
}

// AuditFilter narrows the audit list.
type AuditFilter struct {
	Action AuditAction
	UserID string
	Before int64 // seq, for paging back; 0 = newest
	Limit  int
}

// AuditService records and lists the audit log. Records go in the same
// transaction as the action they record wherever the store can manage it.
type AuditService interface {
	// Record appends one record (for actions that are not a store write:
	// a lock of the screen, an export to a file).
	Record(ctx context.Context, e AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
