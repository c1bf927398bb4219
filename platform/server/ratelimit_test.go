package server

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"yichuang/sync/protocol"
)

// fromAddress is a client whose connections leave from the loopback
// address ip, so that the platform sees them as another address.
func fromAddress(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}, Timeout: 10 * time.Second}
}

// Requests refused for their signature count against their address (ADR
// 0013): after the burst the address gets 429 with a Chinese reason and no
// verdict on the signature, while another address and a correctly signed
// request from the same address are still answered.
func TestRefusedSignaturesAreRateLimitedPerAddress(t *testing.T) {
	ts, reg := testServer(t)
	url := ts.URL + protocol.PathPull
	body := `{"cursors":{}}`
	forged := strings.Repeat("ab", 32)
	send := func(c *http.Client, h http.Header) (int, protocol.ErrorBody, http.Header) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header = h
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var eb protocol.ErrorBody
		json.NewDecoder(resp.Body).Decode(&eb)
		return resp.StatusCode, eb, resp.Header
	}
	here := fromAddress("127.0.0.1")
	refused, limitedAt := 0, 0
	for i := 0; i < 60 && limitedAt == 0; i++ {
		st, eb, h := send(here, signed(forged, reg.DeskID, protocol.PathPull, body, "f"+strconv.Itoa(i), time.Now()))
		switch {
		case st == http.StatusTooManyRequests:
			if eb.Code != protocol.CodeRateLimited || !strings.Contains(eb.Message, "频繁") || h.Get("Retry-After") == "" {
				t.Fatalf("429 without its code, Chinese reason or Retry-After: %+v %v", eb, h)
			}
			limitedAt = i + 1
		case st == http.StatusUnauthorized && strings.Contains(eb.Message, "签名无效"):
			refused++
		default:
			t.Fatalf("forged signature %d: %d %+v", i, st, eb)
		}
	}
	if limitedAt == 0 {
		t.Fatalf("60 forged signatures in a row from one address were all judged (%d refused)", refused)
	}
	if refused < 5 || limitedAt > 40 {
		t.Fatalf("the limit came after %d refusals, at request %d", refused, limitedAt)
	}
	// The address stays limited for the next forgery too.
	if st, _, _ := send(here, signed(forged, reg.DeskID, protocol.PathPull, body, "again", time.Now())); st != http.StatusTooManyRequests {
		t.Fatalf("next forgery from the limited address: %d", st)
	}
	// Another address is judged on its own.
	if st, eb, _ := send(fromAddress("127.0.0.2"), signed(forged, reg.DeskID, protocol.PathPull, body, "other", time.Now())); st != http.StatusUnauthorized {
		t.Fatalf("a forgery from another address: %d %+v, want it judged (401)", st, eb)
	}
	// A desk signing correctly from the limited address is not locked out.
	if st, eb, _ := send(here, signed(reg.Secret, reg.DeskID, protocol.PathPull, body, "good", time.Now())); st != http.StatusOK {
		t.Fatalf("a good request from the limited address: %d %+v", st, eb)
	}
}
