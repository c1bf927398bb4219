package secure

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"io"
)

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
	s := &StreamReader{r: r, aead: aead, ad: headerAD(header)}
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
