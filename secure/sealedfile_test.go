package secure

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

func sealBytes(t testing.TB, plain, key []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := NewFileWriter(&out, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func fileKey(t testing.TB) []byte {
	k, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	return k.FileKey()
}

// Every size, read whole and from any offset, gives back the content; the
// sealed bytes never hold it and have the size SealedFileSize says.
func TestSealedFileReadsByOffset(t *testing.T) {
	key := fileKey(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 100, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 17, 300 << 10} {
		plain := make([]byte, n)
		for i := range plain {
			plain[i] = byte(rng.IntN(256))
		}
		copy(plain, "张喆 110105194912310021 身份证")
		sealed := sealBytes(t, plain, key)
		if int64(len(sealed)) != SealedFileSize(int64(n)) {
			t.Fatalf("%d bytes: sealed %d, SealedFileSize %d", n, len(sealed), SealedFileSize(int64(n)))
		}
		if n >= 20 && bytes.Contains(sealed, plain[:20]) {
			t.Fatalf("%d bytes: the sealed file holds the content", n)
		}
		f, err := OpenFile(bytes.NewReader(sealed), int64(len(sealed)), key)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if f.Size() != int64(n) {
			t.Fatalf("%d bytes: Size %d", n, f.Size())
		}
		got, err := io.ReadAll(f.Reader())
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: read back %d bytes, %v", n, len(got), err)
		}
		for range 20 {
			if n == 0 {
				break
			}
			off := rng.IntN(n)
			l := min(rng.IntN(2*chunkSize), n-off)
			buf := make([]byte, l)
			if _, err := f.ReadAt(buf, int64(off)); err != nil && !(err == io.EOF && off+l == n) {
				t.Fatalf("%d bytes: ReadAt(%d, %d): %v", n, off, l, err)
			}
			if !bytes.Equal(buf, plain[off:off+l]) {
				t.Fatalf("%d bytes: ReadAt(%d, %d) differs", n, off, l)
			}
		}
	}
}

// A cut, a swapped or changed chunk, trailing bytes and the wrong key are
// refused, at open or at the read that reaches them.
func TestSealedFileRefusesTampering(t *testing.T) {
	key := fileKey(t)
	plain := bytes.Repeat([]byte("受理通知书"), 3*chunkSize/15+100) // four chunks
	sealed := sealBytes(t, plain, key)
	open := func(b []byte, k []byte) error {
		f, err := OpenFile(bytes.NewReader(b), int64(len(b)), k)
		if err != nil {
			return err
		}
		_, err = io.ReadAll(f.Reader())
		return err
	}
	if err := open(sealed, key); err != nil {
		t.Fatal(err)
	}
	cut := sealed[:fileHeader+3*sealedChunk] // the last chunk dropped at a boundary
	swapped := append([]byte(nil), sealed...)
	copy(swapped[fileHeader:], sealed[fileHeader+sealedChunk:fileHeader+2*sealedChunk])
	copy(swapped[fileHeader+sealedChunk:], sealed[fileHeader:fileHeader+sealedChunk])
	flipped := append([]byte(nil), sealed...)
	flipped[fileHeader+100] ^= 1
	for name, c := range map[string]struct {
		b, key []byte
	}{
		"cut":       {cut, key},
		"cut short": {sealed[:len(sealed)-5], key},
		"swapped":   {swapped, key},
		"flipped":   {flipped, key},
		"trailing":  {append(append([]byte(nil), sealed...), 0), key},
		"other key": {sealed, fileKey(t)},
		"clear":     {plain, key},
	} {
		if err := open(c.b, c.key); err == nil {
			t.Errorf("%s: opened", name)
		} else if !errors.Is(err, ErrAuth) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The file key is its own: not the data key's cipher key, not another
// desk's.
func TestFileKeyIsDerivedPerDesk(t *testing.T) {
	a, _ := NewDataKey()
	b, _ := NewDataKey()
	if bytes.Equal(a.FileKey(), b.FileKey()) || len(a.FileKey()) != 16 {
		t.Fatal("file keys of two desks agree")
	}
	again, _ := LoadDataKey(a.Raw())
	if !bytes.Equal(a.FileKey(), again.FileKey()) {
		t.Fatal("the file key is not a function of the data key")
	}
}

var scan300 = bytes.Repeat([]byte{0xff, 0xd8, 1, 2, 3, 4, 5, 6}, 300<<10/8)

// BenchmarkSealScan300KB is the cost of sealing a 300 KB scan.
func BenchmarkSealScan300KB(b *testing.B) {
	key := fileKey(b)
	b.SetBytes(int64(len(scan300)))
	for b.Loop() {
		w, _ := NewFileWriter(io.Discard, key)
		w.Write(scan300)
		w.Close()
	}
}

// BenchmarkOpenScan300KB is the cost of reading a sealed 300 KB scan whole.
func BenchmarkOpenScan300KB(b *testing.B) {
	key := fileKey(b)
	sealed := sealBytes(b, scan300, key)
	b.SetBytes(int64(len(scan300)))
	for b.Loop() {
		f, err := OpenFile(bytes.NewReader(sealed), int64(len(sealed)), key)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, f.Reader())
	}
}
