package supervision

import "context"

// Reasons records and reads 超期原因, why an overdue case ran late, as the
// supervisor writes it (hall.ActOverdueReason). The store implements it.
type Reasons interface {
	// RecordOverdueReason records the reason for the case numbered no, in
	// one transaction with its event, outbox entry and audit record.
	RecordOverdueReason(ctx context.Context, no, reason string) error
	// OverdueReasons gives the recorded reason of each case of nos that
	// has one, by case number.
	OverdueReasons(ctx context.Context, nos []string) (map[string]string, error)
}
