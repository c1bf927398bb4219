// Package desk is the composition root: it opens the data directory (lock,
// pending restore, database, recents cache, working-day calendar, first-start
// demo catalog), starts the sync engine and builds the service set the window
// and the UI tests run on (Services). main, the window and the headless
// commands take everything from here; nothing here imports Fyne.
package desk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"

	"yichuang/assets"
	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/store/cache"
	"yichuang/store/sqlite"
)

// Desk is an opened data directory with its services.
type Desk struct {
	Dir      *datadir.Dir
	DB       *sqlite.DB
	Calendar *calendar.Calendar
	Log      *slog.Logger
	Recents  *cache.Store // recent searches and most-used items (rebuildable)
}

// demoSettings are the hall settings of the bundled demo catalog, written
// only when the desk has none.
var demoSettings = map[string]string{
	hall.SettingHallName:  "清河县政务服务中心",
	hall.SettingHallCode:  "341122",
	hall.SettingDeskCode:  "01",
	hall.SettingHallAddr:  "清河县人民路88号政务服务中心一楼",
	hall.SettingHallPhone: "0550-7012345",
}

// Open opens (and on first start creates) the data directory dir: the
// lock, the database, the bundled calendar and, into an empty catalog, the
// bundled demo catalog.
func Open(ctx context.Context, dir string, log *slog.Logger) (*Desk, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if dir == "" {
		var err error
		if dir, err = datadir.Default(); err != nil {
			return nil, err
		}
	}
	d, err := datadir.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := applyPendingRestore(ctx, d.Path, log); err != nil { // 设置 → 恢复 (restore_pending.go)
		d.Close()
		return nil, err
	}
	db, err := sqlite.Open(ctx, d.DB(), log)
	if err != nil {
		d.Close()
		return nil, err
	}
	desk := &Desk{Dir: d, DB: db, Log: log}
	aliases, err := BundledAliases()
	if err != nil {
		desk.Close()
		return nil, err
	}
	db.UseAliases(aliases)                                  // every catalog is searched with the everyday words (ADR 0014)
	if desk.Calendar, err = Calendar(ctx, db); err != nil { // bundled + stored years (deadline.go)
		desk.Close()
		return nil, err
	}
	if err := desk.firstStart(ctx); err != nil {
		desk.Close()
		return nil, err
	}
	if desk.Recents, err = cache.Open(d.Cache()); err != nil { // store/cache: loss is harmless
		log.Warn("recents cache unavailable", "err", err)
	}
	return desk, nil
}

// BundledAliases is the alias table shipped in assets: everyday words for
// what catalogs name otherwise (医保 → 医疗保障), read once.
func BundledAliases() ([]hall.Alias, error) { return bundledAliases() }

var bundledAliases = sync.OnceValues(func() ([]hall.Alias, error) {
	aliases, err := hall.ParseAliases(assets.Aliases)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "内置别名表无法读取")
	}
	return aliases, nil
})

func BundledCalendar() (*calendar.Calendar, error) {
	tables, err := calendar.ParseTables(assets.Holidays)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "内置节假日表无法读取")
	}
	return calendar.New(tables), nil
}

// firstStart loads the demo catalog and hall settings into an empty desk.
func (d *Desk) firstStart(ctx context.Context) error {
	n, err := d.DB.Catalog().CountItems(ctx)
	if err != nil || n > 0 {
		return err
	}
	items, err := DecodeItems(assets.DemoCatalog)
	if err != nil {
		return err
	}
	if _, err := d.DB.Catalog().ImportCatalog(ctx, items, hall.ImportOptions{Source: "内置演示目录"}); err != nil {
		return err
	}
	code, err := d.DB.Setting(ctx, hall.SettingHallCode)
	if err != nil || code != "" {
		return err
	}
	d.Log.Info("first start: demo catalog loaded", "items", len(items))
	return d.DB.SetSettings(ctx, demoSettings)
}

// DecodeItems reads a catalog in the project's JSON format: an array of
// hall.Item. Unknown fields are refused so a typo never loses data silently.
func DecodeItems(b []byte) ([]hall.Item, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var items []hall.Item
	if err := dec.Decode(&items); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, hall.Wrap(hall.EInvalid, err, "事项目录 JSON 格式错误（第 %d 字节附近）", se.Offset)
		case errors.As(err, &te):
			return nil, hall.Wrap(hall.EInvalid, err, "事项目录字段“%s”的类型错误（第 %d 字节附近）", te.Field, te.Offset)
		}
		return nil, hall.Wrap(hall.EInvalid, err, "事项目录无法读取")
	}
	return items, nil
}

// Close releases the database and the lock.
func (d *Desk) Close() error {
	if d.Recents != nil {
		d.Recents.Close()
	}
	return errors.Join(d.DB.Close(), d.Dir.Close())
}

// deskCalendar gives the store the bundled tables and returns the desk's
// calendar: bundled years overlaid with the stored ones.
func Calendar(ctx context.Context, db *sqlite.DB) (*calendar.Calendar, error) {
	cal, err := BundledCalendar()
	if err != nil {
		return nil, err
	}
	db.UseBundledCalendar(cal.Tables())
	return db.Calendar(ctx)
}
