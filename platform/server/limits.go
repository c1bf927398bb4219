package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/time/rate"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Caps on what a request may carry, per route: as sent (compressed) and
// once inflated. A body is decoded as it streams, so the platform never
// holds more of it than the cap.
const (
	registerSent     = 4 << 10
	registerInflated = 4 << 10
	pullSent         = 64 << 10
	pullInflated     = 64 << 10
	auditSent        = 2 << 20 // the desk sends 500 records (~250 KB)
	auditInflated    = 4 << 20
	pushSent         = 4 << 20 // the desk's batches are 512 KB before compression
	pushInflated     = 8 << 20
	emptySent        = 1 << 10 // GET, HEAD and the creation of an upload carry no body
)

// Time allowances. A header must arrive within headerTimeout; the body of
// an unsigned request within unsignedBody; a signed JSON body within
// signedBody (a batch cut by a slow link is made smaller by the desk). An
// upload chunk may take uploadBody in all, and tusd cuts one on which no
// byte has moved for uploadIdle.
const (
	headerTimeout = 10 * time.Second
	unsignedBody  = 15 * time.Second
	signedBody    = 5 * time.Minute
	uploadBody    = 30 * time.Minute
	uploadIdle    = 30 * time.Second
	idleTimeout   = 2 * time.Minute
	answerTimeout = 10 * time.Minute
)

// HTTPServer is an http.Server for the handler with the platform's
// timeouts: no request, however slowly sent, holds a connection without
// end. Per-route body deadlines are set by the handler itself.
func HTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, IdleTimeout: idleTimeout,
		MaxHeaderBytes: 64 << 10, ErrorLog: log.New(io.Discard, "", 0)}
}

// within gives the request's body until d from now to arrive, and its
// answer d plus answerTimeout to be taken.
func within(w http.ResponseWriter, d time.Duration) {
	rc := http.NewResponseController(w)
	now := time.Now()
	_ = rc.SetReadDeadline(now.Add(d))
	_ = rc.SetWriteDeadline(now.Add(d + answerTimeout))
}

// errTooLarge ends a body that passed its cap.
var errTooLarge = errors.New("body over its cap")

// capped reads at most n bytes and fails, instead of ending, past them.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// At the cap: one more byte means too large, EOF means just right.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// decodeCapped decodes one JSON value from r (gzip or not), reading at
// most inflated bytes of JSON. A body of up to wholeBody bytes (a push's
// is tens of KB) is read whole into a pooled buffer, through a pooled gzip
// reader, and decoded with goccy/go-json. A larger body, one goccy refuses
// and one whose reading failed are decoded the way they always were, by
// encoding/json streaming over the same bytes (and then the rest of the
// body, or the same read error), so that every refusal and its message is
// encoding/json's as before and a large body is never held whole.
func decodeCapped[T any](r *http.Request, inflated int64, what string, v *T) error {
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(r.Body)
		} else {
			err = zr.Reset(r.Body)
		}
		if err != nil {
			return tooLargeOr(err, what, inflated, hall.Errorf(protocol.CodeBadRequest, "%s请求内容无法解压", what))
		}
		defer gzipReaders.Put(zr)
		zr.Multistream(false)
		rd = zr
	}
	c := &capped{r: rd, left: inflated}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	buf.Reset()
	_, rerr := buf.ReadFrom(io.LimitReader(c, wholeBody+1))
	body := buf.Bytes()
	if rerr == nil && len(body) <= wholeBody && utf8.Valid(body) && gojson.Unmarshal(body, v) == nil {
		return nil
	}
	*v = *new(T)
	var rest io.Reader = c
	if rerr != nil {
		rest = failing{rerr}
	}
	all := io.MultiReader(bytes.NewReader(body), rest)
	dec := json.NewDecoder(all)
	if err := dec.Decode(v); err != nil {
		return tooLargeOr(err, what, inflated, hall.Errorf(protocol.CodeBadRequest, "%s请求内容不是有效的 JSON：%v", what, err))
	}
	// The rest is read too, within the cap: a body over its cap is refused
	// even after a valid value.
	if _, err := io.Copy(io.Discard, io.MultiReader(dec.Buffered(), all)); err != nil {
		return tooLargeOr(err, what, inflated, hall.Errorf(protocol.CodeBadRequest, "%s请求内容无法读取", what))
	}
	return nil
}

// wholeBody is the largest body decodeCapped reads whole before decoding
// it: twice a desk's batch before compression.
const wholeBody = 1 << 20

// failing reads as its error, or as the end with none.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) {
	if f.err == nil {
		return 0, io.EOF
	}
	return 0, f.err
}

// gzipReaders and bodyBuffers keep what reading a body needs between
// requests: a gzip reader holds some 40 KB of inflating state.
var (
	gzipReaders sync.Pool
	bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// putBuffer pools buf unless a body over wholeBody grew it.
func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= wholeBody {
		bodyBuffers.Put(buf)
	}
}

// tooLargeOr names a body over its cap or out of time; any other failure
// is other.
func tooLargeOr(err error, what string, inflated int64, other error) error {
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.Is(err, errTooLarge):
		return hall.Errorf(protocol.CodeTooLarge, "%s请求解压后过大（超过 %d KB），已拒绝", what, inflated>>10)
	case errors.As(err, &mb):
		return hall.Errorf(protocol.CodeTooLarge, "%s请求过大（超过 %d KB），已拒绝", what, mb.Limit>>10)
	case errors.Is(err, errDeadline), errors.As(err, &ne) && ne.Timeout():
		return hall.Errorf(protocol.CodeBadRequest, "%s请求内容未在时限内到达，已断开", what)
	}
	return other
}

var errDeadline = errors.New("body not in time")

// limiter is a token bucket per remote address for the routes anyone may
// call: registration, health and the refusals of unsigned requests.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	by    map[string]*bucket
	sweep time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(every time.Duration, burst int) *limiter {
	return &limiter{every: rate.Every(every), burst: burst, by: map[string]*bucket{}}
}

// allow takes a token of the address of r.
func (l *limiter) allow(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute {
		for k, b := range l.by {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.by, k)
			}
		}
		l.sweep = now
	}
	b, ok := l.by[host]
	if !ok {
		b = &bucket{l: rate.NewLimiter(l.every, l.burst)}
		l.by[host] = b
	}
	b.seen = now
	return b.l.AllowN(now, 1)
}

// limited answers 429 to an address past its rate.
func (s *Server) limited(l *limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.allow(r) {
			w.Header().Set("Retry-After", "10")
			s.fail(w, r, protocol.CodeRateLimited, "请求过于频繁，请稍后再试")
			return
		}
		next.ServeHTTP(w, r)
	})
}
