// Package transport is the desk's HTTP client for the platform (resty),
// the only package of the desk that speaks HTTP. It signs every request
// with the desk's credentials, compresses bodies, keeps connections alive,
// drops a connection on which no byte has moved for a while, and turns
// every failure into a protocol.Fault the sync engine can act on.
package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"yichuang/hall"
)

// Options configure a client.
type Options struct {
	BaseURL string // http://host:port or https://host:port
	DeskID  string
	Secret  []byte
	// CAPEM is a private CA the platform's certificate chains to, added to
	// the system's roots.
	CAPEM []byte
	// IdleTimeout drops a connection on which no byte has moved this long
	// (default 60 s): a dead link is noticed without capping how long a
	// slow but moving upload may take.
	IdleTimeout time.Duration
	Now         func() time.Time
	Log         *slog.Logger
}

// sendBuffer is the socket send buffer asked for (Linux doubles it): at
// 64 kbit/s it drains in well under the idle timeout, and it still allows
// ~200 KB/s over a 600 ms round trip.
const sendBuffer = 64 << 10

// MaxAnswer caps an answer of the platform once decompressed: the largest
// honest answer (a pull page of 1,000 catalog entries) is a few MB, and a
// small compressed answer must not swell in the desk's memory.
const MaxAnswer = 32 << 20

// Client talks to one platform.
type Client struct {
	o        Options
	rc       *resty.Client
	ht       *http.Transport
	requests atomic.Int64
	epoch    atomic.Pointer[string] // the platform epoch the desk last saw (recover.go)

	mu         sync.Mutex
	offset     time.Duration // platform clock minus desk clock
	haveOffset bool
}

// New makes a client. It does not contact the platform.
func New(o Options) (*Client, error) {
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 60 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if err := CheckPlatformURL(o.BaseURL); err != nil {
		return nil, err
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(o.CAPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(o.CAPEM) {
			return nil, hall.Errorf(hall.EInvalid, "平台 CA 证书无法读取（应为 PEM 格式）")
		}
		tlsConf.RootCAs = pool
	}
	idle := o.IdleTimeout
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	ht := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			if tc, ok := c.(*net.TCPConn); ok {
				// A small send buffer makes a write's return mean the
				// bytes are on their way: on a slow link, megabytes
				// queued in the kernel would look like progress while
				// the idle timer ran out.
				_ = tc.SetWriteBuffer(sendBuffer)
			}
			return &idleConn{Conn: c, idle: idle}, nil
		},
		TLSClientConfig:     tlsConf,
		TLSHandshakeTimeout: 30 * time.Second,
		MaxIdleConnsPerHost: 4,
		// The pool lets a connection go before its idle deadline does:
		// a pooled connection's deadline (idleConn) runs from its last
		// byte, and one it killed under a request just taken from the
		// pool failed that request (a push every 60 s met it at 10,000
		// desks: "i/o timeout"). The pool's own timer takes it out first.
		IdleConnTimeout: idle * 3 / 4,
	}
	rc := resty.NewWithClient(&http.Client{Transport: ht}).
		SetResponseBodyLimit(MaxAnswer).
		SetDisableWarn(true).
		SetLogger(quietLogger{}).
		SetRetryCount(0).
		SetHeader("User-Agent", "yichuang-desk/1")
	return &Client{o: o, rc: rc, ht: ht}, nil
}

// Close drops idle connections.
func (c *Client) Close() { c.ht.CloseIdleConnections() }

// Requests counts the HTTP requests made, failed ones included.
func (c *Client) Requests() int64 { return c.requests.Load() }

// ClockOffset is the platform's clock minus the desk's, as last measured;
// ok is false before the first answer.
func (c *Client) ClockOffset() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset, c.haveOffset
}

// platformNow is the desk's clock corrected by the measured offset: what a
// request's timestamp says, so a drifting desk clock does not lock the
// desk out of the replay window.
func (c *Client) platformNow() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.o.Now().Add(c.offset)
}

// observe measures the offset from an answer's server time, taking the
// middle of the round trip as the moment the platform read its clock.
func (c *Client) observe(serverMillis int64, sent, got time.Time) {
	if serverMillis <= 0 {
		return
	}
	mid := sent.Add(got.Sub(sent) / 2)
	c.mu.Lock()
	c.offset, c.haveOffset = time.UnixMilli(serverMillis).Sub(mid), true
	c.mu.Unlock()
}

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

// CheckPlatformURL accepts https:// anywhere and plain http:// only on
// loopback (a test platform on the same PC): the desk secret is sent at
// registration and every case after it, which must never cross a network
// in clear. A platform with a private CA is reached with --ca.
func CheckPlatformURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return hall.Errorf(hall.EInvalid, "平台地址“%s”应以 https:// 开头，例如 https://zwfw.example.gov.cn", raw)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return hall.Errorf(hall.EInvalid, "平台地址“%s”使用不加密的 http://，本窗口的凭据和办件会以明文经过网络："+
			"请使用 https://（平台使用自建证书时，用 --ca 指定其 CA 证书）", raw)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
