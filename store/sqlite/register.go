package sqlite

import (
	"context"
	"maps"

	"yichuang/hall"
)

// Register stores the desk's registration with the platform (its address,
// identity, secret, CA, hall and desk codes) and records who did it, in one
// transaction. Only an admin (or the desk itself, before it has accounts)
// may point the desk at a platform: the platform receives its cases.
func (db *DB) Register(ctx context.Context, values map[string]string) error {
	if err := db.allow(ctx, hall.PermChangeSetting, "注册到省级平台"); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		old, err := settingTx(ctx, tx, hall.SettingPlatform)
		if err != nil {
			return err
		}
		values = maps.Clone(values)
		if err := sealRegistration(ctx, tx, values); err != nil {
			return err
		}
		for k, v := range values {
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
		}
		detail := "注册到 " + values[hall.SettingPlatform] + "，窗口编码 " + values[hall.SettingDeskCode]
		if old != "" {
			detail = "由 " + old + " 改" + detail
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditRegister, Object: values[hall.SettingDeskID],
			Outcome: hall.AuditOK, Detail: detail})
	})
}
