package secure

import (
	"bytes"
	"crypto/cipher"
	"encoding/binary"
	"io"
	"os"
	"sync"
)

// A sealed file (a scan in files/, a notice in documents/) is the backup's
// STREAM format under its own magic and an empty header: SM4-GCM chunks of
// 64 KiB, each with its number and a last-chunk flag in its nonce. Every
// chunk but the last has the same sealed size, so chunk i sits at a known
// offset and opens alone: a reader can start anywhere (a resumed upload
// reads from the offset the platform holds) without decrypting what comes
// before. A chunk opened at its place must carry its own number and the
// right last flag, so a file cut at a chunk boundary, or chunks swapped,
// are refused.

// FileMagic starts every sealed file.
const FileMagic = "YICHUANG-SEALED\n"

const (
	fileHeader  = len(FileMagic) + 4 + noncePrefix // magic, header length (0), nonce prefix
	sealedChunk = 4 + chunkSize + tagSize          // length, ciphertext, tag
)

// FileKey is the SM4 key of the desk's sealed files, derived from the data
// key for that purpose only.
func (k *DataKey) FileKey() []byte { return mac(k.raw[:], "yichuang/files/sm4-gcm/v1")[:16] }

// NewFileWriter writes a sealed file's head to w and returns the writer of
// its content; Close seals the last chunk.
func NewFileWriter(w io.Writer, key []byte) (*StreamWriter, error) {
	return newStreamWriter(w, FileMagic, nil, key)
}

// IsSealedFile reports whether a file's first bytes are a sealed file's.
func IsSealedFile(head []byte) bool { return bytes.HasPrefix(head, []byte(FileMagic)) }

// SealedFileSize is the size on disk of a sealed file of n content bytes.
func SealedFileSize(n int64) int64 {
	return int64(fileHeader) + n + (n/chunkSize+1)*int64(4+tagSize)
}

// SealedFile opens a sealed file's content by offset.
type SealedFile struct {
	r      io.ReaderAt
	aead   cipher.AEAD
	prefix [noncePrefix]byte
	ad     []byte
	chunks int64 // the number of chunks, the last one included
	size   int64 // content bytes, as the file's length says (each chunk proves its part)
	// The chunk opened last, kept for the next read (a reader reads on
	// from where it stopped, usually in smaller pieces than a chunk).
	mu     sync.Mutex
	at     int64
	plain  []byte
	sealed []byte
}

// OpenFile reads the head of the sealed file r of size bytes (on disk).
func OpenFile(r io.ReaderAt, size int64, key []byte) (*SealedFile, error) {
	head := make([]byte, fileHeader)
	if _, err := r.ReadAt(head, 0); err != nil || !IsSealedFile(head) {
		return nil, ErrFormat
	}
	if binary.BigEndian.Uint32(head[len(FileMagic):]) != 0 {
		return nil, ErrFormat
	}
	aead, err := gcm(key)
	if err != nil {
		return nil, err
	}
	body := size - int64(fileHeader)
	if body < 4+tagSize {
		return nil, ErrTruncated
	}
	f := &SealedFile{r: r, aead: aead, ad: headerAD(FileMagic, nil)}
	copy(f.prefix[:], head[len(FileMagic)+4:])
	f.chunks = (body + sealedChunk - 1) / sealedChunk
	f.size = body - f.chunks*(4+tagSize)
	if f.size < 0 {
		return nil, ErrTruncated
	}
	// The last chunk proves the length: a file cut at a chunk boundary ends
	// in a chunk not marked last.
	f.mu.Lock()
	_, err = f.chunk(f.chunks - 1)
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Size is the content's length.
func (f *SealedFile) Size() int64 { return f.size }

// chunk opens chunk i at its place (the one opened last again from
// memory); f.mu is held.
func (f *SealedFile) chunk(i int64) ([]byte, error) {
	if f.plain != nil && f.at == i {
		return f.plain, nil
	}
	if f.sealed == nil {
		f.sealed = make([]byte, sealedChunk)
	}
	buf := f.sealed
	off := int64(fileHeader) + i*sealedChunk
	n, err := f.r.ReadAt(buf, off)
	if n < 4 || (err != nil && err != io.EOF) {
		return nil, ErrTruncated
	}
	l := int(binary.BigEndian.Uint32(buf))
	if l < tagSize || l > chunkSize+tagSize || 4+l > n {
		return nil, ErrAuth
	}
	last := i == f.chunks-1
	if (!last && l != chunkSize+tagSize) || (last && 4+l != n) {
		return nil, ErrAuth
	}
	plain, err := f.aead.Open(f.plain[:0], streamNonce(f.prefix, uint32(i), last), buf[4:4+l], f.ad)
	if err != nil {
		f.plain = nil
		return nil, ErrAuth
	}
	f.plain, f.at = plain, i
	return plain, nil
}

// ReadAt reads content bytes from off, opening only the chunks it needs.
func (f *SealedFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, ErrFormat
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for n < len(p) {
		pos := off + int64(n)
		if pos >= f.size {
			return n, io.EOF
		}
		plain, err := f.chunk(pos / chunkSize)
		if err != nil {
			return n, err
		}
		n += copy(p[n:], plain[pos%chunkSize:])
	}
	return n, nil
}

// Reader reads the whole content from the start.
func (f *SealedFile) Reader() io.Reader { return io.NewSectionReader(f, 0, f.size) }

// Content is a stored file's content, sealed or (written before the desk
// had keys) in clear, read by offset.
type Content struct {
	io.ReaderAt
	Size   int64
	Sealed bool
	file   *os.File
}

// Close closes the file.
func (c *Content) Close() error { return c.file.Close() }

// OpenPath opens a stored file: a sealed one with key (ErrOtherKey without
// one: nobody logged in), one in clear as it is.
func OpenPath(path string, key []byte) (*Content, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	head := make([]byte, len(FileMagic))
	if n, _ := f.ReadAt(head, 0); !IsSealedFile(head[:n]) {
		return &Content{ReaderAt: f, Size: st.Size(), file: f}, nil
	}
	if key == nil {
		f.Close()
		return nil, ErrOtherKey
	}
	s, err := OpenFile(f, st.Size(), key)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Content{ReaderAt: s, Size: s.Size(), Sealed: true, file: f}, nil
}

// Reader reads the whole content from the start.
func (c *Content) Reader() io.Reader { return io.NewSectionReader(c, 0, c.Size) }
