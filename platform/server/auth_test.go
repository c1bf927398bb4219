package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// TestMain runs the server's tests on SQLite, or on PostgreSQL with
// YICHUANG_TEST_PLATFORM_DB=postgres (testsupport/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newPlatform is a platform with the given bounds on a new store of its own
// (SQLite, or PostgreSQL under pgtest), not yet served.
func newPlatform(t *testing.T, a Admission) (*Server, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), pgtest.PlatformDB(t, filepath.Join(dir, "p.db")), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := New(Config{Store: st, DataDir: dir, Admission: a})
	if err != nil {
		t.Fatal(err)
	}
	return srv, st
}

// testServer is the platform with one registered desk.
func testServer(t *testing.T) (*httptest.Server, protocol.RegisterResponse) {
	t.Helper()
	srv, st := newPlatform(t, Admission{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	code, err := st.AddDesk(context.Background(), "341122", "07", "")
	if err != nil {
		t.Fatal(err)
	}
	var reg protocol.RegisterResponse
	resp := post(t, ts.URL+protocol.PathRegister, `{"code":"`+strings.ToLower(code)+`"}`, nil)
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&reg) != nil || reg.DeskCode != "07" {
		t.Fatalf("register: %d %+v", resp.StatusCode, reg)
	}
	// The code is spent.
	if resp := post(t, ts.URL+protocol.PathRegister, `{"code":"`+code+`"}`, nil); resp.StatusCode != 403 {
		t.Errorf("second use of the enrolment code: %d", resp.StatusCode)
	}
	return ts, reg
}

func post(t *testing.T, url, body string, h http.Header) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// signed are the headers of a pull signed with secret at ts.
func signed(secret, desk, path, body, nonce string, ts time.Time) http.Header {
	key, _ := protocol.DecodeSecret(secret)
	sum := protocol.BodySM3([]byte(body))
	ms := ts.UnixMilli()
	h := http.Header{}
	h.Set(protocol.HeaderDesk, desk)
	h.Set(protocol.HeaderTimestamp, strconv.FormatInt(ms, 10))
	h.Set(protocol.HeaderNonce, nonce)
	h.Set(protocol.HeaderBodySM3, sum)
	h.Set(protocol.HeaderSignature, protocol.Sign(key, protocol.StringToSign("POST", path, desk, ms, nonce, sum)))
	return h
}

func TestSignedRequestsOnly(t *testing.T) {
	ts, reg := testServer(t)
	url := ts.URL + protocol.PathPull
	body := `{"cursors":{}}`
	code := func(resp *http.Response) (int, string) {
		var eb protocol.ErrorBody
		json.NewDecoder(resp.Body).Decode(&eb)
		return resp.StatusCode, eb.Code + " " + eb.Message
	}
	now := time.Now()
	if st, _ := code(post(t, url, body, signed(reg.Secret, reg.DeskID, protocol.PathPull, body, "n1", now))); st != 200 {
		t.Fatalf("a good request: %d", st)
	}
	cases := []struct {
		name string
		h    http.Header
		body string
		want string
	}{
		{"unsigned", http.Header{}, body, "unauthorized"},
		{"replayed", signed(reg.Secret, reg.DeskID, protocol.PathPull, body, "n1", now), body, "replay"},
		{"old", signed(reg.Secret, reg.DeskID, protocol.PathPull, body, "n2", now.Add(-6*time.Minute)), body, "clock_skew"},
		{"other secret", signed(strings.Repeat("ab", 32), reg.DeskID, protocol.PathPull, body, "n3", now), body, "签名无效"},
		{"unknown desk", signed(reg.Secret, "nobody", protocol.PathPull, body, "n4", now), body, "不认识本窗口"},
		{"other path", signed(reg.Secret, reg.DeskID, protocol.PathPush, body, "n5", now), body, "签名无效"},
		{"body changed on the way", signed(reg.Secret, reg.DeskID, protocol.PathPull, body, "n6", now), `{"cursors":{"catalog":"9"}}`, "bad_request"},
	}
	for _, c := range cases {
		st, msg := code(post(t, url, c.body, c.h))
		if st < 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %d %q, want a refusal with %q", c.name, st, msg, c.want)
		}
	}
	resp := post(t, url, body, nil)
	if resp.Header.Get(protocol.HeaderServerTime) == "" {
		t.Error("answers carry no platform time")
	}
}

func TestPushAnswersEveryOperation(t *testing.T) {
	ts, reg := testServer(t)
	ops := `{"ops":[{"id":"op-1","kind":"case.event","case_id":"c1","body":{"case":{"id":"c1"},"event":{"id":"op-1"}}},` +
		`{"id":"op-2","kind":"case.note","body":{}}]}`
	resp := post(t, ts.URL+protocol.PathPush, ops, signed(reg.Secret, reg.DeskID, protocol.PathPush, ops, "p1", time.Now()))
	var pr protocol.PushResponse
	if err := json.NewDecoder(resp.Body).Decode(&pr); err != nil || len(pr.Results) != 2 {
		t.Fatalf("push: %d %+v %v", resp.StatusCode, pr, err)
	}
	for i, r := range pr.Results {
		if r.Code != protocol.CodeInvalid || !strings.ContainsAny(r.Message, "记录办件") {
			t.Errorf("result %d: %+v, want a refusal in Chinese", i, r)
		}
	}
	if !strings.Contains(pr.Results[1].Message, "case.note") {
		t.Errorf("unknown kind: %q", pr.Results[1].Message)
	}
}
