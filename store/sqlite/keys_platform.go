package sqlite

import (
	"context"
	"encoding/base64"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

// The platform secret (hall.SettingDeskSecret) signs every request the
// desk sends: whoever holds it is the desk to the platform, reads its
// cases and pushes new ones. On a desk with accounts it is kept sealed
// under the data key, which only a login unwraps, so a copied data
// directory without a password cannot act as the desk. A desk with no
// account yet keeps it as registered; the first admin's setup seals it
// with everything else (sealExisting).

// platformSecretAAD binds the sealed secret to its purpose: a sealed
// personal field moved into the setting does not open as a secret.
var platformSecretAAD = []byte("yichuang platform secret v1")

// platformSecretPrefix marks a sealed secret (a clear one is hex).
const platformSecretPrefix = secure.Prefix + "secret:"

// errSecretLocked is why sync cannot start before a login.
var errSecretLocked = hall.Errorf(hall.EForbidden,
	"本窗口的平台凭据已加密保存，须登录后才能与省级平台同步：请登录本窗口（或用 --as 指定账号）")

func sealPlatformSecret(key *secure.DataKey, v string) string {
	if v == "" || strings.HasPrefix(v, platformSecretPrefix) {
		return v
	}
	return platformSecretPrefix + base64.RawURLEncoding.EncodeToString(key.Cipher().Seal([]byte(v), platformSecretAAD))
}

// PlatformSecret is the registered platform secret as the platform gave it
// (hex), "" when the desk is not registered. A sealed secret opens only
// with a data key a login has unwrapped.
func (db *DB) PlatformSecret(ctx context.Context) (string, error) {
	v, err := db.Setting(ctx, hall.SettingDeskSecret)
	if err != nil || !strings.HasPrefix(v, platformSecretPrefix) {
		return v, err
	}
	_, key := db.session()
	if key == nil {
		return "", errSecretLocked
	}
	b, err := base64.RawURLEncoding.DecodeString(v[len(platformSecretPrefix):])
	if err != nil {
		return "", hall.Errorf(hall.ECorrupt, "本窗口保存的平台凭据已损坏，请重新注册（yichuang register --reregister）")
	}
	p, err := key.Cipher().Open(b, platformSecretAAD)
	if err != nil {
		return "", openErr(err)
	}
	return string(p), nil
}

// sealRegistration seals the secret among values about to be stored; a
// desk with keys refuses to store it without a login.
func sealRegistration(ctx context.Context, tx *Tx, values map[string]string) error {
	v, ok := values[hall.SettingDeskSecret]
	if !ok || v == "" {
		return nil
	}
	_, key := tx.db.session()
	if key != nil {
		values[hall.SettingDeskSecret] = sealPlatformSecret(key, v)
		return nil
	}
	keyed, err := deskKeyed(ctx, tx)
	if err != nil {
		return err
	}
	if keyed {
		return errDeskLocked
	}
	return nil
}

// sealSettings seals a secret registered before the desk had keys.
func sealSettings(ctx context.Context, tx *Tx, key *secure.DataKey) (int, error) {
	v, err := settingTx(ctx, tx, hall.SettingDeskSecret)
	if err != nil || v == "" || strings.HasPrefix(v, platformSecretPrefix) {
		return 0, err
	}
	return 1, setSettingTx(ctx, tx, hall.SettingDeskSecret, sealPlatformSecret(key, v))
}
