package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// writeJSON answers v, compressed when the desk accepts it and it is worth
// it: on a township link the answer's bytes are time.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	writeJSONLevel(w, r, status, v, gzip.BestSpeed)
}

// writeJSONLevel is writeJSON with the compression level given: answers
// that are large and go down a township link once are worth the CPU.
func writeJSONLevel(w http.ResponseWriter, r *http.Request, status int, v any, level int) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if len(b) > 512 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.WriteHeader(status)
		zw := gzipWriter(w, level)
		_, _ = zw.Write(b)
		_ = zw.Close()
		gzipWriters[level].Put(zw)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// gzipWriters keeps the answers' compressors, by level, for the next
// answer: a new one allocates and clears its tables (about 1 MB), which
// cost more than compressing a push's answer.
var gzipWriters [gzip.BestCompression + 1]sync.Pool

// gzipWriter is a compressor at level (gzip.BestSpeed …
// gzip.BestCompression) writing to w; put it back in gzipWriters[level]
// after its Close.
func gzipWriter(w io.Writer, level int) *gzip.Writer {
	if zw, ok := gzipWriters[level].Get().(*gzip.Writer); ok {
		zw.Reset(w)
		return zw
	}
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		panic(err) // the levels are the package's own constants
	}
	return zw
}

// writeError answers a failure with its code and Chinese message; a failure
// that is not a *hall.Error is logged and answered without detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var he *hall.Error
	if !errors.As(err, &he) {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		he = hall.Errorf(hall.EInternal, "平台内部错误，请稍后重试")
	}
	writeJSON(w, r, protocol.HTTPStatus(he.Code), protocol.ErrorBody{Code: he.Code, Message: he.Message})
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, code, format string, args ...any) {
	s.writeError(w, r, hall.Errorf(code, format, args...))
}
