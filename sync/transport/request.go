package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/klauspost/compress/gzip"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// call is one request.
type call struct {
	method, path string
	body         []byte
	header       map[string]string
	unsigned     bool
}

// do sends a signed request and classifies the outcome. A request refused
// for its timestamp is sent once more with the clock offset the refusal
// carried: the desk's clock may drift, the signature must still hold.
func (c *Client) do(ctx context.Context, cl call) (*resty.Response, error) {
	resp, err := c.send(ctx, cl)
	var f *protocol.Fault
	if errors.As(err, &f) && f.Code == protocol.CodeClockSkew {
		resp, err = c.send(ctx, cl)
	}
	return resp, err
}

func (c *Client) send(ctx context.Context, cl call) (*resty.Response, error) {
	req := c.rc.R().SetContext(ctx).SetDoNotParseResponse(false)
	for k, v := range cl.header {
		req.SetHeader(k, v)
	}
	if !cl.unsigned {
		ts := c.platformNow().UnixMilli()
		nonce := newNonce()
		sum := protocol.BodySM3(cl.body)
		sig := protocol.Sign(c.o.Secret, protocol.StringToSign(cl.method, cl.path, c.o.DeskID, ts, nonce, sum))
		req.SetHeaders(map[string]string{
			protocol.HeaderDesk: c.o.DeskID, protocol.HeaderTimestamp: strconv.FormatInt(ts, 10),
			protocol.HeaderNonce: nonce, protocol.HeaderBodySM3: sum, protocol.HeaderSignature: sig,
		})
		if e := c.epoch.Load(); e != nil && *e != "" {
			req.SetHeader(protocol.HeaderEpoch, *e)
		}
	}
	if cl.body != nil {
		req.SetBody(cl.body)
	}
	c.requests.Add(1)
	sent := c.o.Now()
	resp, err := req.Execute(cl.method, c.o.BaseURL+cl.path)
	if errors.Is(err, resty.ErrResponseBodyTooLarge) {
		return nil, hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer, Status: resp.StatusCode(), Err: err},
			"平台对 %s 的答复解压后超过 %d MB，已中止读取（平台异常或被冒充），稍后自动重试", cl.path, MaxAnswer>>20)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, linkFault(err)
	}
	if ms, perr := strconv.ParseInt(resp.Header().Get(protocol.HeaderServerTime), 10, 64); perr == nil {
		c.observe(ms, sent, c.o.Now())
	}
	if resp.StatusCode() >= 400 {
		return resp, statusFault(resp, c.o.Now())
	}
	return resp, nil
}

func newNonce() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// linkFault is a request that got no answer. A platform whose certificate
// the desk does not trust is not a link failure: waiting will not help.
func linkFault(err error) error {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) {
		return hall.Wrap(hall.EForbidden, &protocol.Fault{Kind: protocol.FaultAuth, Err: err},
			"平台的证书不受本窗口信任：请用 --ca 指定平台的 CA 证书，或联系平台管理员")
	}
	return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultLink, Err: err},
		"无法连接省级平台（网络中断、过慢或超时），稍后自动重试")
}

// statusFault is a request the platform answered with a failure.
func statusFault(resp *resty.Response, now time.Time) error {
	st := resp.StatusCode()
	f := &protocol.Fault{Kind: protocol.KindOfStatus(st), Status: st}
	var eb protocol.ErrorBody
	if json.Unmarshal(resp.Body(), &eb) == nil && eb.Code != "" {
		f.Code, f.Message = eb.Code, eb.Message
	}
	switch f.Kind {
	case protocol.FaultServer:
		f.RetryAfter = retryAfter(resp.Header().Get("Retry-After"), now)
		if f.Busy() {
			return hall.Wrap(hall.ETransient, f, "省级平台繁忙，暂未接收；本机记录都在，稍后自动重发")
		}
		return hall.Wrap(hall.ETransient, f, "省级平台暂时不可用（%d），稍后自动重试", st)
	case protocol.FaultAuth:
		msg := f.Message
		if msg == "" {
			msg = "平台拒绝了本窗口的凭据"
		}
		return hall.Wrap(hall.EForbidden, f, "%s", msg)
	}
	msg := f.Message
	if msg == "" {
		msg = "平台未接受请求（" + strconv.Itoa(st) + "）"
	}
	return hall.Wrap(hall.EInvalid, f, "%s", msg)
}

// MaxRetryAfter caps the wait a platform's Retry-After may ask for: a
// wrong or hostile header must not silence a desk for hours.
const MaxRetryAfter = 10 * time.Minute

// retryAfter reads a Retry-After header, seconds or an HTTP date (RFC 9110
// 10.2.3), capped at MaxRetryAfter; 0 when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		d = time.Duration(min(n, int64(MaxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, MaxRetryAfter))
}

// jsonBody marshals v and gzips it: on a township link the bytes are time.
// A push is written by PushRequest.WriteJSON, which does not read every
// operation's body again. The JSON and the compressed bytes go through
// pooled buffers and a pooled gzip writer (a deflater holds some hundreds
// of KB of state); what is returned is the body's own copy.
func jsonBody(v any) ([]byte, error) {
	raw, zipped := bodyBuffers.Get().(*bytes.Buffer), bodyBuffers.Get().(*bytes.Buffer)
	defer putBuffer(raw)
	defer putBuffer(zipped)
	raw.Reset()
	zipped.Reset()
	var err error
	if p, ok := v.(protocol.PushRequest); ok {
		err = p.WriteJSON(raw)
	} else {
		err = json.NewEncoder(raw).Encode(v)
	}
	if err != nil {
		return nil, err
	}
	zw, _ := gzipWriters.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(zipped, bodyLevel)
	} else {
		zw.Reset(zipped)
	}
	defer gzipWriters.Put(zw)
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(zipped.Bytes()), nil
}

// bodyLevel is the compression of request bodies: klauspost's level 6
// sends a push some 3 % larger than the standard library's best
// compression did, for a third of its CPU (docs/adr/0028).
const bodyLevel = 6

// gzipWriters and bodyBuffers keep what making a body needs between
// requests.
var (
	gzipWriters sync.Pool
	bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// putBuffer pools buf unless a large body grew it: a desk's batch is tens
// of KB before compression.
func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		bodyBuffers.Put(buf)
	}
}

var gzipJSON = map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}

// decode reads a JSON answer.
func decode(resp *resty.Response, v any) error {
	if err := json.Unmarshal(resp.Body(), v); err != nil {
		return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer, Status: resp.StatusCode(), Err: err},
			"平台的答复无法读取，稍后自动重试")
	}
	return nil
}
