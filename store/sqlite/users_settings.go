package sqlite

import (
	"context"
	"sort"
	"strings"

	"yichuang/hall"
)

// GuardedSettings is the settings service the window uses: only an admin
// changes settings, and every change is audited in its own transaction.
// The store's own DB.SetSettings stays open to the system (first start,
// registration with the platform).
type GuardedSettings struct{ db *DB }

// GuardedSettings returns the window's settings service.
func (db *DB) GuardedSettings() *GuardedSettings { return &GuardedSettings{db: db} }

var _ hall.SettingsService = (*GuardedSettings)(nil)

// Setting reads a setting; anyone logged in may.
func (g *GuardedSettings) Setting(ctx context.Context, key string) (string, error) {
	return g.db.Setting(ctx, key)
}

// SetSetting stores one setting (admin only, audited).
func (g *GuardedSettings) SetSetting(ctx context.Context, key, value string) error {
	return g.SetSettings(ctx, map[string]string{key: value})
}

// SetSettings stores several settings in one transaction with one audit
// record naming the keys that changed (values may be personal: not kept).
func (g *GuardedSettings) SetSettings(ctx context.Context, values map[string]string) error {
	if _, err := g.db.require(ctx, hall.PermChangeSetting, "修改窗口设置"); err != nil {
		return err
	}
	return g.db.Update(ctx, func(tx *Tx) error {
		var changed []string
		for k, v := range values {
			old, err := settingTx(ctx, tx, k)
			if err != nil {
				return err
			}
			if old == v {
				continue
			}
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
			changed = append(changed, k)
		}
		if len(changed) == 0 {
			return nil
		}
		sort.Strings(changed)
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditSetting, Object: "窗口设置",
			Outcome: hall.AuditOK, Detail: "修改：" + strings.Join(changed, "、")})
	})
}
