package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// EnrolValidity is how long a one-time enrolment code may be used.
const EnrolValidity = 7 * 24 * time.Hour

var (
	hallRE = regexp.MustCompile(`^[0-9]{6,12}$`)
	deskRE = regexp.MustCompile(`^[0-9A-Z]{2,4}$`)
)

// enrolAlphabet has no 0/O, 1/I/L: the code is read aloud and typed.
const enrolAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// Desk is an enrolled desk.
type Desk struct {
	ID, HallCode, HallName, DeskCode string
	Secret                           []byte
	Registered                       bool
}

// AddDesk enrols a desk (or re-enrols a known one, e.g. a replaced PC) and
// returns a one-time enrolment code. Until the desk registers with it, a
// desk already registered keeps its old secret.
func (s *Store) AddDesk(ctx context.Context, hallCode, deskCode, hallName string) (string, error) {
	if !hallRE.MatchString(hallCode) {
		return "", hall.Errorf(hall.EInvalid, "大厅编码“%s”无效：应为6至12位数字", hallCode)
	}
	if !deskRE.MatchString(deskCode) {
		return "", hall.Errorf(hall.EInvalid, "窗口编码“%s”无效：应为2至4位数字或大写字母", deskCode)
	}
	code := newEnrolCode()
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO desks (id, hall_code, hall_name, desk_code, enrol_hash,
			enrol_expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (hall_code, desk_code) DO UPDATE SET enrol_hash = excluded.enrol_hash,
			enrol_expires = excluded.enrol_expires,
			hall_name = CASE WHEN excluded.hall_name = '' THEN desks.hall_name ELSE excluded.hall_name END`,
			uuid.Must(uuid.NewV7()).String(), hallCode, hallName, deskCode, enrolHash(code),
			stamp(now.Add(EnrolValidity)), stamp(now))
		if err != nil {
			return err
		}
		// The desk belongs to its hall: a hall not in the tree yet joins it
		// unplaced (docs/adr/0020).
		_, err = tx.ExecContext(ctx, "INSERT INTO halls (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING", hallCode, hallName)
		return err
	})
	return code, err
}

func newEnrolCode() string {
	var sb strings.Builder
	buf := make([]byte, 1)
	for n := 0; n < 16; {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // the system's random source failed: nothing safe can follow
		}
		if int(buf[0]) >= 256/len(enrolAlphabet)*len(enrolAlphabet) {
			continue // rejection keeps every character equally likely
		}
		if n > 0 && n%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(enrolAlphabet[int(buf[0])%len(enrolAlphabet)])
		n++
	}
	return sb.String()
}

// enrolHash is what is kept of an enrolment code: its SM3, after the forms
// a person may type it in (lower case, no dashes or spaces) are folded.
func enrolHash(code string) string {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
	return protocol.BodySM3([]byte("enrol:" + c))
}

// Register trades a one-time enrolment code for the desk's identity and a
// new secret. The code is spent.
func (s *Store) Register(ctx context.Context, code, hostname string) (protocol.RegisterResponse, error) {
	var res protocol.RegisterResponse
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return res, err
	}
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		var expires, registered string
		err := tx.QueryRowContext(ctx, `SELECT id, hall_code, hall_name, desk_code, enrol_expires, registered_at
			FROM desks WHERE enrol_hash = ? AND enrol_hash != ''`+tx.d.lockRow, enrolHash(code)).Scan(&res.DeskID, &res.HallCode,
			&res.HallName, &res.DeskCode, &expires, &registered)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && now.After(parseStamp(expires))) {
			return hall.Errorf(hall.EForbidden, "注册码无效或已过期，请向平台管理员重新申请")
		}
		if err != nil {
			return err
		}
		res.Secret = hex.EncodeToString(secret)
		if registered != "" {
			// A known desk on a new PC: it must not number with the
			// generation the old PC used (docs/adr/0016).
			if res.Generation, res.Claim, err = newGeneration(ctx, tx, res.DeskID, now); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE desks SET secret = ?, enrol_hash = '', enrol_expires = '',
			hostname = ?, registered_at = ? WHERE id = ?`, s.key.sealSecret(res.DeskID, secret), hostname, stamp(now), res.DeskID)
		return err
	})
	return res, err
}

// Desk returns a registered desk by id, ENotFound when unknown.
func (s *Store) Desk(ctx context.Context, id string) (Desk, error) {
	d := Desk{ID: id}
	var secret string
	err := s.read.QueryRowContext(ctx, `SELECT hall_code, hall_name, desk_code, secret FROM desks WHERE id = ?`,
		id).Scan(&d.HallCode, &d.HallName, &d.DeskCode, &secret)
	if errors.Is(err, sql.ErrNoRows) {
		return d, hall.Errorf(hall.ENotFound, "平台上没有该窗口（%s）", id)
	}
	if err != nil {
		return d, err
	}
	d.Registered = secret != ""
	if d.Secret, err = s.key.openSecret(id, secret); err != nil {
		return d, fmt.Errorf("desk %s: secret does not open under the platform key: %w", id, err)
	}
	return d, nil
}

// Desks lists the enrolled desks.
func (s *Store) Desks(ctx context.Context) ([]Desk, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, hall_code, hall_name, desk_code, secret != ''
		FROM desks ORDER BY hall_code, desk_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Desk
	for rows.Next() {
		var d Desk
		if err := rows.Scan(&d.ID, &d.HallCode, &d.HallName, &d.DeskCode, &d.Registered); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
