package sqlite

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"yichuang/backupfile"
	"yichuang/hall"
	"yichuang/secure"
)

// DeskSecretFile is the desk secret beside the database. It takes part in
// wrapping every key slot and keys the audit log's MAC, so a database file
// copied without it opens nothing, even with a right password, and its
// audit log cannot be rewritten unnoticed. Backups carry it, encrypted.
const DeskSecretFile = backupfile.SecretFile // "yichuang.deskkey", one name for the desk and its backups

const deskSecretHeader = "yichuang desk secret v1\n"

// DeskSecretPath is where the desk secret of the database at dbPath lives.
func DeskSecretPath(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), DeskSecretFile)
}

// deskSecret returns the desk secret, creating it (and recording its
// fingerprint in desk_keys) the first time the desk needs one. A database
// that already has a fingerprint never gets a new secret: that would
// silently cut it off from its own key slots.
func (db *DB) deskSecret(ctx context.Context, tx *Tx) ([]byte, error) {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.desk != nil {
		return db.sec.desk, nil
	}
	binding, err := deskBinding(ctx, tx)
	if err != nil {
		return nil, err
	}
	path := DeskSecretPath(db.path)
	secret, err := readDeskSecret(path)
	switch {
	case err == nil && binding != "" && binding != bindingOf(secret):
		return nil, copiedErr(path, "不属于这个数据库")
	case err == nil:
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	case binding != "":
		return nil, copiedErr(path, "缺失")
	default:
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		if err := writeDeskSecret(path, secret); err != nil {
			return nil, hall.Wrap(hall.EInternal, err, "无法写入本机密钥文件 %s，请检查数据目录的权限", path)
		}
	}
	if binding == "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO desk_keys (id, binding, created_at) VALUES (1, ?, ?)`,
			bindingOf(secret), stamp(tx.Now)); err != nil {
			return nil, err
		}
	}
	db.sec.desk = secret
	return secret, nil
}

// existingDeskSecret is the desk secret for a reader (verify): nil when the
// desk has never made one; an error when it made one and the file is
// missing or foreign.
func (db *DB) existingDeskSecret(ctx context.Context) ([]byte, error) {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.desk != nil {
		return db.sec.desk, nil
	}
	binding, err := deskBinding(ctx, db.read)
	if err != nil || binding == "" {
		return nil, err
	}
	path := DeskSecretPath(db.path)
	secret, err := readDeskSecret(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, copiedErr(path, "缺失")
	case err != nil:
		return nil, err
	case bindingOf(secret) != binding:
		return nil, copiedErr(path, "不属于这个数据库")
	}
	db.sec.desk = secret
	return secret, nil
}

func copiedErr(path, what string) error {
	return hall.Errorf(hall.ECorrupt, "本机密钥文件 %s %s：这个数据库可能是从另一台电脑复制来的，个人信息无法解密，"+
		"审计日志无法校验。数据未作任何改动。请用 yichuang restore 从本机的备份恢复，或把原电脑数据目录中的 %s 一并复制过来",
		path, what, DeskSecretFile)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func deskBinding(ctx context.Context, q queryer) (string, error) {
	var b string
	err := q.QueryRowContext(ctx, "SELECT binding FROM desk_keys WHERE id = 1").Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return b, err
}

// bindingOf is the public fingerprint of a desk secret.
func bindingOf(secret []byte) string { return secure.Fingerprint(secret, "desk binding") }

func readDeskSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutPrefix(b, []byte(deskSecretHeader))
	secret, herr := hex.DecodeString(string(bytes.TrimSpace(rest)))
	if !ok || herr != nil || len(secret) != 32 {
		return nil, hall.Errorf(hall.ECorrupt, "本机密钥文件 %s 已损坏。请从备份恢复（yichuang restore）", path)
	}
	return secret, nil
}

