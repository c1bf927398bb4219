package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// These tests probe the real yichuang-platform binary on loopback with
// real HTTP, as an outsider or a rogue desk would: they use nothing of
// the platform's own packages, only the wire (sync/protocol).

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func platformBin(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "ycp-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "yichuang-platform")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = &buildError{string(out)}
		}
	})
	if binErr != nil {
		t.Fatalf("build: %v", binErr)
	}
	return binPath
}

type buildError struct{ out string }

func (e *buildError) Error() string { return e.out }

// TestMain runs the tests on SQLite, or on PostgreSQL with
// YICHUANG_TEST_PLATFORM_DB=postgres (testsupport/pgtest).
func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// plat is one running platform process.
type plat struct {
	t     *testing.T
	dir   string
	url   string
	extra []string
	cmd   *exec.Cmd
}

var listenRE = regexp.MustCompile(`listening on (https?://\S+)`)

func startPlat(t *testing.T, extra ...string) *plat {
	t.Helper()
	p := &plat{t: t, dir: filepath.Join(t.TempDir(), "data"), extra: extra}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *plat) start() {
	p.t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", p.dir}, p.extra...)
	if p.url != "" {
		args[2] = strings.TrimPrefix(p.url, "http://")
	}
	p.cmd = exec.Command(platformBin(p.t), pgtest.PlatformArgs(p.t, args)...)
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	p.cmd.Stderr = io.Discard
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	m := listenRE.FindStringSubmatch(line)
	if err != nil || m == nil {
		p.t.Fatalf("platform did not start: %q %v", line, err)
	}
	p.url = m[1]
	go io.Copy(io.Discard, out)
}

func (p *plat) stop() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	p.cmd = nil
}

// peakKB is the platform process's peak resident memory (VmHWM).
func (p *plat) peakKB() int64 {
	p.t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		p.t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	p.t.Fatal("no VmHWM")
	return 0
}

// admin runs an admin command on the platform's data directory.
func (p *plat) admin(args ...string) (string, error) {
	cmd := exec.Command(platformBin(p.t), pgtest.PlatformArgs(p.t, append(args, "--data", p.dir))...)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	err := cmd.Run()
	if err != nil {
		return out.String() + errs.String(), err
	}
	return out.String(), nil
}

