package commands

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"yichuang/documents"
	"yichuang/hall"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/pdftext"
)

func TestDocumentWritesTheNoticesOfACaseAgain(t *testing.T) {
	dir := t.TempDir()
	ctx := hall.AsDesk(context.Background())
	dk := desks.Open(t, dir)
	got, _ := desks.SentBackForCorrection(t, ctx, dk)
	receivedOnly := &hall.Case{ItemCode: got.ItemCode, ItemName: got.ItemName, Applicant: hall.Applicant{Name: "李玥"}}
	plain, _, err := dk.DB.Drafts().Submit(ctx, hall.Submission{Case: receivedOnly})
	if err != nil {
		t.Fatal(err)
	}
	dk.Close()

	code, out, errs := run(t, "document", "--data", dir, got.No)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	pdf, err := os.ReadFile(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := pdftext.Text(pdf); !strings.Contains(text, "一次性告知书") || !strings.Contains(text, got.No) {
		t.Errorf("the written notice:\n%s", text)
	}
	for _, tc := range []struct{ no, want string }{
		{"12-34", "不是有效的办件编号"},
		{"341122-" + time.Now().Format("20060102") + "-01-0099", "本窗口没有办件"},
		{plain.No, "没有出具过文书"},
	} {
		if code, _, errs := run(t, "document", "--data", dir, tc.no); code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("document %s: exit %d, %q; want %q", tc.no, code, errs, tc.want)
		}
	}
}

// TestDocumentOfABundleCaseIsTheBundles: any case of a bundle (一件事)
// reprints the bundle's one receipt, listing all its cases, as on the day,
// and says so; a case's own later notice (its 办结) follows it.
func TestDocumentOfABundleCaseIsTheBundles(t *testing.T) {
	dir := t.TempDir()
	ctx := hall.AsDesk(context.Background())
	dk := desks.Open(t, dir)
	cases, evs := desks.BundleAccepted(t, ctx, dk, "YJS341122003") // 退休一件事, three items
	notices := make([]hall.Notice, len(cases))
	for i := range cases {
		notices[i], _ = hall.NoticeOf(evs[i][len(evs[i])-1])
	}
	onTheDay, err := documents.RenderBundle(cases, notices)
	if err != nil {
		t.Fatal(err)
	}
	want, err := pdftext.Text(onTheDay)
	if err != nil {
		t.Fatal(err)
	}
	it, err := dk.DB.Catalog().Item(ctx, cases[1].ItemCode)
	if err != nil {
		t.Fatal(err)
	}
	decide := hall.WindowDecision{Item: it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}, Approve: true, Licence: "GJJ-2026-0001",
		HallDecides: true}
	if _, _, err := dk.DB.Cases().Transition(ctx, cases[1].ID, decide.Step()); err != nil {
		t.Fatal(err)
	}
	dk.Close()

	for _, tc := range []struct {
		c     *hall.Case
		lines int
	}{{cases[1], 4}, {cases[2], 2}} {
		code, out, errs := run(t, "document", "--data", dir, tc.c.No)
		if code != 0 {
			t.Fatalf("document %s: exit %d: %s", tc.c.No, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != tc.lines {
			t.Fatalf("document %s printed %d lines, want %d:\n%s", tc.c.No, len(lines), tc.lines, out)
		}
		say := "办件 " + tc.c.No + " 属于一件事“退休一件事”（第 " + strconv.Itoa(tc.c.Bundle.Part) + " 件，共 3 件）：重新生成的是一件事的受理回执，列出全部 3 个办件"
		if !strings.Contains(lines[0], say) {
			t.Errorf("document %s says %q, want %q", tc.c.No, lines[0], say)
		}
		pdf, err := os.ReadFile(lines[1])
		if err != nil {
			t.Fatal(err)
		}
		text, _ := pdftext.Text(pdf)
		if text != want {
			t.Errorf("the reprint of %s is not the bundle's receipt of the day:\n%s\n--- on the day:\n%s", tc.c.No, text, want)
		}
		for _, c := range cases {
			if !strings.Contains(text, c.No) || !strings.Contains(text, c.ItemName) {
				t.Errorf("the reprint of %s does not list %s %s", tc.c.No, c.No, c.ItemName)
			}
		}
		if tc.lines == 4 {
			own, err := os.ReadFile(lines[3])
			if err != nil {
				t.Fatal(err)
			}
			if text, _ := pdftext.Text(own); !strings.Contains(lines[2], "此后自己的文书") || !strings.Contains(text, "办结通知书") ||
				!strings.Contains(text, tc.c.No) || strings.Contains(text, cases[0].No) {
				t.Errorf("the second case's own notice (%s):\n%s", lines[2], text)
			}
		}
	}
}
