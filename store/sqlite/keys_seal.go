package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"yichuang/hall"
	"yichuang/secure"
)

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

// sealJSON seals the personal data of a JSON document.
func sealJSON(ctx context.Context, tx *Tx, doc []byte) ([]byte, error) {
	_, key := tx.db.session()
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

// openJSON opens the sealed strings of a document for someone logged in.
func (db *DB) openJSON(doc []byte) ([]byte, error) {
	if !secure.HasSealed(doc) {
		return doc, nil
	}
	_, key := db.session()
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
func applicantKey(tx *Tx, c *hall.Case) string {
	_, key := tx.db.session()
	if key == nil || secure.IsSealed(c.Applicant.IDNumber) {
		return ""
	}
	return key.LookupHash(c.Applicant.IDNumber)
}

// setApplicantKey stores a case's look-up hash (after its row is written).
func setApplicantKey(ctx context.Context, tx *Tx, c *hall.Case) error {
	k := applicantKey(tx, c)
	if k == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE cases SET applicant_key = ? WHERE id = ?", k, c.ID)
	return err
}