// writeDeskSecret writes the file whole or not at all (temp file, fsync,
// rename), readable by the owner only.
func writeDeskSecret(path string, secret []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(deskSecretHeader + hex.EncodeToString(secret) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// Personal data is sealed at the store boundary: every JSON document that
// may carry it (a case, a draft, an outbox entry) passes through sealDoc on
// its way into SQLite, and the personal strings in it (ID and phone numbers,
// addresses, anything shaped like them) are stored SM4-GCM sealed under the
// desk's data key. The key is open only while someone is logged in.

// errDeskLocked is refused when personal data would be written in clear.
var errDeskLocked = hall.Errorf(hall.EForbidden, "本窗口已锁定：含个人信息的记录须在登录后保存，请登录后重试。已填写的内容没有丢失")

// sealDoc marshals v and seals its personal data. With nobody logged in, a
// document that carries no personal data in clear (a case being moved by
// the platform's decision, whose fields are sealed already) is written as
// it is; one that does is refused, unless the desk has no keys at all (no
// account yet: the first admin's setup seals everything written before).
func sealDoc(ctx context.Context, tx *Tx, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return sealJSON(ctx, tx, b)
}

// sealJSON seals the personal data of a JSON document with the key of the
// call (dataKey).
func sealJSON(ctx context.Context, tx *Tx, doc []byte) ([]byte, error) {
	key := tx.db.dataKey(ctx)
	if key != nil {
		return key.Cipher().SealJSON(doc)
	}
	var checked, keyed bool
	return secure.MapPersonal(doc, func(s string) (string, error) {
		if !checked {
			checked = true
			var err error
			if keyed, err = deskKeyed(ctx, tx); err != nil {
				return "", err
			}
		}
		if keyed {
			return "", errDeskLocked
		}
		return s, nil
	})
}

// openJSON opens the sealed strings of a document with the key of the call
// (dataKey).
func (db *DB) openJSON(ctx context.Context, doc []byte) ([]byte, error) {
	if !secure.HasSealed(doc) {
		return doc, nil
	}
	key := db.dataKey(ctx)
	if key == nil {
		return nil, errDeskLocked
	}
	b, err := key.Cipher().OpenJSON(doc)
	if err != nil {
		return nil, openErr(err)
	}
	return b, nil
}

// openErr explains a value that will not open.
func openErr(err error) error {
	if errors.Is(err, secure.ErrOtherKey) {
		return hall.Wrap(hall.ECorrupt, err, "这条记录是用另一台电脑的数据密钥加密的，本窗口无法解密；数据未作任何改动")
	}
	return hall.Wrap(hall.ECorrupt, err, "加密的个人信息已损坏或被改动，无法解密；请从备份恢复（yichuang restore）")
}

// deskKeyed reports whether the desk has a data key (its first admin exists).
func deskKeyed(ctx context.Context, q queryer) (bool, error) {
	var id string
	err := q.QueryRowContext(ctx, "SELECT key_id FROM desk_keys WHERE id = 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return id != "", err
}

// applicantKey is the keyed hash stored with a case for look-up by ID
// number; "" when the desk has no key open or the case has no number.
func applicantKey(ctx context.Context, tx *Tx, c *hall.Case) string {
	key := tx.db.dataKey(ctx)
	if key == nil || secure.IsSealed(c.Applicant.IDNumber) {
		return ""
	}
	return key.LookupHash(c.Applicant.IDNumber)
}

// setApplicantKey stores a case's look-up hash (after its row is written).
func setApplicantKey(ctx context.Context, tx *Tx, c *hall.Case) error {
	k := applicantKey(ctx, tx, c)
	if k == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE cases SET applicant_key = ? WHERE id = ?", k, c.ID)
	return err
}

// maskCase turns a loaded case's personal data into its masked form for
// screens and documents: 1101**********002X, 138****5678, 清河县人民路***,
// 1949-**-**. Full values come only through Reveal, which is audited. A
// value that is sealed while nobody is logged in shows as （已加密）; no
// value leaves the store sealed, whatever field holds it.
func (db *DB) maskCase(c *hall.Case) {
	a := &c.Applicant
	a.IDNumber = db.maskWith(a.IDNumber, hall.MaskID)
	a.Phone = db.maskWith(a.Phone, hall.MaskPhone)
	a.ContactPhone = db.maskWith(a.ContactPhone, hall.MaskPhone)
	a.Address = db.maskWith(a.Address, hall.MaskAddress)
	a.BirthDate = db.maskWith(a.BirthDate, hall.MaskBirthDate)
	if len(c.Form) > 0 {
		form, err := secure.MapStrings(c.Form, func(key, s string) (string, error) {
			if secure.IsSealed(s) || secure.IsPersonal(key, s) {
				return db.maskWith(s, maskValue), nil
			}
			return s, nil
		})
		if err == nil {
			var f json.RawMessage = form
			c.Form = f
		}
	}
	// Anything else still sealed (a field no line above names): masked by
	// its shape.
	if doc, err := json.Marshal(c); err == nil && secure.HasSealed(doc) {
		doc, err = secure.MapStrings(doc, func(_, s string) (string, error) {
			if secure.IsSealed(s) {
				return db.maskWith(s, maskValue), nil
			}
			return s, nil
		})
		var masked hall.Case
		if err == nil && json.Unmarshal(doc, &masked) == nil {
			*c = masked
		}
	}
}

func (db *DB) maskWith(v string, mask func(string) string) string {
	if v == "" {
		return ""
	}
	s, err := db.openString(v)
	if err != nil {
		return "（已加密）"
	}
	return mask(s)
}

// maskValue masks a form value by its shape.
func maskValue(s string) string {
	switch n := len([]rune(s)); {
	case n == 11:
		return hall.MaskPhone(s)
	case n == 15 || n == 18:
		return hall.MaskID(s)
	}
	return hall.MaskAddress(s)
}

// openOrKeep opens an event's sealed strings for someone logged in (an
// event holds no applicant data of its own, but a value shaped like a
// phone number, a hall's mobile say, is sealed all the same); with
// nobody logged in it is returned as stored.
func (db *DB) openOrKeep(ctx context.Context, doc []byte) []byte {
	if b, err := db.openJSON(ctx, doc); err == nil {
		return b
	}
	return doc
}

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
	key := db.dataKey(ctx)
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
	if key := tx.db.dataKey(ctx); key != nil {
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
