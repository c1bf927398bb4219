package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// TestHallCommandsAndSupervise: the tree is built and listed with hall
// add|list, a supervisor is granted a subtree with hall grant, and
// supervise --hall prints the lights and counts of any subtree, as JSON
// for the province's monitoring.
func TestHallCommandsAndSupervise(t *testing.T) {
	dir := t.TempDir()
	cmd := func(args ...string) string {
		t.Helper()
		out, errs, rc := platformCmd(t, append(args, "--data", dir)...)
		if rc != 0 {
			t.Fatalf("%v: exit %d: %s", args, rc, errs)
		}
		return out
	}
	if _, _, rc := platformCmd(t, "desk", "add", "--data", dir, "--hall", "341122100", "--desk", "01"); rc != 0 {
		t.Fatal("desk add")
	}
	cmd("hall", "add", "--hall", "340000", "--name", "安徽省", "--level", "省")
	cmd("hall", "add", "--hall", "341122", "--name", "清河县政务服务中心", "--level", "县", "--parent", "340000")
	cmd("hall", "add", "--hall", "341122100", "--name", "清河镇便民服务中心", "--level", "乡镇", "--parent", "341122")
	cmd("hall", "add", "--hall", "341122200", "--name", "双河镇便民服务中心", "--level", "乡镇", "--parent", "341122")
	if _, errs, rc := platformCmd(t, "hall", "add", "--data", dir, "--hall", "341122300", "--name", "错", "--level", "县", "--parent", "341122"); rc != 1 || !strings.Contains(errs, "须高于") {
		t.Errorf("a county under a county: exit %d, %s", rc, errs)
	}
	list := cmd("hall", "list")
	if !strings.Contains(list, "    341122100\t乡镇\t清河镇便民服务中心\t341122") || strings.Index(list, "341122\t") > strings.Index(list, "341122100") {
		t.Errorf("hall list:\n%s", list)
	}
	cmd("user", "add", "--hall", "341122", "--id", "sup", "--name", "王监督", "--role", "监督人员")
	if !strings.Contains(cmd("hall", "grant", "--user", "sup", "--hall", "341122"), "可监督大厅 341122") {
		t.Error("grant")
	}
	// Three cases of the township's desk, as it pushes them.
	ctx := context.Background()
	key, err := store.LoadKeyFile(dir+".key", false)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, pgtest.PlatformTarget(t, dir), key)
	if err != nil {
		t.Fatal(err)
	}
	code, err := st.AddDesk(ctx, "341122100", "01", "")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := st.Register(ctx, code, "t")
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Desk(ctx, reg.DeskID)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().AddDate(0, 0, -40) // long past a 即办件's day: red
	for i := 1; i <= 3; i++ {
		c := hall.Case{ID: fmt.Sprintf("c%d", i), No: fmt.Sprintf("341122100-%s-01-%04d", hall.HallTime(at).Format("20060102"), i),
			ItemCode: "X1", ItemName: "临时救助", Department: "民政", PromiseDue: hall.HallDay(at), LegalDue: hall.HallDay(at),
			Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard, IDNumber: "11010519491231002X"}}
		var ops []protocol.Op
		evs := []hall.Event{{Action: hall.ActReceive}, {Action: hall.ActAccept}}
		if i == 1 { // a 差评 of 受理: counted in the hall's row
			rate, _ := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryPoor, Reason: "排队太久"})
			evs = append(evs, rate)
		}
		for j, e := range evs {
			e.ID, e.At = fmt.Sprintf("c%d-e%d", i, j), at
			ev, err := hall.Apply(&c, e)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
			ops = append(ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: c.ID, Body: body})
		}
		if rs, err := st.ApplyBatch(ctx, d, ops); err != nil || rs[len(rs)-1].Code != protocol.CodeApplied {
			t.Fatalf("push: %+v %v", rs, err)
		}
	}
	st.Close()
	var rep subtreeReport
	for _, c := range []struct {
		root string
		open int
	}{{"341122", 3}, {"341122100", 3}, {"341122200", 0}} {
		if err := json.Unmarshal([]byte(cmd("supervise", "--hall", c.root, "--json")), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Total.Open != c.open || rep.Total.Red != c.open {
			t.Errorf("%s: %+v, want %d open, all red", c.root, rep.Total, c.open)
		}
		if rated := min(c.open, 1); rep.Total.Rated != rated || rep.Total.BadRated != rated ||
			(rated == 1 && (len(rep.Halls) != 1 || rep.Halls[0].Rated != 1)) {
			t.Errorf("%s: ratings %+v / %+v, want %d 差评", c.root, rep.Total, rep.Halls, rated)
		}
	}
	text := cmd("supervise", "--hall", "341122")
	if !strings.Contains(text, "红灯 3") || !strings.Contains(text, "清河镇便民服务中心") || !strings.Contains(text, "评价 1 次（差评 1）") {
		t.Errorf("supervise:\n%s", text)
	}
}
