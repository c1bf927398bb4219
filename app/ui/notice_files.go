package ui

import (
	"context"

	"yichuang/documents"
	"yichuang/hall"
)

// fileKey is the key the desk's scans and notices are sealed under; nil
// when the services have none (a desk with no keys).
func (e *Env) fileKey(ctx context.Context) ([]byte, error) {
	if e.FileKey == nil {
		return nil, nil
	}
	return e.FileKey(ctx)
}

// writeNotice writes a notice into the data directory, sealed.
func (e *Env) writeNotice(ctx context.Context, c *hall.Case, n hall.Notice) (string, error) {
	key, err := e.fileKey(ctx)
	if err != nil {
		return "", err
	}
	return documents.Write(e.Info.DataDir, key, c, n)
}

// writeBundleNotice writes a bundle intake's one notice, sealed.
func (e *Env) writeBundleNotice(ctx context.Context, cases []*hall.Case, notices []hall.Notice) (string, error) {
	key, err := e.fileKey(ctx)
	if err != nil {
		return "", err
	}
	return documents.WriteBundle(e.Info.DataDir, key, cases, notices)
}
