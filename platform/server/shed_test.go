package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// shedPlatform is a platform with the given bounds behind a shedRecorder,
// on loopback.
func shedPlatform(t *testing.T, a Admission) (*Server, *store.Store, *httptest.Server, *shedRecorder) {
	t.Helper()
	srv, st := newPlatform(t, a)
	rec := &shedRecorder{next: srv.Handler()}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	return srv, st, ts, rec
}

// deskClient registers a desk of hallCode and returns the desk's own client.
func deskClient(t *testing.T, st *store.Store, url, hallCode, deskCode string) (*transport.Client, string) {
	t.Helper()
	ctx := context.Background()
	code, err := st.AddDesk(ctx, hallCode, deskCode, "")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := st.Register(ctx, code, "desk")
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := protocol.DecodeSecret(reg.Secret)
	c, err := transport.New(transport.Options{BaseURL: url, DeskID: reg.DeskID, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, reg.DeskID
}

// sentRequest is a request exactly as a desk signed and sent it.
type sentRequest struct {
	method, uri string
	header      http.Header
	body        []byte
}

// shedRecorder stands in front of the platform and keeps, byte for byte,
// every request it answered 503, so that a test can send it again. Upload
// chunks pass through untouched (they stream).
type shedRecorder struct {
	next http.Handler
	mu   sync.Mutex
	shed []sentRequest
}

func (s *shedRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPatch {
		s.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sw := &statusWriter{ResponseWriter: w}
	s.next.ServeHTTP(sw, r)
	if sw.status == http.StatusServiceUnavailable {
		s.mu.Lock()
		s.shed = append(s.shed, sentRequest{r.Method, r.URL.RequestURI(), r.Header.Clone(), body})
		s.mu.Unlock()
	}
}

// taken returns the shed requests of method to path.
func (s *shedRecorder) taken(method, path string) []sentRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sentRequest
	for _, r := range s.shed {
		if r.method == method && strings.HasPrefix(r.uri, path) {
			out = append(out, r)
		}
	}
	return out
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// resend sends a recorded request again, unchanged, and returns the
// answer's status and error code (empty for a success).
func resend(t *testing.T, base string, r sentRequest) (int, string) {
	t.Helper()
	req, err := http.NewRequest(r.method, base+r.uri, bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var eb protocol.ErrorBody
	if resp.StatusCode >= 400 {
		_ = json.NewDecoder(resp.Body).Decode(&eb)
	}
	return resp.StatusCode, eb.Code
}

// checkShed checks that err is the platform's busy answer: 503 with
// Retry-After and, where the answer has a body, a Chinese reason naming
// what was refused.
func checkShed(t *testing.T, what string, err error, retry time.Duration, kind string) {
	t.Helper()
	var f *protocol.Fault
	if !errors.As(err, &f) || f.Status != http.StatusServiceUnavailable || f.RetryAfter != retry || hall.ErrorCode(err) != hall.ETransient {
		t.Fatalf("%s: %v (%+v), want 503 with Retry-After %s", what, err, f, retry)
	}
	secs := fmt.Sprintf("%d 秒", int(retry/time.Second))
	if kind != "" && (!f.Busy() || !strings.Contains(f.Message, "繁忙") || !strings.Contains(f.Message, kind) || !strings.Contains(f.Message, secs)) {
		t.Fatalf("%s: answered %q %q, want busy, saying 繁忙, %s and %s", what, f.Code, f.Message, kind, secs)
	}
}

// checkOnce checks that a shed request, sent again byte for byte once the
// platform has room, is taken (its nonce was not recorded when it was
// shed), and that sending it a third time is refused as a replay (it was
// recorded when taken).
func checkOnce(t *testing.T, base string, r sentRequest, want int) {
	t.Helper()
	if st, code := resend(t, base, r); st != want {
		t.Fatalf("the shed %s %s sent again unchanged: %d %s, want %d: a shed request must leave no nonce behind",
			r.method, r.uri, st, code, want)
	}
	if st, code := resend(t, base, r); code != protocol.CodeReplay {
		t.Fatalf("the same %s %s sent once more after it was taken: %d %q, want refused as a replay", r.method, r.uri, st, code)
	}
}

// A platform that takes one upload request at a time, while a desk's chunk
// is still streaming in, sheds the desk's other upload requests — a
// creation, the file's status, a resume's offset, a 4 MB chunk — 503 with
// Retry-After and a Chinese reason, and records nothing of them: no upload
// is started, no upload file written, no byte of the chunk kept, no nonce
// kept, so the shed creation sent again unchanged once the chunk is in is
// taken. All three files then arrive whole.
func TestUploadsBeyondTheirSlotsAreShed(t *testing.T) {
	ctx := context.Background()
	const retry = 2 * time.Second
	srv, st, ts, rec := shedPlatform(t, Admission{Uploads: 1, Wait: 50 * time.Millisecond, RetryAfter: retry})
	c, deskID := deskClient(t, st, ts.URL, "341122", "07")

	// One case of the desk refers to three scans, the last as large as a
	// desk's chunk.
	scans := [3][]byte{make([]byte, 96<<10), make([]byte, 40<<10), make([]byte, 4<<20)}
	var refs [3]hall.FileRef
	req := newCases(t, "341122", "07", 1)
	var op map[string]json.RawMessage
	if err := json.Unmarshal(req.Ops[0].Body, &op); err != nil {
		t.Fatal(err)
	}
	var kase hall.Case
	if err := json.Unmarshal(op["case"], &kase); err != nil {
		t.Fatal(err)
	}
	for i := range scans {
		_, _ = rand.Read(scans[i])
		sum := sha256.Sum256(scans[i])
		refs[i] = hall.FileRef{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(scans[i])), Name: fmt.Sprintf("扫描件%d.jpg", i+1), CaseID: kase.ID}
	}
	kase.Materials = []hall.CaseMaterial{{Name: "居民户口簿", Necessity: hall.Required, Files: []string{refs[0].SHA256, refs[1].SHA256, refs[2].SHA256}}}
	op["case"], _ = json.Marshal(kase)
	req.Ops[0].Body, _ = json.Marshal(op)
	if err := pushAll(ctx, c, req); err != nil {
		t.Fatal(err)
	}

	pathA, off, done, err := c.CreateUpload(ctx, refs[0])
	if err != nil || off != 0 || done {
		t.Fatalf("creating the first upload: %q %d %v %v", pathA, off, done, err)
	}
	pathC, off, done, err := c.CreateUpload(ctx, refs[2])
	if err != nil || off != 0 || done {
		t.Fatalf("creating the third upload: %q %d %v %v", pathC, off, done, err)
	}
	// The first scan's chunk streams in, half of it now: it holds the
	// one upload slot until the rest comes.
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.CloseWithError(errors.New("test over")) }) // before the server closes
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(signedChunk(t, st, ts.URL+pathA, deskID, pathA, scans[0], pr))
		if err != nil {
			t.Error(err)
			resp = &http.Response{Body: http.NoBody}
		}
		answered <- resp
	}()
	half := len(scans[0]) / 2
	if _, err := pw.Write(scans[0][:half]); err != nil {
		t.Fatal(err)
	}

	// Until then every other upload request of the desk is shed.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.FileStatus(ctx, refs[0].SHA256)
		if err != nil {
			checkShed(t, "the file's status while the slot is held", err, retry, "上传")
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a platform taking one upload request at a time answered another while a chunk was streaming in")
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, _, _, err = c.CreateUpload(ctx, refs[1])
	checkShed(t, "creating the second upload", err, retry, "上传")
	_, err = c.UploadOffset(ctx, pathA)
	checkShed(t, "asking the first upload's offset", err, retry, "") // HEAD: no body, no reason
	// A whole chunk, turned away before a byte of it is read: the desk
	// still gets the answer, not a broken connection.
	_, err = c.UploadChunk(ctx, pathC, 0, scans[2])
	checkShed(t, "a 4 MB chunk of the third scan", err, retry, "上传")
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.UploadsOpen != 2 {
		t.Fatalf("%d uploads started, want the first and third: a shed creation must start none", s.UploadsOpen)
	}
	if held, err := srv.sealed.held(refs[2].SHA256); err != nil || held != 0 {
		t.Fatalf("the third upload holds %d bytes after its chunk was shed (%v), want 0", held, err)
	}
	for _, p := range []string{srv.infoPath(refs[1].SHA256), srv.binPath(refs[1].SHA256)} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a shed creation left %s behind (%v)", p, err)
		}
	}

	// The rest of the chunk arrives: the first scan is whole.
	if _, err := pw.Write(scans[0][half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	resp := <-answered
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Upload-Offset") != strconv.Itoa(len(scans[0])) {
		t.Fatalf("the streamed chunk: %d, offset %q", resp.StatusCode, resp.Header.Get("Upload-Offset"))
	}
	if ok, err := c.FileStatus(ctx, refs[0].SHA256); err != nil || !ok {
		t.Fatalf("the first scan after its chunk: %v %v", ok, err)
	}

	created := rec.taken(http.MethodPost, protocol.PathUploads)
	if len(created) != 1 {
		t.Fatalf("%d shed creations recorded, want 1", len(created))
	}
	checkOnce(t, ts.URL, created[0], http.StatusCreated)
	pathB, off, done, err := c.CreateUpload(ctx, refs[1])
	if err != nil || off != 0 || done {
		t.Fatalf("the second upload after its creation was taken: %q %d %v %v", pathB, off, done, err)
	}
	if n, err := c.UploadChunk(ctx, pathB, 0, scans[1]); err != nil || n != int64(len(scans[1])) {
		t.Fatalf("the second scan's chunk: %d %v", n, err)
	}
	if n, err := c.UploadChunk(ctx, pathC, 0, scans[2]); err != nil || n != int64(len(scans[2])) {
		t.Fatalf("the third scan's chunk: %d %v", n, err)
	}
	if s, err = st.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Files != 3 || s.UploadsOpen != 0 || s.CasesComplete != 1 {
		t.Fatalf("in the end %d files, %d uploads open, %d cases complete; want 3, 0, 1", s.Files, s.UploadsOpen, s.CasesComplete)
	}
}

