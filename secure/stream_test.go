package secure

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
)

func seal(t *testing.T, content, header, key []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := NewStreamWriter(&out, header, key)
	if err != nil {
		t.Fatal(err)
	}
	for p := content; len(p) > 0; { // uneven writes
		n := min(len(p), 10000)
		if _, err := w.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func open(file, key []byte) ([]byte, []byte, error) {
	r := bufio.NewReader(bytes.NewReader(file))
	h, err := ReadBackupHeader(r)
	if err != nil {
		return nil, nil, err
	}
	s, err := NewStreamReader(r, h, key)
	if err != nil {
		return h, nil, err
	}
	b, err := io.ReadAll(s)
	return h, b, err
}

func TestStreamRoundTrip(t *testing.T) {
	key := make([]byte, 16)
	rand.Read(key)
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 17} {
		content := make([]byte, size)
		rand.Read(content)
		h, got, err := open(seal(t, content, []byte(`{"a":1}`), key), key)
		if err != nil || !bytes.Equal(got, content) || string(h) != `{"a":1}` {
			t.Errorf("size %d: %d bytes back, %v", size, len(got), err)
		}
	}
}

func TestStreamRefusesDamage(t *testing.T) {
	key := make([]byte, 16)
	rand.Read(key)
	content := make([]byte, 3*chunkSize+100)
	rand.Read(content)
	file := seal(t, content, []byte(`{"hall":"341122"}`), key)
	head := len(BackupMagic) + 4 + len(`{"hall":"341122"}`) + noncePrefix
	chunk := 4 + chunkSize + tagSize
	other := append([]byte(nil), key...)
	other[0] ^= 1
	cut := func(n int) []byte { return append([]byte(nil), file[:n]...) }
	for _, tc := range []struct {
		name string
		file []byte
		key  []byte
		want error
	}{
		{"not a backup", []byte("PK\x03\x04 a zip file, not ours"), key, ErrNotBackup},
		{"empty", nil, key, ErrNotBackup},
		{"cut in the header", cut(len(BackupMagic) + 6), key, ErrTruncated},
		{"cut in a chunk", cut(len(file) - 5000), key, ErrTruncated},
		{"cut at a chunk boundary", cut(head + 2*chunk), key, ErrTruncated},
		{"last chunk dropped", cut(len(file) - (4 + 100 + tagSize)), key, ErrTruncated},
		{"a byte flipped", flip(file, head+chunk+500), key, ErrAuth},
		{"header changed", bytes.Replace(file, []byte("341122"), []byte("341123"), 1), key, ErrAuth},
		{"chunks swapped", append(append(append(cut(head), file[head+chunk:head+2*chunk]...), file[head:head+chunk]...), file[head+2*chunk:]...), key, ErrAuth},
		{"middle chunk dropped", append(cut(head+chunk), file[head+2*chunk:]...), key, ErrAuth},
		{"wrong key", file, other, ErrAuth},
		{"bytes after the end", append(cut(len(file)), 0), key, ErrTrailing},
	} {
		if _, _, err := open(tc.file, tc.key); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
