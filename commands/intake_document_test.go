package commands

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

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
