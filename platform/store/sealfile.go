package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"yichuang/secure"
)

// A scan is kept sealed: the STREAM format of package secure (SM4-GCM
// chunks, each bound to its place and to the header), under a key derived
// from the platform key, with its SHA-256 in the header so that a sealed
// file moved to another name does not open.
type scanHeader struct {
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
}

const scanKind = "yichuang-platform scan v1"

// SealFile writes what src yields, sealed, to path (through a temporary
// file and a rename, readable by its owner only).
func (s *Store) SealFile(path, sha string, src io.Reader) error {
	header, _ := json.Marshal(scanHeader{Kind: scanKind, SHA256: sha})
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sealing-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 64<<10)
	sw, err := secure.NewStreamWriter(bw, header, s.key.files)
	if err == nil {
		_, err = io.Copy(sw, src)
	}
	if err == nil {
		err = sw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("seal %s: %w", sha, err)
	}
	return os.Rename(tmp.Name(), path)
}

// OpenFile opens a scan sealed by SealFile: reading it yields the clear
// bytes, and fails if any of them was changed.
func (s *Store) OpenFile(path, sha string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(f)
	header, err := secure.ReadBackupHeader(br)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("scan %s: %w", sha, err)
	}
	var h scanHeader
	if json.Unmarshal(header, &h) != nil || h.Kind != scanKind || h.SHA256 != sha {
		f.Close()
		return nil, fmt.Errorf("scan %s: the sealed file is another file", sha)
	}
	sr, err := secure.NewStreamReader(br, header, s.key.files)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{sr, f}, nil
}

// FilePath is where a verified scan is kept, as recorded.
func (s *Store) FilePath(ctx context.Context, sha string) (string, error) {
	var p string
	err := s.read.QueryRowContext(ctx, "SELECT path FROM files WHERE sha256 = ?", sha).Scan(&p)
	return p, err
}
