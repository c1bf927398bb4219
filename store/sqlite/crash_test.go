//go:build unix

package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"yichuang/hall"
)

const crashEnv = "YICHUANG_CRASH_WRITER_DB"

// TestMain turns the test binary into the child process of
// TestKillNineLosesNoAcknowledgedWrite when the environment asks for it.
func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		crashWriter(path)
	}
	os.Exit(m.Run())
}

// crashWriter opens cases as fast as it can and prints each case number once
// its transaction has committed, until it is killed.
func crashWriter(path string) {
	db, err := Open(hall.AsDesk(context.Background()), path, nil)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	for i := 0; ; i++ {
		c := &hall.Case{ItemCode: "000104002000", ItemName: "内地居民结婚登记", Clerk: "王堃",
			Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: fmt.Sprintf("申请人%d", i)}}
		if err := db.Cases().Open(hall.AsDesk(context.Background()), c, hall.Event{Action: hall.ActReceive, Actor: "王堃"}); err != nil {
			fmt.Println("ERR", err)
			os.Exit(3)
		}
		fmt.Println(c.No)
	}
}

func TestKillNineLosesNoAcknowledgedWrite(t *testing.T) {
	db := openTest(t)
	seedItem(t, db)
	path := db.Path()
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 200 {
		line := sc.Text()
		if hall.ValidCaseNumber(line) {
			acked = append(acked, line)
		} else if len(line) > 3 && line[:3] == "ERR" {
			t.Fatal(line)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(acked) < 200 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Logf("no WAL left behind: %v", err)
	}

	db2, err := Open(hall.AsDesk(context.Background()), filepath.Clean(path), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var integrity string
	db2.read.QueryRow("PRAGMA integrity_check").Scan(&integrity)
	if integrity != "ok" {
		t.Fatalf("integrity_check = %s", integrity)
	}
	for _, no := range acked {
		var n int
		db2.read.QueryRow("SELECT count(*) FROM cases WHERE no = ?", no).Scan(&n)
		if n != 1 {
			t.Fatalf("acknowledged case %s lost after kill -9", no)
		}
	}
	cases, events, outbox := count(t, db2, "cases"), count(t, db2, "case_events"), count(t, db2, "outbox")
	if cases < len(acked) || events != cases || outbox != cases {
		t.Errorf("after kill -9: %d cases, %d events, %d outbox entries (acknowledged %d)", cases, events, outbox, len(acked))
	}
	t.Logf("killed after %d acknowledged writes; %d cases on disk, all with their event and outbox entry", len(acked), cases)
}
