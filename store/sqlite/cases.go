package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
)

// Cases implements hall.CaseService.
type Cases struct{ db *DB }

// Cases returns the case service of db.
func (db *DB) Cases() *Cases { return &Cases{db: db} }

var _ hall.CaseService = (*Cases)(nil)

// NewID makes an id on the desk: a UUIDv7, ordered by time, unique without
// coordination.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Open creates the case with its first event, its case number and its
// outbox entry, in one transaction.
func (s *Cases) Open(ctx context.Context, c *hall.Case, ev hall.Event) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if c.ID == "" {
			c.ID = NewID()
		}
		_, err := startCase(ctx, tx, c, ev, nil)
		return err
	})
}

// startCase numbers the new case c, applies its first event, inserts it and
// records the event with its outbox entry. fill, when not nil, completes
// the event once the case has its number (the 收件凭证's facts).
func startCase(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event,
	fill func(*hall.Case) (json.RawMessage, error)) (hall.Event, error) {
	if ev.At.IsZero() {
		ev.At = tx.Now
	}
	c.CreatedAt = ev.At
	no, err := nextCaseNumber(ctx, tx, ev.At)
	if err != nil {
		return ev, err
	}
	c.No = no
	if fill != nil {
		c.ReceivedAt = ev.At
		if ev.Data, err = fill(c); err != nil {
			return ev, err
		}
	}
	applied, err := hall.Apply(c, ev)
	if err != nil {
		return applied, err
	}
	if err := insertCase(ctx, tx, c); err != nil {
		return applied, err
	}
	return applied, appendEvent(ctx, tx, c, applied)
}

// applyEvent is how every event reaches a stored case, the desk's own and
// the platform's: hall.Apply (the state machine), the due dates counted
// again (deadline.go), the case row written. The caller records the
// applied event: with its outbox entry (appendEvent) or, for the
// platform's, without. refused, when not nil, rewords the state machine's
// refusal for the caller.
func applyEvent(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event, refused func(error) error) (hall.Event, error) {
	if ev.At.IsZero() {
		ev.At = tx.Now
	}
	applied, err := hall.Apply(c, ev)
	if err != nil {
		if refused != nil {
			err = refused(err)
		}
		return applied, err
	}
	if err := tx.db.updateDueDates(ctx, tx, c, &applied); err != nil {
		return applied, err
	}
	return applied, updateCase(ctx, tx, c)
}

// Act applies one action to the case, in one transaction with its event
// and outbox entry.
func (s *Cases) Act(ctx context.Context, caseID string, ev hall.Event) (*hall.Case, error) {
	var c *hall.Case
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if c, err = loadCase(ctx, tx.Tx, caseID); err != nil {
			return err
		}
		applied, err := applyEvent(ctx, tx, c, ev, nil)
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, c, applied)
	})
	if err != nil {
		return nil, err
	}
	s.db.maskCase(c) // the caller shows it: masked, as every screen (keys_privacy.go)
	return c, nil
}

// nextCaseNumber takes the desk's next sequence number for the day.
func nextCaseNumber(ctx context.Context, tx *Tx, at time.Time) (string, error) {
	hallCode, err := settingTx(ctx, tx, hall.SettingHallCode)
	if err != nil {
		return "", err
	}
	desk, err := settingTx(ctx, tx, hall.SettingDeskCode)
	if err != nil {
		return "", err
	}
	if hallCode == "" || desk == "" {
		return "", hall.Errorf(hall.EConflict, "本窗口尚未设置大厅编码和窗口编码，无法生成办件编号：请在“设置”中填写或注册到平台")
	}
	gen, err := generationTx(ctx, tx) // restore generation: docs/adr/0016
	if err != nil {
		return "", err
	}
	day := hall.HallTime(at).Format("20060102") // the hall's day (hall/clock.go)
	var seq int
	if err := tx.QueryRowContext(ctx, `INSERT INTO desk_sequences (day, last) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`, day).Scan(&seq); err != nil {
		return "", err
	}
	return hall.CaseNumberOf(hallCode, desk, at, gen, seq)
}

func loadCase(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (*hall.Case, error) {
	var doc string
	err := q.QueryRowContext(ctx, "SELECT doc FROM cases WHERE id = ?", id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hall.Errorf(hall.ENotFound, "找不到办件（%s）", id)
	}
	if err != nil {
		return nil, err
	}
	var c hall.Case
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		return nil, fmt.Errorf("case %s: %w", id, err)
	}
	return &c, nil
}

func insertCase(ctx context.Context, tx *Tx, c *hall.Case) error {
	setClerk(ctx, c)                // the calling user (audit.go)
	doc, err := sealDoc(ctx, tx, c) // personal data sealed (keys.go)
	if err != nil {
		return err
	}
	var bundleID, bundleCode string
	if c.Bundle != nil {
		bundleID, bundleCode = c.Bundle.ID, c.Bundle.Code
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO cases (id, no, item_code, item_name, department, state, result,
		clerk, applicant_name, received_at, accepted_at, finished_at, promise_due, legal_due,
		created_at, updated_at, doc, bundle_id, bundle_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.No, c.ItemCode, c.ItemName, c.Department, string(c.State), string(c.Result), c.Clerk,
		c.Applicant.Name, stamp(c.ReceivedAt), stamp(c.AcceptedAt), stamp(c.FinishedAt),
		c.PromiseDue, c.LegalDue, stamp(c.CreatedAt), stamp(c.UpdatedAt), string(doc), bundleID, bundleCode)
	if err != nil && isConstraint(err) {
		return hall.Wrap(hall.EInvalid, err, "办件“%s”的事项编码“%s”不在事项目录中", c.No, c.ItemCode)
	}
	if err != nil {
		return err
	}
	return setApplicantKey(ctx, tx, c) // look-up by ID number (keys.go)
}

func updateCase(ctx context.Context, tx *Tx, c *hall.Case) error {
	doc, err := sealDoc(ctx, tx, c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE cases SET state = ?, result = ?, accepted_at = ?, finished_at = ?,
		promise_due = ?, legal_due = ?, updated_at = ?, doc = ? WHERE id = ?`,
		string(c.State), string(c.Result), stamp(c.AcceptedAt), stamp(c.FinishedAt),
		c.PromiseDue, c.LegalDue, stamp(c.UpdatedAt), string(doc), c.ID)
	return err
}

// appendEvent records the event and queues it for the platform.
func appendEvent(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) error {
	if ev.ID == "" {
		ev.ID = NewID()
	}
	setActor(ctx, &ev) // the calling user (audit.go)
	doc, err := sealDoc(ctx, tx, ev)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (id, case_id, seq, action, from_state,
		to_state, at, actor, origin, doc) VALUES (?, ?,
		(SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?, ?, ?, 'desk', ?)`,
		ev.ID, c.ID, c.ID, string(ev.Action), string(ev.From), string(ev.To), stamp(ev.At), ev.Actor,
		string(doc)); err != nil {
		return err
	}
	if err := auditCaseEvent(ctx, tx, c, ev); err != nil { // role check and audit record (audit.go)
		return err
	}
	if err := insertRating(ctx, tx, c, ev); err != nil { // 好差评 (ratings.go)
		return err
	}
	return enqueue(ctx, tx, ev.ID, "case.event", c.ID, map[string]any{"case": c, "event": ev})
}
