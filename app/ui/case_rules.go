package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"

	"yichuang/hall"
)

// Who decides a case, and what the platform said of the window's actions
// (docs/adr/0018): the window decides 即办件, and 承诺件 only where the hall
// says its window decides (hall.SettingWindowDecides); a case the platform
// sent back shows the platform's reason on the case itself.

// loadCaseRules reads the hall's rule and the case's standing with the
// platform into d; a failed read leaves the window not deciding (closed).
func loadCaseRules(ctx context.Context, e *Env, d *caseDetail) {
	if e.Settings != nil {
		v, _ := e.Settings.Setting(ctx, hall.SettingWindowDecides)
		d.hallDecides = v == "1"
	}
	d.sync, d.syncNote, _ = e.Cases.CaseSync(ctx, d.c.ID)
}

// windowDecides reports whether this window may 办结 the case.
func (d *caseDetail) windowDecides() bool { return hall.WindowDecides(d.item, d.hallDecides) }

// decideNote says why a running case offers no 办结: the back office
// decides it on the platform.
func (d *caseDetail) decideNote() string {
	return T("counter.decide.platform", "本件不是即办件，由后台在平台上审批办结；办结后列入“待出件”，在此出件。")
}

// syncField is the platform's refusal of the window's action, in Chinese,
// when the case was sent back (被退回); nil otherwise.
func (d *caseDetail) syncField() fyne.CanvasObject {
	if d.sync != hall.SyncRejected {
		return nil
	}
	note := strings.TrimSpace(strings.TrimPrefix(syncText(hall.CaseSummary{No: d.c.No, Sync: d.sync, SyncNote: d.syncNote}),
		string(hall.SyncRejected)+"："))
	if note == string(hall.SyncRejected) || note == "" {
		note = T("case.rejected.noreason", "平台未说明理由")
	}
	text := T("case.rejected", "平台未接受本窗口的记录：{{.Reason}}。", map[string]any{"Reason": note})
	if d.c.State == hall.StateDecided && strings.Contains(note, "办结") { // the window's 办结 refused
		text += T("case.rejected.decide", "后台可能已在平台上办结本件，本件的结果以平台为准；同步取回平台的决定后，请在“同步”中处理被退回的记录。")
	} else {
		text += T("case.rejected.other", "请在“同步”中查看并处理被退回的记录。")
	}
	return dangerField(T("case.rejected.title", "平台退回"), text) // syncscreen.go

}
