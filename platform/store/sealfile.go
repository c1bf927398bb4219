package store

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"yichuang/secure"
)

// A scan is kept sealed: the STREAM format of package secure (SM4-GCM
// chunks, each bound to its place and to the header) under a random key of
// its own, with its SHA-256 in the header so that a sealed file moved to
// another name does not open. The file's key is kept in the database,
// sealed under the platform key: a copy of the data directory opens
// nothing, and a new platform key re-seals the files' keys in the one
// transaction that re-seals everything else, without touching the files.
type scanHeader struct {
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
}

const scanKind = "yichuang-platform scan v1"

// SealFile writes what src yields, sealed, to path (through a temporary
// file and a rename, readable by its owner only), and returns the file's
// key sealed under the platform key, for FileVerified.
func (s *Store) SealFile(path, sha string, src io.Reader) (string, error) {
	fileKey := make([]byte, 16)
	if _, err := rand.Read(fileKey); err != nil {
		return "", err
	}
	header, _ := json.Marshal(scanHeader{Kind: scanKind, SHA256: sha})
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sealing-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 64<<10)
	sw, err := secure.NewStreamWriter(bw, header, fileKey)
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
		return "", fmt.Errorf("seal %s: %w", sha, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return s.key.sealFileKey(sha, fileKey), nil
}

// OpenFile opens a verified scan: reading it yields the clear bytes, and
// fails if any of them was changed.
func (s *Store) OpenFile(ctx context.Context, sha string) (io.ReadCloser, error) {
	var path, sealedKey string
	if err := s.read.QueryRowContext(ctx, "SELECT path, file_key FROM files WHERE sha256 = ?", sha).Scan(&path, &sealedKey); err != nil {
		return nil, fmt.Errorf("scan %s: %w", sha, err)
	}
	fileKey, err := s.key.openFileKey(sha, sealedKey)
	if err != nil {
		return nil, fmt.Errorf("scan %s: its key does not open under the platform key: %w", sha, err)
	}
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
	sr, err := secure.NewStreamReader(br, header, fileKey)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{sr, f}, nil
}
