package sqlite

import (
	"bytes"
	"context"
	"encoding/binary"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

// A backup header asking for a 1 GiB Argon2id made restore allocate the
// gigabyte before it said 「备份密码不正确」: the cost is capped before
// anything is allocated.
func TestRestoreCapsTheKDFCostOfAHeader(t *testing.T) {
	_, _, file, _ := backedUp(t)
	n := len(secure.BackupMagic)
	l := binary.BigEndian.Uint32(file[n : n+4])
	header := string(file[n+4 : n+4+int(l)])
	forged := strings.Replace(header, `"kdf_m":64,`, `"kdf_m":1048576,`, 1)
	if forged == header {
		t.Fatalf("no kdf_m in header %s", header)
	}
	var b bytes.Buffer
	b.Write(file[:n])
	binary.Write(&b, binary.BigEndian, uint32(len(forged)))
	b.WriteString(forged)
	b.Write(file[n+4+int(l):])

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := UnpackBackup(hall.AsDesk(context.Background()), &b, "b.yichuang", "Wrong#Pass99", filepath.Join(t.TempDir(), ".restore"))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(hall.ErrorMessage(err), "已损坏或被改动") {
		t.Errorf("forged cost: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("a forged header made restore allocate %d MiB", grew>>20)
	}
}
