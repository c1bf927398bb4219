package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// Two platform instances on one PostgreSQL database and one shared data
// directory (docs/adr/0024): a request replayed to the other instance is
// refused, and a scan created through both at once and sent half through
// each arrives whole, verified and sealed once.
func TestTwoInstancesShareNoncesAndUploads(t *testing.T) {
	ctx := context.Background()
	dsn, dir := pgtest.Database(t), t.TempDir()
	key, err := store.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	var urls [2]string
	var st [2]*store.Store
	for i := range st {
		if st[i], err = store.Open(ctx, dsn, key); err != nil {
			t.Fatal(err)
		}
		defer st[i].Close()
		srv, err := New(Config{Store: st[i], DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		urls[i] = ts.URL
	}
	code, err := st[0].AddDesk(ctx, "341122", "07", "")
	if err != nil {
		t.Fatal(err)
	}
	var reg protocol.RegisterResponse
	if resp := post(t, urls[1]+protocol.PathRegister, `{"code":"`+code+`"}`, nil); resp.StatusCode != 200 ||
		json.NewDecoder(resp.Body).Decode(&reg) != nil {
		t.Fatalf("register through the other instance: %d", resp.StatusCode)
	}
	do := func(i int, method, path string, body []byte, h http.Header) *http.Response {
		t.Helper()
		nonce := make([]byte, 12)
		rand.Read(nonce)
		if h == nil {
			h = http.Header{}
		}
		for k, v := range signedAs(reg, method, path, body, hex.EncodeToString(nonce)) {
			if h.Get(k) == "" {
				h[k] = v
			}
		}
		req, _ := http.NewRequest(method, urls[i]+path, bytes.NewReader(body))
		req.Header = h
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	// A request captured at one instance is refused at the other.
	pull := []byte(`{"cursors":{}}`)
	captured := signedAs(reg, "POST", protocol.PathPull, pull, "captured-1")
	if resp := do(0, "POST", protocol.PathPull, pull, captured.Clone()); resp.StatusCode != 200 {
		t.Fatalf("pull: %d", resp.StatusCode)
	}
	if resp := do(1, "POST", protocol.PathPull, pull, captured.Clone()); resp.StatusCode < 400 {
		t.Fatalf("the request replayed to the other instance: %d", resp.StatusCode)
	}

	// A case referring to a scan, pushed through one instance.
	scan := make([]byte, 300<<10)
	rand.Read(scan)
	sum := sha256.Sum256(scan)
	sha := hex.EncodeToString(sum[:])
	c := hall.Case{ID: "c1", No: "341122-20261123-07-0001", ItemCode: "000104001001", ItemName: "出生登记", Department: "清河县公安局",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard, IDNumber: "11010519491231002X"},
		Materials: []hall.CaseMaterial{{Name: "居民身份证", Files: []string{sha}}}}
	ev, err := hall.Apply(&c, hall.Event{ID: "e1", Action: hall.ActReceive, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	opBody, _ := json.Marshal(map[string]any{"case": c, "event": ev})
	push, _ := json.Marshal(protocol.PushRequest{Ops: []protocol.Op{{ID: "e1", Kind: hall.OpCaseEvent, CaseID: "c1", Body: opBody}}})
	var pr protocol.PushResponse
	if resp := do(1, "POST", protocol.PathPush, push, nil); resp.StatusCode != 200 ||
		json.NewDecoder(resp.Body).Decode(&pr) != nil || len(pr.Results) != 1 || pr.Results[0].Code != protocol.CodeApplied {
		t.Fatalf("push: %d %+v", resp.StatusCode, pr)
	}

	// The upload is created through both instances at once (a resend
	// racing its first try): neither truncates what the other made.
	meta := protocol.MetaSHA256 + " " + base64.StdEncoding.EncodeToString([]byte(sha)) + "," +
		protocol.MetaCase + " " + base64.StdEncoding.EncodeToString([]byte("c1"))
	var wg sync.WaitGroup
	created := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := http.Header{"Tus-Resumable": {"1.0.0"}, "Upload-Length": {strconv.Itoa(len(scan))}, "Upload-Metadata": {meta}}
			created[i] = do(i, "POST", protocol.PathUploads, nil, h).StatusCode
		}()
	}
	wg.Wait()
	if created[0] != http.StatusCreated || created[1] != http.StatusCreated {
		t.Fatalf("creations: %v", created)
	}
	// Half through one instance, the rest through the other.
	path := protocol.PathUploads + sha
	half := len(scan) / 2
	for i, part := range [][]byte{scan[:half], scan[half:]} {
		h := http.Header{"Tus-Resumable": {"1.0.0"}, "Content-Type": {"application/offset+octet-stream"},
			"Upload-Offset": {strconv.Itoa(i * half)}}
		resp := do(i, "PATCH", path, part, h)
		if resp.StatusCode != http.StatusNoContent {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("chunk %d through instance %d: %d %s", i, i, resp.StatusCode, b)
		}
	}
	for i := range 2 {
		var fs protocol.FileStatus
		if resp := do(i, "GET", protocol.PathFiles+sha, nil, nil); resp.StatusCode != 200 ||
			json.NewDecoder(resp.Body).Decode(&fs) != nil || !fs.Verified || fs.Size != int64(len(scan)) {
			t.Fatalf("file status at instance %d: %d %+v", i, resp.StatusCode, fs)
		}
	}
	stats, err := st[0].Stats(ctx)
	if err != nil || stats.Files != 1 || stats.UploadsOpen != 0 || stats.CasesComplete != 1 {
		t.Fatalf("stats %+v %v", stats, err)
	}
	f, err := st[1].OpenFile(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, scan) {
		t.Fatalf("the sealed scan does not open to what was sent: %v", err)
	}
}

// signedAs are the headers of a request of reg's desk.
func signedAs(reg protocol.RegisterResponse, method, path string, body []byte, nonce string) http.Header {
	key, _ := protocol.DecodeSecret(reg.Secret)
	sum := protocol.BodySM3(body)
	ms := time.Now().UnixMilli()
	h := http.Header{}
	h.Set(protocol.HeaderDesk, reg.DeskID)
	h.Set(protocol.HeaderTimestamp, strconv.FormatInt(ms, 10))
	h.Set(protocol.HeaderNonce, nonce)
	h.Set(protocol.HeaderBodySM3, sum)
	h.Set(protocol.HeaderSignature, protocol.Sign(key, protocol.StringToSign(method, path, reg.DeskID, ms, nonce, sum)))
	return h
}
