package transport

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// The desk speaks tus 1.0 (core and creation) to the platform's tusd.
const tusVersion = "1.0.0"

// FileStatus asks whether a file has arrived whole (ok) at the platform.
func (c *Client) FileStatus(ctx context.Context, sha string) (bool, error) {
	resp, err := c.do(ctx, call{method: http.MethodGet, path: protocol.PathFiles + sha})
	if err != nil {
		if f := faultOf(err); f != nil && f.Kind == protocol.FaultGone {
			return false, nil
		}
		return false, err
	}
	var st protocol.FileStatus
	if err := decode(resp, &st); err != nil {
		return false, err
	}
	return st.Verified, nil
}

// CreateUpload creates the upload of a file and returns its path and how
// much of it the platform holds (0 for a new upload; more when an earlier
// creation's answer was lost). done is true when the platform holds the
// whole file already: nothing needs sending.
func (c *Client) CreateUpload(ctx context.Context, f hall.FileRef) (path string, offset int64, done bool, err error) {
	meta := []string{
		protocol.MetaSHA256 + " " + b64(f.SHA256),
		protocol.MetaName + " " + b64(f.Name),
		protocol.MetaCase + " " + b64(f.CaseID),
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathUploads, header: map[string]string{
		"Tus-Resumable": tusVersion, "Upload-Length": strconv.FormatInt(f.Size, 10),
		"Upload-Metadata": strings.Join(meta, ","),
	}})
	if err != nil {
		return "", 0, false, err
	}
	loc, perr := url.Parse(resp.Header().Get("Location"))
	if perr != nil || loc.Path == "" {
		return "", 0, false, hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer, Status: resp.StatusCode()},
			"平台未给出上传地址，稍后自动重试")
	}
	// Only the path is kept: the same upload resumes through another
	// address of the platform (a proxy, --platform for one run).
	if h := resp.Header().Get("Upload-Offset"); h != "" {
		if offset, err = offsetOf(h, resp.StatusCode()); err != nil {
			return "", 0, false, err
		}
	}
	return loc.Path, offset, resp.StatusCode() == http.StatusOK, nil
}

// UploadOffset asks how much of an upload the platform holds.
func (c *Client) UploadOffset(ctx context.Context, path string) (int64, error) {
	resp, err := c.do(ctx, call{method: http.MethodHead, path: path, header: map[string]string{"Tus-Resumable": tusVersion}})
	if err != nil {
		return 0, err
	}
	return offsetOf(resp.Header().Get("Upload-Offset"), resp.StatusCode())
}

// UploadChunk appends chunk at offset and returns the platform's new offset.
// A chunk cut short is not lost: the platform keeps what arrived, and the
// next UploadOffset tells where to go on.
func (c *Client) UploadChunk(ctx context.Context, path string, offset int64, chunk []byte) (int64, error) {
	resp, err := c.do(ctx, call{method: http.MethodPatch, path: path, body: chunk, header: map[string]string{
		"Tus-Resumable": tusVersion, "Upload-Offset": strconv.FormatInt(offset, 10),
		"Content-Type": "application/offset+octet-stream",
	}})
	if err != nil {
		return 0, err
	}
	return offsetOf(resp.Header().Get("Upload-Offset"), resp.StatusCode())
}

func offsetOf(h string, status int) (int64, error) {
	n, err := strconv.ParseInt(h, 10, 64)
	if err != nil || n < 0 {
		return 0, hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer, Status: status},
			"平台未给出上传进度，稍后自动重试")
	}
	return n, nil
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
