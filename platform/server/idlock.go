package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"time"

	"yichuang/datadir"
	"yichuang/hall"
)

// Several platform instances may share the uploads directory
// (docs/adr/0024): what one process did under a mutex, each does under a
// file lock in that directory, which the kernel releases when a process
// dies. Two locks a file: "create" (creating an upload that exists would
// truncate it) and "verify" (a file sealed twice, under two file keys,
// could keep the key of the one and the bytes of the other). A creation
// may verify inside it (creation with upload), never the other way round.
// tusd's own lock of an upload (filelocker) is a lock file there too.

// lockStripes bounds the lock files: ids share them by their hash, so
// none is ever removed (removing a lock file another process waits on
// would let a third take a new one) and they do not pile up.
const lockStripes = 64

// lockID waits for the lock what of upload id and returns its release.
func (s *Server) lockID(ctx context.Context, id, what string) (func(), error) {
	h := fnv.New32a()
	h.Write([]byte(id))
	dir := filepath.Join(s.uploads, ".locks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("%s-%02d", what, h.Sum32()%lockStripes)), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err := datadir.Lock(f)
		if err == nil {
			return func() { _ = datadir.Unlock(f); f.Close() }, nil
		}
		if !errors.Is(err, datadir.ErrLocked) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, hall.Errorf(hall.ETransient, "该扫描件正由平台的另一处理过程处理，请稍后重试")
		case <-time.After(5 * time.Millisecond):
		}
	}
}
