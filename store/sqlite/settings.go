package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"yichuang/hall"
)

var _ hall.SettingsService = (*DB)(nil)

// Setting returns a setting's value, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, db.classify0(err)
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.Update(ctx, func(tx *Tx) error { return setSettingTx(ctx, tx, key, value) })
}

// SetSettings stores several settings in one transaction.
func (db *DB) SetSettings(ctx context.Context, values map[string]string) error {
	return db.Update(ctx, func(tx *Tx) error {
		for k, v := range values {
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func setSettingTx(ctx context.Context, tx *Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, stamp(tx.Now))
	return err
}

func settingTx(ctx context.Context, tx *Tx, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}