// signedChunk is a tus chunk of the whole of data, signed as the desk
// signs it (sync/transport), whose body comes from body as it is written.
func signedChunk(t *testing.T, st *store.Store, url, deskID, path string, data []byte, body io.Reader) *http.Request {
	t.Helper()
	d, err := st.Desk(context.Background(), deskID)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPatch, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(data))
	ms, nonce, sum := time.Now().UnixMilli(), "chunk-held", protocol.BodySM3(data)
	for k, v := range map[string]string{
		"Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
		protocol.HeaderDesk: deskID, protocol.HeaderTimestamp: strconv.FormatInt(ms, 10), protocol.HeaderNonce: nonce,
		protocol.HeaderBodySM3:   sum,
		protocol.HeaderSignature: protocol.Sign(d.Secret, protocol.StringToSign(http.MethodPatch, path, deskID, ms, nonce, sum)),
	} {
		req.Header.Set(k, v)
	}
	return req
}

// A platform that serves one page of the supervision feed at a time, and
// lets a request wait 1 ms for it, is asked for the feed by eight requests
// of a county supervisor's desk at once: it answers the ones it cannot
// start 503 with Retry-After and a Chinese reason, and keeps nothing of
// them — a shed request sent again unchanged is answered, and only then
// refused as a replay.
func TestSupervisionFeedBeyondItsSlotsIsShed(t *testing.T) {
	ctx := context.Background()
	const retry = 2 * time.Second
	_, st, ts, rec := shedPlatform(t, Admission{Feeds: 1, Wait: time.Millisecond, RetryAfter: retry})
	for _, h := range []store.Hall{{Code: "340000", Name: "安徽省", Level: "省"},
		{Code: "341100", Name: "滁州市", Level: "市", Parent: "340000"},
		{Code: "341122", Name: "清河县政务服务中心", Level: "县", Parent: "341100"}} {
		if err := st.AddHall(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PublishUser(ctx, hall.PlatformUser{ID: "sup", Name: "王监督", Hall: "341122", Role: "监督人员", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := st.Grant(ctx, "sup", "341122"); err != nil {
		t.Fatal(err)
	}
	c, _ := deskClient(t, st, ts.URL, "341122", "07")
	// A feed with something in it: each page takes the platform a while.
	if err := pushAll(ctx, c, newCases(t, "341122", "07", 300)); err != nil {
		t.Fatal(err)
	}
	if page, err := c.Supervision(ctx, protocol.SupervisionRequest{User: "sup"}); err != nil || len(page.Cases) == 0 {
		t.Fatalf("the feed, asked alone: %d cases, %v", len(page.Cases), err)
	}

	const at = 8
	shed, served := 0, 0
	for round := 0; round < 20 && (shed == 0 || served == 0); round++ {
		errs := make([]error, at)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range at {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = c.Supervision(ctx, protocol.SupervisionRequest{User: "sup"})
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err == nil {
				served++
				continue
			}
			checkShed(t, "a feed page beyond the slot", err, retry, "监督数据读取")
			shed++
		}
	}
	if shed == 0 || served == 0 {
		t.Fatalf("eight feed requests at once, twenty times, to a platform serving one at a time: %d shed, %d served", shed, served)
	}
	asked := rec.taken(http.MethodPost, protocol.PathSupervision)
	if len(asked) != shed {
		t.Fatalf("%d shed feed requests recorded, %d answered busy", len(asked), shed)
	}
	checkOnce(t, ts.URL, asked[0], http.StatusOK)
	t.Logf("%d of %d feed requests shed", shed, shed+served)
}
