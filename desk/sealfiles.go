package desk

import (
	"context"
	"path/filepath"

	"yichuang/documents"
)

// SealFiles seals the scans and notices an older build left in clear
// (store/sqlite/files_sealed.go): one pass, each file written sealed,
// synced, then put in place of the clear one; a pass cut short goes on
// at the next. It needs a login's key; without one it does nothing, nor
// on a desk opened without its data directory (backup, restore).
func (d *Desk) SealFiles(ctx context.Context) (int, error) {
	if d.Dir == nil {
		return 0, nil
	}
	return d.DB.SealFiles(ctx, d.Dir.Files(), filepath.Join(d.Dir.Path, documents.Dir))
}

// SealFilesAtLogin runs SealFiles in the background once the first login
// in this window has unwrapped the data key; stop waits for it.
func (d *Desk) SealFilesAtLogin(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-d.DB.Unlocked():
		case <-ctx.Done():
			return
		}
		n, err := d.SealFiles(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			d.Log.Error("sealing files left in clear", "err", err, "sealed", n)
		case n > 0:
			d.Log.Info("sealed files left in clear", "files", n)
		}
	}()
	return func() { cancel(); <-done }
}
