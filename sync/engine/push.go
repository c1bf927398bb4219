package engine

import (
	"context"
	"encoding/json"
	"strconv"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// window is how many batches may be on their way at once. On a link with a
// 600 ms round trip, a second batch keeps the line busy while the first one's
// answer travels and both sides write their transactions.
const window = 2

// flight is a batch on its way.
type flight struct {
	ops  []hall.OutboxOp
	seqs []int64
	size int
	resp protocol.PushResponse
	err  error
}

// pushAll sends the outbox in batches until nothing sendable is left,
// keeping up to window batches in flight. Batches in flight never share a
// case (NextOps skips an operation while an earlier one of its case is on
// its way), so whatever happens to one of them, the platform still gets
// each case's events in order.
func (e *Engine) pushAll(ctx context.Context) error {
	done := make(chan *flight, window)
	inFlight := 0
	var first error
	for {
		for first == nil && inFlight < window {
			f, err := e.launch(ctx, done)
			if err != nil {
				first = err
				break
			}
			if f == nil {
				break
			}
			inFlight++
		}
		if inFlight == 0 {
			return first
		}
		f := <-done
		inFlight--
		if err := e.land(ctx, f); err != nil && first == nil {
			first = err
		}
	}
}

// launch takes the next batch, marks it on its way and sends it; nil when
// nothing is sendable now.
func (e *Engine) launch(ctx context.Context, done chan<- *flight) (*flight, error) {
	e.mu.Lock()
	maxOps, maxBytes := e.batchOps, e.batchBytes
	e.mu.Unlock()
	ops, err := e.cfg.Store.NextOps(ctx, maxOps, maxBytes)
	if err != nil || len(ops) == 0 {
		return nil, err
	}
	if bad := damaged(ops); len(bad) > 0 {
		return nil, e.cfg.Store.SettleOps(ctx, bad)
	}
	f := &flight{ops: ops, seqs: make([]int64, len(ops))}
	req := protocol.PushRequest{Ops: make([]protocol.Op, len(ops))}
	for i, op := range ops {
		f.seqs[i] = op.Seq
		req.Ops[i] = protocol.Op{ID: op.ID, Kind: op.Kind, CaseID: op.CaseID, Body: json.RawMessage(op.Body)}
		f.size += len(op.Body)
	}
	if err := e.cfg.Store.MarkSending(ctx, f.seqs, true); err != nil {
		return nil, err
	}
	e.activity(sendingWords(len(ops)))
	go func() {
		f.resp, f.err = e.cfg.Transport.Push(ctx, req)
		done <- f
	}()
	return f, nil
}

// land settles every operation of a batch by its answer. Nothing is
// settled on a failure: the whole batch goes again, and the platform
// answers what it applied already as a duplicate.
func (e *Engine) land(ctx context.Context, f *flight) error {
	if f.err != nil || len(f.resp.Results) != len(f.ops) {
		if uerr := e.cfg.Store.MarkSending(context.WithoutCancel(ctx), f.seqs, false); uerr != nil {
			e.cfg.Log.Error("unmark sending", logErr, uerr)
		}
		if f.err != nil {
			return e.pushFailed(ctx, f.ops, f.size, f.err)
		}
		return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer},
			"平台的答复与所发记录数不符（%d/%d），稍后重发", len(f.resp.Results), len(f.ops))
	}
	results := make([]hall.OpResult, len(f.ops))
	moved := 0
	for i, r := range f.resp.Results {
		results[i] = hall.OpResult{Seq: f.ops[i].Seq, Code: r.Code, Message: r.Message}
		switch {
		case r.Settled():
			results[i].Verdict = hall.OpAccepted
			moved++
		case r.Rejected():
			results[i].Verdict = hall.OpRejected
			moved++
		}
	}
	if err := e.cfg.Store.SettleOps(ctx, results); err != nil {
		return err
	}
	e.cfg.Log.Info("pushed", logOps, len(f.ops), logBytes, f.size)
	if moved > 0 {
		at := e.cfg.Clock.Now()
		e.update(func(st *hall.SyncStatus) { st.LastDelivered = at })
	}
	if moved == 0 {
		return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer},
			"平台暂时无法处理本批记录，稍后重发")
	}
	e.grow()
	return nil
}

// pushFailed adapts to a failed push. A batch the platform could not read
// as a whole is split until the one record it cannot read is found and
// parked with the reason: the rest of the queue goes on (CommCare's
// quarantine). A batch cut by the link is made smaller, so that the next
// cut wastes less.
func (e *Engine) pushFailed(ctx context.Context, ops []hall.OutboxOp, size int, err error) error {
	f := faultOf(err)
	if f == nil {
		return err
	}
	switch f.Kind {
	case protocol.FaultRequest, protocol.FaultTooLarge:
		if len(ops) == 1 {
			msg := f.Message
			if msg == "" {
				msg = "平台无法读取此记录"
			}
			e.cfg.Log.Warn("record refused as a whole: parked", "op", ops[0].ID, logErr, err)
			return e.cfg.Store.SettleOps(ctx, []hall.OpResult{{Seq: ops[0].Seq, Verdict: hall.OpRejected,
				Code: protocol.CodeInvalid, Message: msg}})
		}
		e.mu.Lock()
		e.batchOps, e.batchBytes = max(1, len(ops)/2), max(1, size/2)
		e.mu.Unlock()
		return nil
	case protocol.FaultLink:
		e.mu.Lock()
		e.batchBytes = max(e.cfg.MinBatchBytes, min(e.batchBytes, size)/2)
		e.mu.Unlock()
	}
	return err
}

// grow lets batches return to their full size after a success.
func (e *Engine) grow() {
	e.mu.Lock()
	e.batchOps = min(e.cfg.MaxBatchOps, e.batchOps*2)
	e.batchBytes = min(e.cfg.MaxBatchBytes, e.batchBytes*2)
	e.mu.Unlock()
}

func sendingWords(n int) string { return "正在发送 " + strconv.Itoa(n) + " 条记录" }

// damaged parks the operations whose body is not JSON (a damaged row):
// they could never be sent, and must not hold back the others.
func damaged(ops []hall.OutboxOp) []hall.OpResult {
	var out []hall.OpResult
	for _, op := range ops {
		if !json.Valid(op.Body) {
			out = append(out, hall.OpResult{Seq: op.Seq, Verdict: hall.OpRejected, Code: protocol.CodeInvalid,
				Message: "本机记录已损坏（内容不是有效的 JSON），无法发送，请联系管理员"})
		}
	}
	return out
}
