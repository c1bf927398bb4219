package server

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	tusd "github.com/tus/tusd/v2/pkg/handler"

	"yichuang/secure"
)

// sealedStore is tusd's data store for scans on their way: a partial
// upload is never on disk in clear. Each piece that arrives is sealed
// (SM4-GCM under the platform key, bound to its upload and its offset) and
// appended as a record: 4 bytes of length, then the sealed piece. The
// offset is what the records hold; a record cut by a crash is dropped.
// The .info file holds the id, the size and the hash and case metadata,
// never the file's name. Files are 0600 in a 0700 directory.
type sealedStore struct {
	dir    string
	cipher *secure.Cipher
}

// pieceSize is the most sealed in one record.
const pieceSize = 64 << 10

// recordOverhead is what sealing adds to a piece (see secure.Cipher).
const recordOverhead = 1 + 4 + 12 + 16

func (st sealedStore) UseIn(c *tusd.StoreComposer) { c.UseCore(st) }

func (st sealedStore) binPath(id string) string  { return filepath.Join(st.dir, id) }
func (st sealedStore) infoPath(id string) string { return filepath.Join(st.dir, id+".info") }

func (st sealedStore) NewUpload(ctx context.Context, info tusd.FileInfo) (tusd.Upload, error) {
	if !sha256RE.MatchString(info.ID) {
		return nil, errors.New("upload id is not a SHA-256")
	}
	info.Offset = 0
	info.Storage = map[string]string{"Type": "sealed"}
	f, err := os.OpenFile(st.binPath(info.ID), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	u := &sealedUpload{st: st, info: info}
	return u, u.writeInfo()
}

func (st sealedStore) GetUpload(ctx context.Context, id string) (tusd.Upload, error) {
	if !sha256RE.MatchString(id) {
		return nil, tusd.ErrNotFound
	}
	b, err := os.ReadFile(st.infoPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, tusd.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var info tusd.FileInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, err
	}
	held, err := st.held(id)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, tusd.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	info.Offset = held
	return &sealedUpload{st: st, info: info}, nil
}

// held is how many clear bytes the whole records of an upload hold.
func (st sealedStore) held(id string) (int64, error) {
	f, err := os.Open(st.binPath(id))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	_, clear, err := records(f)
	return clear, err
}

// records walks the records of an upload file: where the last whole one
// ends and how many clear bytes they hold. A record cut short (a crash, or
// a piece being written now) is not counted.
func records(f *os.File) (end, clear int64, err error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, 0, err
	}
	var l [4]byte
	for end+4 <= size {
		if _, err := f.ReadAt(l[:], end); err != nil {
			return 0, 0, err
		}
		n := int64(binary.BigEndian.Uint32(l[:]))
		if n < recordOverhead || n > pieceSize+recordOverhead || end+4+n > size {
			break
		}
		end += 4 + n
		clear += n - recordOverhead
	}
	return end, clear, nil
}

// aad binds a piece to its upload and its place in it.
func pieceAAD(id string, offset int64) []byte {
	return []byte("yichuang-platform upload piece v1:" + id + ":" + strconv.FormatInt(offset, 10))
}

type sealedUpload struct {
	st   sealedStore
	info tusd.FileInfo
}

func (u *sealedUpload) GetInfo(ctx context.Context) (tusd.FileInfo, error) { return u.info, nil }

func (u *sealedUpload) writeInfo() error {
	b, err := json.Marshal(u.info)
	if err != nil {
		return err
	}
	return os.WriteFile(u.st.infoPath(u.info.ID), b, 0o600)
}

// WriteChunk seals what arrives piece by piece. Bytes that arrived before
// the request was cut are kept, as tus wants. tusd holds the upload's lock
// meanwhile, so a record cut by a crash is dropped here, before appending.
func (u *sealedUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	f, err := os.OpenFile(u.st.binPath(u.info.ID), os.O_RDWR, 0o600)
	if err != nil {
		return 0, err
	}
	end, clear, err := records(f)
	if err == nil && clear != u.info.Offset {
		err = errors.New("upload offset moved")
	}
	if err == nil {
		err = f.Truncate(end)
	}
	if err == nil {
		_, err = f.Seek(end, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return 0, err
	}
	bw := bufio.NewWriterSize(f, pieceSize+recordOverhead+4)
	buf := make([]byte, pieceSize)
	var written int64
	var rerr error
	for rerr == nil {
		var n int
		n, rerr = io.ReadFull(src, buf)
		if n == 0 {
			break
		}
		sealed := u.st.cipher.Seal(buf[:n], pieceAAD(u.info.ID, u.info.Offset))
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(sealed)))
		if _, err := bw.Write(l[:]); err != nil {
			f.Close()
			return written, err
		}
		if _, err := bw.Write(sealed); err != nil {
			f.Close()
			return written, err
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return written, err
		}
		written += int64(n)
		u.info.Offset += int64(n)
	}
	if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
		rerr = nil
	}
	if err := f.Close(); rerr == nil {
		rerr = err
	}
	return written, rerr
}

// GetReader yields the upload's clear bytes, record by record.
func (u *sealedUpload) GetReader(ctx context.Context) (io.ReadCloser, error) {
	f, err := os.Open(u.st.binPath(u.info.ID))
	if err != nil {
		return nil, err
	}
	return &pieceReader{f: f, r: bufio.NewReaderSize(f, pieceSize+recordOverhead+4), c: u.st.cipher, id: u.info.ID}, nil
}

func (u *sealedUpload) FinishUpload(ctx context.Context) error { return nil }

type pieceReader struct {
	f      *os.File
	r      *bufio.Reader
	c      *secure.Cipher
	id     string
	offset int64
	buf    []byte
}

func (p *pieceReader) Read(b []byte) (int, error) {
	for len(p.buf) == 0 {
		var l [4]byte
		if _, err := io.ReadFull(p.r, l[:]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return 0, io.EOF // a record cut by a crash: held() drops it
			}
			return 0, err
		}
		n := binary.BigEndian.Uint32(l[:])
		if n < recordOverhead || n > pieceSize+recordOverhead {
			return 0, secure.ErrFormat
		}
		sealed := make([]byte, n)
		if _, err := io.ReadFull(p.r, sealed); err != nil {
			return 0, io.EOF
		}
		plain, err := p.c.Open(sealed, pieceAAD(p.id, p.offset))
		if err != nil {
			return 0, err
		}
		p.buf, p.offset = plain, p.offset+int64(len(plain))
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

func (p *pieceReader) Close() error { return p.f.Close() }
