package ui

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/desk"
	"yichuang/hall"
)

const crashDirEnv = "YICHUANG_DRAFT_CRASH_DIR"

// birth is the demo item 出生登记, the second application the child fills.
const birth = "000104001001"

// savedLine is what the child prints once a draft is on disk.
type savedLine struct {
	ID    string          `json:"id"`
	Item  string          `json:"item"`
	Title string          `json:"title"`
	Form  json.RawMessage `json:"form"`
}

// draftCrashChild, in a process started by TestDraftsSurviveKill, opens the
// real window's screens on the headless driver, fills one application,
// moves to a second one and types into it until it is killed. It prints a
// line for every draft the store acknowledged.
func draftCrashChild() {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		return
	}
	fail := func(err error) { fmt.Println("ERR", err); os.Exit(3) }
	ctx := hall.AsDesk(context.Background())
	test.NewApp()
	dk, err := desk.Open(ctx, dir, nil)
	if err != nil {
		fail(err)
	}
	var mu sync.Mutex
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	f := &fixture{desk: dk, win: w}
	o := f.testOptions()
	o.DraftSaved = func(d *hall.Draft) {
		b, _ := json.Marshal(savedLine{ID: d.ID, Item: d.ItemCode, Title: d.Title, Form: d.Form})
		mu.Lock()
		fmt.Println("SAVED " + string(b))
		mu.Unlock()
	}
	sh := f.deskShell(ctx, o, nil)
	w.SetContent(sh.Content())
	p := sh.intake
	sh.StartIntake(dibao)
	p.saver.onSaved = nil // the status line is not what this process is about
	test.Type(p.applicant.Field("name"), "张喆")
	test.Type(p.form.Field("family_income"), "800")
	sh.StartIntake(birth) // navigation: the first draft is saved before the second opens
	p.saver.onSaved = nil
	test.Type(p.applicant.Field("name"), "李玥")
	hospital := p.form.Field("birth_hospital")
	for i := 0; ; i++ {
		test.Type(hospital, string([]rune("清河县人民医院产科")[i%9]))
		time.Sleep(15 * time.Millisecond)
	}
}

func TestDraftsSurviveKill(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	last := map[string]savedLine{} // draft id → its last acknowledged save
	secondSaves := 0
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	guard := time.After(2 * time.Minute) // a hung child fails the test instead of the run
	for secondSaves < 4 {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the child ended before it was killed")
			}
			if strings.HasPrefix(line, "ERR") {
				t.Fatal(line)
			}
			js, found := strings.CutPrefix(line, "SAVED ")
			if !found {
				continue
			}
			var s savedLine
			if err := json.Unmarshal([]byte(js), &s); err != nil {
				t.Fatal(err)
			}
			last[s.ID] = s
			if s.Item == birth {
				secondSaves++
			}
		case <-guard:
			cmd.Process.Kill()
			t.Fatal("the child acknowledged no drafts")
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix: no chance to save anything more
		t.Fatal(err)
	}
	cmd.Wait()
	if len(last) != 2 {
		t.Fatalf("acknowledged drafts: %d, want 2", len(last))
	}

	f := reopenFixture(t, dir)
	ctx := hall.AsDesk(context.Background())
	for id, acked := range last {
		d, _, err := f.desk.DB.Drafts().Draft(ctx, id)
		if err != nil {
			t.Fatalf("draft of %s lost after kill -9: %v", acked.Item, err)
		}
		var got, want map[string]any
		json.Unmarshal(d.Form, &got)
		json.Unmarshal(acked.Form, &want)
		for k, v := range want {
			// The child may have saved once more after its last line: then
			// the field holds more of what was being typed, never less.
			if g, _ := got[k].(string); !strings.HasPrefix(g, v.(string)) {
				t.Errorf("draft %s field %s = %q, last acknowledged %q", acked.Item, k, g, v)
			}
		}
		if d.Title != acked.Title {
			t.Errorf("draft %s title = %q, want %q", acked.Item, d.Title, acked.Title)
		}
		// Reopened on the screen, it shows what was saved.
		fyne.DoAndWait(func() { f.shell.intake.openDraft(id) })
		p := f.shell.intake
		for k, v := range got {
			if s, ok := v.(string); ok && p.form.Values()[k] != s {
				t.Errorf("reopened draft %s shows %s = %v, saved %q", acked.Item, k, p.form.Values()[k], s)
			}
		}
		if p.applicant.Values()["name"] != acked.Title {
			t.Errorf("reopened draft %s shows applicant %v", acked.Item, p.applicant.Values()["name"])
		}
	}
	t.Logf("killed after %d acknowledged saves of the draft being typed", secondSaves)
}
