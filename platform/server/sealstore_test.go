package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"testing"

	tusd "github.com/tus/tusd/v2/pkg/handler"

	"yichuang/platform/store"
)

// An upload cut by a crash in the middle of a record resumes from the last
// whole record, and its pieces cannot be moved about.
func TestSealedUploadSurvivesATornRecord(t *testing.T) {
	ctx := context.Background()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st := sealedStore{dir: t.TempDir(), cipher: key.Cipher()}
	content := []byte(strings.Repeat("0123456789", 20000)) // 200,000 bytes: four records
	id := strings.Repeat("ab", 32)
	u, err := st.NewUpload(ctx, tusd.FileInfo{ID: id, Size: int64(len(content))})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := u.WriteChunk(ctx, 0, bytes.NewReader(content[:150000])); err != nil || n != 150000 {
		t.Fatalf("first chunk: %d %v", n, err)
	}
	// A crash while the next record was written: half a record at the end.
	f, _ := os.OpenFile(st.binPath(id), os.O_WRONLY|os.O_APPEND, 0)
	f.Write([]byte{0, 1, 0, 33, 'x', 'y'})
	f.Close()
	got, err := st.GetUpload(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := got.GetInfo(ctx)
	if info.Offset != 150000 {
		t.Fatalf("offset after the torn record: %d", info.Offset)
	}
	if n, err := got.WriteChunk(ctx, info.Offset, bytes.NewReader(content[150000:])); err != nil || n != 50000 {
		t.Fatalf("second chunk: %d %v", n, err)
	}
	rc, _ := got.GetReader(ctx)
	back, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(back, content) {
		t.Fatalf("read back %d bytes, %v", len(back), err)
	}
	raw, _ := os.ReadFile(st.binPath(id))
	if bytes.Contains(raw, content[:20]) {
		t.Fatal("the upload file holds clear bytes")
	}
	// Swap the first two records: they no longer open.
	l1 := 4 + int(binary.BigEndian.Uint32(raw))
	l2 := 4 + int(binary.BigEndian.Uint32(raw[l1:]))
	swapped := append(append(append([]byte{}, raw[l1:l1+l2]...), raw[:l1]...), raw[l1+l2:]...)
	os.WriteFile(st.binPath(id), swapped, 0o600)
	rc, _ = got.GetReader(ctx)
	_, err = io.ReadAll(rc)
	rc.Close()
	if err == nil {
		t.Fatal("records moved about still open")
	}
}
