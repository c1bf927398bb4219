package hall

// State is where a case stands in the one-window process
// (前台综合受理 → 后台分类审批 → 统一窗口出件).
type State string

// Case states, in the words clerks and platforms use.
const (
	StateEnquiry    State = "咨询"
	StateReceived   State = "收件"
	StateAccepted   State = "受理"
	StateRefused    State = "不予受理"
	StateCorrection State = "补正"
	StateReview     State = "审查"
	StateSpecial    State = "特别程序"
	StateDecided    State = "办结"
	StateDelivered  State = "送达"
	// StateWithdrawn: the applicant withdrew the application (撤回); the
	// case is closed without a decision and never counts as overdue.
	StateWithdrawn State = "撤回"
)

// States lists every state in process order.
func States() []State {
	return []State{StateEnquiry, StateReceived, StateAccepted, StateRefused, StateCorrection,
		StateReview, StateSpecial, StateDecided, StateDelivered, StateWithdrawn}
}

// Open reports whether the case still runs against a time limit or waits
// for someone: every state but the final ones.
func (s State) Open() bool {
	return s != StateRefused && s != StateDecided && s != StateDelivered && s != StateWithdrawn
}

// Suspended reports whether the clock stops in this state: while the case
// waits for the applicant's correction (补正) and during a special
// procedure (特别程序, 行政许可法 Art. 45).
func (s State) Suspended() bool { return s == StateCorrection || s == StateSpecial }

// Action is something a clerk, the back office or the platform does to a
// case. Every action is recorded as an event of the same kind.
type Action string

// Actions on a case.
const (
	ActEnquire           Action = "enquire"            // new case, enquiry only
	ActReceive           Action = "receive"            // materials received (new case or after enquiry)
	ActAccept            Action = "accept"             // 受理
	ActRefuse            Action = "refuse"             // 不予受理 (reason required)
	ActRequestCorrection Action = "request_correction" // 补正: one-time notice (Art. 32)
	ActSupplyCorrection  Action = "supply_correction"  // applicant brought what was missing
	ActStartReview       Action = "start_review"       // back office starts 审查
	ActStartSpecial      Action = "start_special"      // 特别程序 starts: the clock stops
	ActEndSpecial        Action = "end_special"        // 特别程序 ends: the clock runs again
	ActDecide            Action = "decide"             // 办结 with a result
	ActDeliver           Action = "deliver"            // 出件: handed over or posted (counter.go)
	ActOverdueReason     Action = "overdue_reason"     // 超期原因, recorded by a supervisor (overdue.go)
	ActExtend            Action = "extend"             // 延期 (Art. 42): the legal limit grows, the state stays (counter.go)
	ActWithdraw          Action = "withdraw"           // 撤回 at the applicant's request (counter.go)
	ActCorrectForm       Action = "correct_form"       // 更正申请表 before 受理: the form's values replaced, the state stays (counter.go)
)

// ActionName is the Chinese name of an action, for buttons and history.
func (a Action) Name() string {
	switch a {
	case ActEnquire:
		return "咨询登记"
	case ActReceive:
		return "收件"
	case ActAccept:
		return "受理"
	case ActRefuse:
		return "不予受理"
	case ActRequestCorrection:
		return "补齐补正告知"
	case ActSupplyCorrection:
		return "补正材料收讫"
	case ActStartReview:
		return "开始审查"
	case ActStartSpecial:
		return "特别程序开始"
	case ActEndSpecial:
		return "特别程序结束"
	case ActDecide:
		return "办结"
	case ActDeliver:
		return "出件"
	case ActOverdueReason:
		return "登记超期原因"
	case ActRate:
		return "好差评"
	case ActExtend:
		return "延期"
	case ActWithdraw:
		return "撤回"
	case ActCorrectForm:
		return "更正申请表"
	}
	return string(a)
}

// noteStates are the actions that note something on a case and keep its
// state, with the states they may be noted in.
var noteStates = map[Action]map[State]bool{
	ActOverdueReason: overdueStates,
	ActExtend:        {StateAccepted: true, StateReview: true, StateSpecial: true},
	ActCorrectForm:   {StateReceived: true},
}

// none is the state of a case that does not exist yet.
const none State = ""

// transitions is the whole state machine: from state, by action, to state.
var transitions = map[State]map[Action]State{
	none: {
		ActEnquire: StateEnquiry,
		ActReceive: StateReceived,
	},
	StateEnquiry: {
		ActReceive: StateReceived,
	},
	StateReceived: {
		ActAccept:            StateAccepted,
		ActRefuse:            StateRefused,
		ActRequestCorrection: StateCorrection,
		ActWithdraw:          StateWithdrawn,
	},
	StateCorrection: {
		ActSupplyCorrection: StateReceived,
		ActDecide:           StateDecided, // applicant never came back: 退回 / 作废
		ActWithdraw:         StateWithdrawn,
	},
	StateAccepted: {
		ActStartReview:  StateReview,
		ActStartSpecial: StateSpecial,
		ActDecide:       StateDecided, // 即办件 decided at the window
		ActWithdraw:     StateWithdrawn,
	},
	StateReview: {
		ActStartSpecial: StateSpecial,
		ActDecide:       StateDecided,
		ActWithdraw:     StateWithdrawn,
	},
	StateSpecial: {
		ActEndSpecial: StateReview,
		ActWithdraw:   StateWithdrawn,
	},
	StateDecided: {
		ActDeliver: StateDelivered,
	},
}

// Next returns the state a case in state from reaches by action, or an
// EConflict error in Chinese when the action is not allowed there.
func Next(from State, action Action) (State, error) {
	if noteStates[action][from] {
		return from, nil // a note on the case: its state stays
	}
	if action == ActRate && rateStates[from] {
		return from, nil // likewise (rating.go)
	}
	if to, ok := transitions[from][action]; ok {
		return to, nil
	}
	if from == none {
		return none, Errorf(EConflict, "新办件只能登记咨询或收件，不能直接“%s”", action.Name())
	}
	return from, Errorf(EConflict, "办件当前为“%s”状态，不能“%s”", from, action.Name())
}

// Allowed lists the actions allowed in state s, in a stable order.
func Allowed(s State) []Action {
	var out []Action
	for _, a := range []Action{ActEnquire, ActReceive, ActAccept, ActRefuse, ActRequestCorrection,
		ActSupplyCorrection, ActStartReview, ActStartSpecial, ActEndSpecial, ActDecide, ActDeliver,
		ActExtend, ActWithdraw, ActCorrectForm} {
		if _, ok := transitions[s][a]; ok || noteStates[a][s] {
			out = append(out, a)
		}
	}
	return out
}
