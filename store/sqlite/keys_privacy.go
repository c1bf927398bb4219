package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"yichuang/hall"
	"yichuang/secure"
)

// Privacy implements hall.PrivacyService.
type Privacy struct{ db *DB }

// Privacy returns the privacy service of db.
func (db *DB) Privacy() *Privacy { return &Privacy{db: db} }

var _ hall.PrivacyService = (*Privacy)(nil)

// Reveal opens one personal field of a case's applicant and records who saw
// it, in one transaction: the clear value is returned only if its audit
// record committed.
func (p *Privacy) Reveal(ctx context.Context, caseID, field string) (string, error) {
	if _, err := p.db.require(ctx, hall.PermRevealPerson, "查看完整个人信息"); err != nil {
		return "", err
	}
	var out string
	err := p.db.Update(ctx, func(tx *Tx) error {
		c, err := loadCase(ctx, tx.Tx, caseID)
		if err != nil {
			return err
		}
		v, ok := applicantField(&c.Applicant, field)
		if !ok {
			return hall.Errorf(hall.EInvalid, "“%s”不是可查看的个人信息字段", field)
		}
		if out, err = p.db.openString(v); err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditReveal, Object: c.No, Outcome: hall.AuditOK,
			Detail: "申请人" + hall.FieldLabel(field)})
	})
	return out, err
}

// FindByIDNumber finds an applicant's cases through the keyed hash of the
// number; the search is audited (the number itself is not written down).
func (p *Privacy) FindByIDNumber(ctx context.Context, id string) ([]hall.CaseSummary, error) {
	if _, err := p.db.require(ctx, hall.PermViewCases, "按证件号查询办件"); err != nil {
		return nil, err
	}
	_, key := p.db.session()
	if key == nil {
		return nil, errDeskLocked
	}
	h := key.LookupHash(id)
	if h == "" {
		return nil, hall.Errorf(hall.EInvalid, "请输入“证件号码”")
	}
	var out []hall.CaseSummary
	err := p.db.Update(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.no, c.item_name, c.department, c.applicant_name,
			c.state, c.clerk, c.received_at, c.finished_at, c.promise_due, `+syncStateSQL+` FROM cases c
			WHERE c.applicant_key = ? ORDER BY c.received_at DESC`, h)
		if err != nil {
			return err
		}
		if out, err = scanSummaries(rows); err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditLookup, Object: "证件号 " + hall.MaskID(secure.NormalizeID(id)),
			Outcome: hall.AuditOK, Detail: fmt.Sprintf("找到 %d 件", len(out))})
	})
	return out, err
}

func scanSummaries(rows *sql.Rows) ([]hall.CaseSummary, error) {
	defer rows.Close()
	var out []hall.CaseSummary
	for rows.Next() {
		var cs hall.CaseSummary
		var received, finished string
		if err := rows.Scan(&cs.ID, &cs.No, &cs.ItemName, &cs.Department, &cs.ApplicantName, &cs.State,
			&cs.Clerk, &received, &finished, &cs.PromiseDue, &cs.Sync); err != nil {
			return nil, err
		}
		cs.ReceivedAt = parseStamp(received)
		if finished != "" {
			cs.FinishedAt = parseStamp(finished)
		}
		out = append(out, cs)
	}
	return out, rows.Err()
}

func applicantField(a *hall.Applicant, field string) (string, bool) {
	switch field {
	case hall.FieldIDNumber:
		return a.IDNumber, true
	case hall.FieldPhone:
		return a.Phone, true
	case hall.FieldAddress:
		return a.Address, true
	case hall.FieldContactPhone:
		return a.ContactPhone, true
	}
	return "", false
}

// openString opens one sealed value for someone logged in.
func (db *DB) openString(v string) (string, error) {
	if !secure.IsSealed(v) {
		return v, nil
	}
	_, key := db.session()
	if key == nil {
		return "", errDeskLocked
	}
	s, err := key.Cipher().OpenString(v)
	if err != nil {
		return "", openErr(err)
	}
	return s, nil
}
