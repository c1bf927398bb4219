package transport

import (
	"strings"
	"testing"

	"yichuang/hall"
)

// Plain http:// carried the desk secret in clear at registration; it is
// refused except on loopback.
func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	for _, u := range []string{"http://10.1.2.3:8443", "http://zwfw.example.gov.cn", "http://[fe80::1]:80", "ftp://x", "zwfw"} {
		_, err := New(Options{BaseURL: u})
		if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "https://") {
			t.Errorf("%s: %v, want refused naming https://", u, err)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://zwfw.example.gov.cn"} {
		c, err := New(Options{BaseURL: u})
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		c.Close()
	}
}
