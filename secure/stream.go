package secure

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"io"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// A backup file is: a magic line, a length-prefixed header (JSON, in
// clear, so a file can be recognised and described before the password is
// asked), then the content in SM4-GCM chunks of the STREAM construction:
// each chunk's nonce carries its number and a last-chunk flag, and every
// chunk authenticates SM3 of the magic and header. So a changed header,
// a changed, dropped, repeated or reordered chunk, and a file cut short
// (no chunk marked last) are all detected.

// BackupMagic starts every backup file.
const BackupMagic = "YICHUANG-BACKUP\n"

const (
	chunkSize   = 64 << 10
	maxHeader   = 64 << 10
	noncePrefix = 7
)

// Backup file errors.
var (
	ErrNotBackup = errors.New("secure: not a backup file")
	ErrTruncated = errors.New("secure: backup file truncated")
	ErrTrailing  = errors.New("secure: data after the end of the backup")
)

// BackupKey derives the content key and a password check value from a
// stretched backup password; the check goes in the header so a wrong
// password is told apart from a damaged file.
func BackupKey(s *Stretched) (key []byte, check string) {
	return mac(s.out, "yichuang/backup/sm4-gcm/v1")[:16], Fingerprint(s.out, "backup check")
}

// StreamWriter encrypts a backup's content.
type StreamWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix [noncePrefix]byte
	ad     []byte
	n      uint32
	buf    []byte
}

// NewStreamWriter writes the magic and header to w and returns a writer for
// the content; Close writes the last chunk.
func NewStreamWriter(w io.Writer, header, key []byte) (*StreamWriter, error) {
	return newStreamWriter(w, BackupMagic, header, key)
}

func newStreamWriter(w io.Writer, magic string, header, key []byte) (*StreamWriter, error) {
	if len(header) > maxHeader {
		return nil, errors.New("secure: header too large")
	}
	aead, err := gcm(key)
	if err != nil {
		return nil, err
	}
	s := &StreamWriter{w: w, aead: aead, ad: headerAD(magic, header), buf: make([]byte, 0, chunkSize)}
	randomFill(s.prefix[:])
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(header)))
	for _, b := range [][]byte{[]byte(magic), l[:], header, s.prefix[:]} {
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *StreamWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		n := copy(s.buf[len(s.buf):cap(s.buf)], p)
		s.buf, p = s.buf[:len(s.buf)+n], p[n:]
		if len(s.buf) == cap(s.buf) {
			if err := s.flush(false); err != nil {
				return total - len(p), err
			}
		}
	}
	return total, nil
}

// Close seals the last chunk (possibly empty).
func (s *StreamWriter) Close() error { return s.flush(true) }

func (s *StreamWriter) flush(last bool) error {
	sealed := s.aead.Seal(nil, s.nonce(last), s.buf, s.ad)
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(sealed)))
	if _, err := s.w.Write(l[:]); err != nil {
		return err
	}
	if _, err := s.w.Write(sealed); err != nil {
		return err
	}
	s.buf, s.n = s.buf[:0], s.n+1
	return nil
}

func (s *StreamWriter) nonce(last bool) []byte { return streamNonce(s.prefix, s.n, last) }

func streamNonce(prefix [noncePrefix]byte, n uint32, last bool) []byte {
	nonce := make([]byte, 12)
	copy(nonce, prefix[:])
	binary.BigEndian.PutUint32(nonce[noncePrefix:], n)
	if last {
		nonce[11] = 1
	}
	return nonce
}

func gcm(key []byte) (cipher.AEAD, error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func headerAD(magic string, header []byte) []byte {
	h := sm3.New()
	h.Write([]byte(magic))
	h.Write(header)
	return h.Sum(nil)
}

// ReadBackupHeader reads the magic and header of a backup; r is left at the
// content.
func ReadBackupHeader(r *bufio.Reader) ([]byte, error) {
	magic := make([]byte, len(BackupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != BackupMagic {
		return nil, ErrNotBackup
	}
	var l [4]byte
	if _, err := io.ReadFull(r, l[:]); err != nil {
		return nil, ErrTruncated
	}
	n := binary.BigEndian.Uint32(l[:])
	if n > maxHeader {
		return nil, ErrNotBackup
	}
	header := make([]byte, n)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, ErrTruncated
	}
	return header, nil
}

// StreamReader decrypts a backup's content, chunk by chunk.
type StreamReader struct {
	r      *bufio.Reader
	aead   cipher.AEAD
	prefix [noncePrefix]byte
	ad     []byte
	n      uint32
	buf    []byte
	done   bool
	err    error
}

// NewStreamReader reads the content that follows the header.
func NewStreamReader(r *bufio.Reader, header, key []byte) (*StreamReader, error) {
	aead, err := gcm(key)
	if err != nil {
		return nil, err
	}
	s := &StreamReader{r: r, aead: aead, ad: headerAD(BackupMagic, header)}
	if _, err := io.ReadFull(r, s.prefix[:]); err != nil {
		return nil, ErrTruncated
	}
	return s, nil
}

func (s *StreamReader) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		if s.done {
			return 0, io.EOF
		}
		s.err = s.next()
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func (s *StreamReader) next() error {
	var l [4]byte
	if _, err := io.ReadFull(s.r, l[:]); err != nil {
		return ErrTruncated // the stream ended before a chunk marked last
	}
	n := binary.BigEndian.Uint32(l[:])
	if n < tagSize || n > chunkSize+tagSize {
		return ErrAuth
	}
	sealed := make([]byte, n)
	if _, err := io.ReadFull(s.r, sealed); err != nil {
		return ErrTruncated
	}
	for _, last := range []bool{false, true} {
		if plain, err := s.aead.Open(nil, streamNonce(s.prefix, s.n, last), sealed, s.ad); err == nil {
			s.buf, s.n, s.done = plain, s.n+1, last
			if last {
				if _, err := s.r.ReadByte(); err != io.EOF {
					return ErrTrailing
				}
			}
			if len(plain) == 0 && !last {
				return ErrAuth
			}
			return nil
		}
	}
	return ErrAuth
}