// enrol adds a desk and registers it over HTTP.
func (p *plat) enrol(hallCode, deskCode string) protocol.RegisterResponse {
	p.t.Helper()
	out, err := p.admin("desk", "add", "--hall", hallCode, "--desk", deskCode)
	if err != nil {
		p.t.Fatalf("desk add: %v %s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	body, _ := json.Marshal(protocol.RegisterRequest{Code: lines[len(lines)-1]})
	resp, b := p.do(http.MethodPost, protocol.PathRegister, body, nil)
	var reg protocol.RegisterResponse
	if resp.StatusCode != 200 || json.Unmarshal(b, &reg) != nil {
		p.t.Fatalf("register: %d %s", resp.StatusCode, b)
	}
	return reg
}

func (p *plat) do(method, path string, body []byte, h http.Header) (*http.Response, []byte) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.url+path, bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return resp, b
}

// signedHeaders signs a request as the desk would.
func signedHeaders(reg protocol.RegisterResponse, method, path string, body []byte) http.Header {
	secret, _ := protocol.DecodeSecret(reg.Secret)
	nonce := make([]byte, 12)
	rand.Read(nonce)
	ts := time.Now().UnixMilli()
	sum := protocol.BodySM3(body)
	h := http.Header{}
	h.Set(protocol.HeaderDesk, reg.DeskID)
	h.Set(protocol.HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(protocol.HeaderNonce, hex.EncodeToString(nonce))
	h.Set(protocol.HeaderBodySM3, sum)
	h.Set(protocol.HeaderSignature, protocol.Sign(secret, protocol.StringToSign(method, path, reg.DeskID, ts, hex.EncodeToString(nonce), sum)))
	return h
}

func (p *plat) signed(reg protocol.RegisterResponse, method, path string, body []byte, h http.Header) (*http.Response, []byte) {
	p.t.Helper()
	sh := signedHeaders(reg, method, path, body)
	for k, v := range h {
		sh[k] = v
	}
	return p.do(method, path, body, sh)
}

// applicant is the personal data the probes look for.
type applicant struct{ name, id, phone, address string }

var citizen = applicant{name: "欧阳娜娜", id: "11010519491231002X", phone: "13912345678", address: "安徽省宿州市萧县龙城镇永安路17号"}

// pushCase pushes a received-and-accepted case numbered no, whose one
// material refers to files.
func (p *plat) pushCase(reg protocol.RegisterResponse, caseID, no string, a applicant, files ...string) []protocol.Result {
	p.t.Helper()
	resp, b := p.signed(reg, http.MethodPost, protocol.PathPush, caseBody(p.t, caseID, no, a, files...), nil)
	var pr protocol.PushResponse
	if resp.StatusCode != 200 || json.Unmarshal(b, &pr) != nil || len(pr.Results) != 2 {
		p.t.Fatalf("push: %d %s", resp.StatusCode, b)
	}
	return pr.Results
}

// caseBody is the push of a received-and-accepted case numbered no.
func caseBody(t *testing.T, caseID, no string, a applicant, files ...string) []byte {
	t.Helper()
	at := time.Now().UTC().Add(-time.Hour)
	c := hall.Case{ID: caseID, No: no, ItemCode: "000104001001", ItemName: "出生登记", Department: "萧县公安局",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: a.name, IDType: hall.IDResidentCard,
			IDNumber: a.id, Phone: a.phone, Address: a.address}}
	if len(files) > 0 {
		c.Materials = []hall.CaseMaterial{{Name: "居民身份证", Files: files}}
	}
	var ops []protocol.Op
	for i, act := range []hall.Action{hall.ActReceive, hall.ActAccept} {
		ev, err := hall.Apply(&c, hall.Event{ID: caseID + "-e" + strconv.Itoa(i+1), Action: act, At: at})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
		ops = append(ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: caseID, Body: body})
	}
	body, _ := json.Marshal(protocol.PushRequest{Ops: ops})
	return body
}

// upload sends a whole file with tus, as the desk does; it returns the
// status of the creation.
func (p *plat) upload(reg protocol.RegisterResponse, caseID string, content []byte) int {
	p.t.Helper()
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	meta := strings.Join([]string{protocol.MetaSHA256 + " " + b64(sha), protocol.MetaName + " " + b64("王喆身份证.jpg"),
		protocol.MetaCase + " " + b64(caseID)}, ",")
	h := http.Header{}
	h.Set("Tus-Resumable", "1.0.0")
	h.Set("Upload-Length", strconv.Itoa(len(content)))
	h.Set("Upload-Metadata", meta)
	resp, _ := p.signed(reg, http.MethodPost, protocol.PathUploads, nil, h)
	if resp.StatusCode != 201 {
		return resp.StatusCode
	}
	h = http.Header{}
	h.Set("Tus-Resumable", "1.0.0")
	h.Set("Upload-Offset", "0")
	h.Set("Content-Type", "application/offset+octet-stream")
	resp, b := p.signed(reg, http.MethodPatch, protocol.PathUploads+sha, content, h)
	if resp.StatusCode != 204 {
		p.t.Fatalf("patch: %d %s", resp.StatusCode, b)
	}
	return 201
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// gzipBomb is a gzip stream of a JSON object whose one string is n bytes.
func gzipBomb(n int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte(`{"hostname":"`))
	fill := bytes.Repeat([]byte("a"), 1<<20)
	for left := n; left > 0; left -= len(fill) {
		zw.Write(fill[:min(left, len(fill))])
	}
	zw.Write([]byte(`"}`))
	zw.Close()
	return buf.Bytes()
}

func errorBody(b []byte) protocol.ErrorBody {
	var eb protocol.ErrorBody
	_ = json.Unmarshal(b, &eb)
	return eb
}
