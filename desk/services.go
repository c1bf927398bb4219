package desk

import (
	"context"
	"log/slog"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// Info describes the running installation for 设置 and 关于.
type Info struct {
	Version       string
	Build         string
	DataDir       string
	DBPath        string
	SchemaVersion int
}

// Services is everything the window's screens may use, built once here
// (Desk.Services) for the window and for the UI tests alike.
type Services struct {
	Catalog  hall.CatalogService
	Cases    hall.CaseService
	Outbox   hall.OutboxService
	Settings hall.SettingsService
	Calendar *calendar.Calendar
	Clock    hall.Clock // the hall's time (hall/clock.go); nil is the PC's clock in the hall's zone
	Info     Info
	Log      *slog.Logger

	// Catalog search and the clerk's recent searches and most-used items
	// (catalog*.go). Without Search, Catalog is asked if it searches; without
	// Recents there is no 常用事项.
	Search  hall.SearchService
	Recents hall.Recents
	// CatalogFiles imports a catalog file (设置 → 事项目录, for an admin).
	CatalogFiles hall.CatalogFiles

	// Intake (intake*.go, drafts*.go): drafts, decisions, scans.
	Drafts      hall.DraftService
	Intake      hall.IntakeService
	Bundles     hall.BundleIntakeService // 一件事: one intake, a linked case per member
	Attachments hall.AttachmentService

	// Accounts, privacy, audit and backup (lock*.go, login*.go, users*.go,
	// backup*.go). Without Accounts the window opens with no login.
	Accounts  hall.AccountService
	Privacy   hall.PrivacyService
	Audit     hall.AuditService
	Backup    hall.BackupService
	Retention hall.RetentionService
	// FileKey is the key scans and notices are sealed under (nil on a desk
	// with no keys yet; refused with nobody logged in): documents.Write
	// and documents.ViewCopy take it.
	FileKey func(context.Context) ([]byte, error)

	// Sync with the platform (statusbar.go, syncscreen*.go). Sync is nil on
	// a desk not registered with the platform.
	Sync      hall.SyncController
	SyncQueue hall.SyncQueueService
	// Registrar registers the desk from the 同步 screen (an admin's), as
	// `yichuang register` does; StartSync, when the window gives one,
	// starts the sync engine after it, on the window's context.
	Registrar Registrar
	StartSync func() hall.SyncController
}

// Services builds the window's service set from the open desk: the
// guarded settings (an admin's only, audited), the store's services, the
// recents cache, the calendar and the hall's clock. sync is the running
// engine (StartSync), nil on a desk not registered with the platform.
func (d *Desk) Services(info Info, sync hall.SyncController) Services {
	ver, _ := d.DB.CurrentSchema(context.Background())
	info.DataDir, info.DBPath, info.SchemaVersion = d.Dir.Path, d.DB.Path(), ver
	return Services{
		Catalog: d.DB.Catalog(), Cases: d.DB.Cases(), Outbox: d.DB, Settings: d.DB.GuardedSettings(),
		Calendar: d.Calendar, Clock: hall.Clock(d.DB.Now), Info: info, Log: d.Log,
		Search: d.DB.Catalog(), Recents: d.RecentStore(), CatalogFiles: d,

		Drafts: d.DB.Drafts(), Intake: d.DB.Drafts(), Bundles: d.DB.Drafts(), Attachments: d.DB.Attachments(d.Dir.Files()),
		Sync: sync, SyncQueue: d.DB.Sync(), Registrar: d,

		Accounts: d.DB.Users(), Privacy: d.DB.Privacy(), Audit: d.DB.Audit(), Backup: d, Retention: d.DB,
		FileKey: d.DB.FileKey,
	}
}
