package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
)

// signed admits a request signed by a registered desk inside the replay
// window with a nonce not seen before, and checks the body against the
// digest the signature covers. Upload chunks are checked as they stream
// (they may be large and may arrive in part); every other body is read and
// checked before the handler sees it.
//
// maxSent caps the body as sent (compressed); a request that is refused
// for its signature is counted against its address's rate. Once signature
// and body hold, the request takes a slot of its gate (admission.go) or is
// answered busy; only then is its nonce recorded, so a request shed costs
// the store a read and no write. When the gate is full (more are waiting
// than can get a slot in time) it is answered busy before anything else.
func (s *Server) signed(next http.Handler, maxSent int64, g *gate) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.full() {
			s.shedAnswer(w, r, g)
			return
		}
		desk, nonce, err := s.authenticate(r)
		if err != nil {
			s.refuse(w, r, err)
			return
		}
		want := r.Header.Get(protocol.HeaderBodySM3)
		if r.Method == http.MethodPatch {
			// tusd moves the read deadline on as bytes arrive (uploadIdle);
			// the chunk as a whole has uploadBody.
			r.Body = &verifyingBody{r: r.Body, h: sm3.New(), want: want, until: time.Now().Add(uploadBody)}
		} else {
			within(w, signedBody)
			b, err := io.ReadAll(io.LimitReader(r.Body, maxSent+1))
			switch {
			case err != nil:
				s.writeError(w, r, tooLargeOr(err, "", maxSent, hall.Errorf(protocol.CodeBadRequest, "请求内容未完整到达")))
				return
			case int64(len(b)) > maxSent:
				s.fail(w, r, protocol.CodeTooLarge, "请求过大（超过 %d KB），已拒绝", maxSent>>10)
				return
			case protocol.BodySM3(b) != want:
				s.fail(w, r, protocol.CodeBadRequest, "请求内容与签名不符（传输中受损）")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		since, ok := g.enter(r.Context())
		if !ok {
			s.shedAnswer(w, r, g)
			return
		}
		defer g.leave(since)
		if err := s.freshNonce(r.Context(), desk.ID, nonce); err != nil {
			s.refuse(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), deskKey, desk)))
	})
}

// refuse answers a request refused for its signature or nonce, or 429 to
// an address past its rate of such refusals.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if !s.refused.allow(r) {
		w.Header().Set("Retry-After", "10")
		s.fail(w, r, protocol.CodeRateLimited, "请求过于频繁，请稍后再试")
		return
	}
	s.writeError(w, r, err)
}

// authenticate checks a request's signature by a registered desk within the
// replay window; its nonce is checked by freshNonce once it is admitted.
func (s *Server) authenticate(r *http.Request) (d store.Desk, nonce string, err error) {
	h := r.Header
	deskID, nonce, sum, sig := h.Get(protocol.HeaderDesk), h.Get(protocol.HeaderNonce), h.Get(protocol.HeaderBodySM3), h.Get(protocol.HeaderSignature)
	ts, perr := strconv.ParseInt(h.Get(protocol.HeaderTimestamp), 10, 64)
	if deskID == "" || nonce == "" || sum == "" || sig == "" || perr != nil {
		return d, "", hall.Errorf(protocol.CodeUnauthorized, "请求未签名")
	}
	now := s.now()
	if skew := now.Sub(time.UnixMilli(ts)); skew > protocol.ReplayWindow || skew < -protocol.ReplayWindow {
		return d, "", hall.Errorf(protocol.CodeClockSkew, "请求时间与平台时间相差 %s，超出允许的 %s", skew.Round(time.Second), protocol.ReplayWindow)
	}
	d, err = s.cfg.Store.Desk(r.Context(), deskID)
	if hall.ErrorCode(err) == hall.ENotFound || (err == nil && !d.Registered) {
		return d, "", hall.Errorf(protocol.CodeUnauthorized, "平台不认识本窗口（%s），请重新注册", deskID)
	}
	if err != nil {
		return d, "", err
	}
	if !protocol.Verify(d.Secret, protocol.StringToSign(r.Method, r.URL.RequestURI(), deskID, ts, nonce, sum), sig) {
		return d, "", hall.Errorf(protocol.CodeUnauthorized, "请求签名无效：请确认本窗口的注册信息")
	}
	return d, nonce, nil
}

// freshNonce refuses a nonce seen before. The store remembers nonces, so
// that a request captured before a restart is refused after it (and
// instances on one store share them).
func (s *Server) freshNonce(ctx context.Context, deskID, nonce string) error {
	fresh, err := s.cfg.Store.SeenNonce(ctx, deskID+"/"+nonce, 2*protocol.ReplayWindow)
	if err != nil {
		return err
	}
	if !fresh {
		return hall.Errorf(protocol.CodeReplay, "重复的请求（可能被重放），已拒绝")
	}
	return nil
}

// signedOrAdmin also admits an operator with the admin token.
func (s *Server) signedOrAdmin(next http.Handler, maxSent int64, g *gate) http.Handler {
	signed := s.signed(next, maxSent, g)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && s.cfg.AdminToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.AdminToken)) == 1 {
			next.ServeHTTP(w, r)
			return
		}
		signed.ServeHTTP(w, r)
	})
}

// verifyingBody hashes an upload chunk as it streams. A chunk that arrives
// whole but differs from its signed digest ends with an error instead of
// EOF; the file's own SHA-256, checked when it is complete, then refuses it.
type verifyingBody struct {
	r     io.ReadCloser
	h     hash.Hash
	want  string
	until time.Time
}

var errChunkDigest = errors.New("upload chunk does not match its signed digest")

func (v *verifyingBody) Read(p []byte) (int, error) {
	if time.Now().After(v.until) {
		return 0, errDeadline
	}
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(v.h.Sum(nil)) != v.want {
		return n, errChunkDigest
	}
	return n, err
}

func (v *verifyingBody) Close() error { return v.r.Close() }
