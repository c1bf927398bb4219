package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// A desk reads its own cases only. A case of another desk, of its own hall
// or of a hall whose code starts with its own (341122 / 341122100), is
// answered exactly as a case that does not exist; every view is logged.
func TestProbeCaseViewsAreTheDesksOwn(t *testing.T) {
	p := startPlat(t)
	county := p.enrol("341122", "01")
	township := p.enrol("341122100", "01")
	neighbour := p.enrol("341122100", "02")
	no := "341122100-20261123-01-0001"
	if rs := p.pushCase(township, "c-town-1", no, citizen); rs[0].Code != "applied" {
		t.Fatalf("township push: %+v", rs)
	}
	path := protocol.PathCases + no
	if resp, b := p.signed(township, http.MethodGet, path, nil, nil); resp.StatusCode != 200 || !bytes.Contains(b, []byte(citizen.id)) {
		t.Fatalf("the desk that pushed the case: %d %s", resp.StatusCode, b)
	}
	missing := "341122100-20261123-01-0999"
	_, absent := p.signed(county, http.MethodGet, protocol.PathCases+missing, nil, nil)
	for name, reg := range map[string]protocol.RegisterResponse{"county 341122": county, "same-hall desk": neighbour} {
		resp, b := p.signed(reg, http.MethodGet, path, nil, nil)
		if resp.StatusCode != 404 || bytes.Contains(b, []byte(citizen.id)) || bytes.Contains(b, []byte(citizen.name)) {
			t.Errorf("%s reads the township's case: %d %s", name, resp.StatusCode, b)
		}
		if got, want := strings.ReplaceAll(string(b), no, "NO"), strings.ReplaceAll(string(absent), missing, "NO"); got != want {
			t.Errorf("%s: a case it may not see is answered %q, a missing one %q: the two must not differ", name, got, want)
		}
	}
	out, err := p.admin("views")
	if err != nil {
		t.Fatalf("views: %v %s", err, out)
	}
	for _, want := range []string{"desk:" + township.DeskID + "\t" + no + "\tshown", "desk:" + county.DeskID + "\t" + no + "\tnot_yours",
		"desk:" + neighbour.DeskID + "\t" + no + "\tnot_yours", "desk:" + county.DeskID + "\t" + missing + "\tnot_found"} {
		if !strings.Contains(out, want) {
			t.Errorf("view log lacks %q:\n%s", want, out)
		}
	}
}

// A desk may push only cases numbered with its own hall and desk code.
func TestProbeCaseNumberOfAnotherDeskIsRefused(t *testing.T) {
	p := startPlat(t)
	d01 := p.enrol("341122", "01")
	p.enrol("341122", "02")
	rs := p.pushCase(d01, "c-spoof", "341122-20261123-02-0001", citizen)
	if rs[0].Code != "forbidden" || !strings.Contains(rs[0].Message, "不是本窗口的编号") {
		t.Fatalf("a case numbered as desk 02, pushed by desk 01: %+v", rs)
	}
	if rs := p.pushCase(d01, "c-own", "341122-20261123-01-0001", citizen); rs[0].Code != "applied" {
		t.Fatalf("own number: %+v", rs)
	}
}

// An unsigned request cannot make the platform inflate more than a few KB,
// nor hold a connection by sending slowly, nor call without limit.
func TestProbeRegisterBombsStayBounded(t *testing.T) {
	p := startPlat(t)
	before := p.peakKB()
	// Six requests under 64 KB as sent, 60 MiB once inflated, and one of
	// 3 KB that inflates to 3 MiB.
	big, small := gzipBomb(60<<20), gzipBomb(3<<20)
	if len(big) > 64<<10 || len(small) > 4<<10 {
		t.Fatalf("bombs of %d and %d bytes", len(big), len(small))
	}
	var wg sync.WaitGroup
	statuses := make([]int, 7)
	msgs := make([]string, 7)
	for i := range statuses {
		bomb := big
		if i == 6 {
			bomb = small
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := http.Header{}
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Type", "application/json")
			req, _ := http.NewRequest(http.MethodPost, p.url+protocol.PathRegister, bytes.NewReader(bomb))
			req.Header = h
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				msgs[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			statuses[i], msgs[i] = resp.StatusCode, errorBody(b.Bytes()).Message
		}()
	}
	wg.Wait()
	peak := p.peakKB()
	t.Logf("six 60 MiB gzip bombs (%d KB each) and one 3 MiB (%d KB) at /register, at once: peak RSS %d KB → %d KB; answers %v %q",
		len(big)>>10, len(small)>>10, before, peak, statuses, msgs[5:])
	for i, st := range statuses {
		if st != http.StatusRequestEntityTooLarge || !strings.Contains(msgs[i], "过大") {
			t.Errorf("bomb %d answered %d %q, want 413 with a Chinese reason", i, st, msgs[i])
		}
	}
	if peak > 64<<10 {
		t.Errorf("peak RSS %d KB after the bombs: inflation is not bounded", peak)
	}
}

func TestProbeSlowBodyIsCut(t *testing.T) {
	p := startPlat(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	_, err = conn.Write([]byte("POST " + protocol.PathRegister + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"))
	if err != nil {
		t.Fatal(err)
	}
	// One byte every second: without a deadline this holds the connection
	// for over an hour.
	for time.Since(start) < 40*time.Second {
		time.Sleep(time.Second)
		if _, err := conn.Write([]byte(" ")); err != nil {
			break
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		var one [512]byte
		if n, err := conn.Read(one[:]); n > 0 || (err != nil && !isTimeout(err)) {
			break
		}
	}
	held := time.Since(start)
	t.Logf("a register body sent at 1 byte/s held the connection %s", held.Round(time.Second))
	if held >= 40*time.Second {
		t.Fatalf("a slowly sent body held the connection %s", held)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func TestProbeUnsignedCallsAreRateLimited(t *testing.T) {
	p := startPlat(t)
	limited := 0
	for i := 0; i < 40; i++ {
		resp, b := p.do(http.MethodPost, protocol.PathRegister, []byte(`{"code":"AAAA-BBBB-CCCC-DDDD"}`), nil)
		if resp.StatusCode == http.StatusTooManyRequests {
			if !strings.Contains(errorBody(b).Message, "频繁") {
				t.Fatalf("429 without a Chinese reason: %s", b)
			}
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("40 registrations in a row from one address were all answered")
	}
}

// A copied database and data directory reveal no applicant's name, ID
// number, phone, address, desk secret or scan; the key file lies outside
// the directory. The desk that pushed the case still reads it all, and
// the operator finds it by the applicant's name.
func TestProbeCopiedDatabaseRevealsNothing(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	scan := bytes.Repeat([]byte("SCAN-OF-王喆-身份证-"), 4000)
	if rs := p.pushCase(reg, "c-1", "341122-20261123-01-0001", citizen, shaOf(scan)); rs[0].Code != "applied" {
		t.Fatalf("push: %+v", rs)
	}
	if st := p.upload(reg, "c-1", scan); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	p.stop()
	found := map[string][]string{}
	filepath.Walk(p.dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for what, s := range map[string][]byte{"name": []byte(citizen.name), "ID number": []byte(citizen.id), "phone": []byte(citizen.phone),
			"address": []byte(citizen.address), "desk secret": []byte(reg.Secret), "scan": scan[:64], "file name": []byte("王喆身份证")} {
			if bytes.Contains(b, s) {
				found[what] = append(found[what], filepath.Base(path))
			}
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is mode %o: others may read it", path, info.Mode().Perm())
		}
		return nil
	})
	for what, files := range found {
		t.Errorf("the data directory holds the %s in clear (in %v)", what, files)
	}
	p.start()
	if resp, b := p.signed(reg, http.MethodGet, protocol.PathCases+"341122-20261123-01-0001", nil, nil); resp.StatusCode != 200 ||
		!bytes.Contains(b, []byte(citizen.id)) || !bytes.Contains(b, []byte(citizen.address)) || !bytes.Contains(b, []byte(citizen.name)) {
		t.Fatalf("after a restart the desk's own case: %d %s", resp.StatusCode, b)
	}
	out, err := p.admin("case", "--name", "\u3000"+citizen.name+" ")
	if err != nil || !strings.Contains(out, "341122-20261123-01-0001\t受理\t出生登记") || !strings.Contains(out, citizen.name) {
		t.Fatalf("case --name: %v\n%s", err, out)
	}
	if out, err := p.admin("case", "--name", "欧阳"); err != nil || !strings.Contains(out, "没有申请人为“欧阳”的办件") {
		t.Errorf("case --name with part of the name: %v\n%s", err, out)
	}
	if out, _ := p.admin("views"); !strings.Contains(out, "341122-20261123-01-0001\tlisted") {
		t.Errorf("the search is not in the view log:\n%s", out)
	}
}

// A captured signed request does not play again after a restart.
func TestProbeReplayAfterRestart(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	body := []byte(`{"cursors":{}}`)
	h := signedHeaders(reg, http.MethodPost, protocol.PathPull, body)
	if resp, b := p.do(http.MethodPost, protocol.PathPull, body, h); resp.StatusCode != 200 {
		t.Fatalf("pull: %d %s", resp.StatusCode, b)
	}
	p.stop()
	p.start()
	resp, b := p.do(http.MethodPost, protocol.PathPull, body, h)
	if resp.StatusCode != 401 || errorBody(b).Code != protocol.CodeReplay {
		t.Fatalf("the same request after a restart: %d %s", resp.StatusCode, b)
	}
}

// The counts are not for anyone who asks.
func TestProbeStatsNeedSignatureOrToken(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	if resp, b := p.do(http.MethodGet, protocol.PathStats, nil, nil); resp.StatusCode != 401 {
		t.Fatalf("unsigned stats: %d %s", resp.StatusCode, b)
	}
	if resp, b := p.signed(reg, http.MethodGet, protocol.PathStats, nil, nil); resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"cases"`)) {
		t.Fatalf("signed stats: %d %s", resp.StatusCode, b)
	}
}

// An upload belongs to a case of the desk that refers to the file, and
// one desk cannot fill the disk with uploads it never finishes.
func TestProbeUploadsBelongToTheDesksCases(t *testing.T) {
	p := startPlat(t)
	a := p.enrol("341122", "01")
	b := p.enrol("341122", "02")
	scan := []byte("a scan of desk 01's case")
	if rs := p.pushCase(a, "c-a", "341122-20261123-01-0001", citizen, shaOf(scan)); rs[0].Code != "applied" {
		t.Fatalf("push: %+v", rs)
	}
	if st := p.upload(b, "c-a", scan); st == 201 || st == 200 {
		t.Errorf("desk 02 uploads into desk 01's case: %d", st)
	}
	if st := p.upload(a, "c-a", scan); st != 201 {
		t.Fatalf("desk 01's own upload: %d", st)
	}
	// Another desk learns nothing of the file.
	if resp, body := p.signed(b, http.MethodGet, protocol.PathFiles+shaOf(scan), nil, nil); resp.StatusCode != 404 {
		t.Errorf("desk 02 asks about desk 01's file: %d %s", resp.StatusCode, body)
	}
	// Open uploads: one case with many files, none finished.
	var shas []string
	for i := 0; i < 40; i++ {
		shas = append(shas, shaOf([]byte{byte(i), 'x'}))
	}
	if rs := p.pushCase(a, "c-many", "341122-20261123-01-0002", citizen, shas...); rs[0].Code != "applied" {
		t.Fatalf("push: %+v", rs)
	}
	refused := 0
	for _, sha := range shas {
		h := http.Header{}
		h.Set("Tus-Resumable", "1.0.0")
		h.Set("Upload-Length", "1000")
		h.Set("Upload-Metadata", protocol.MetaSHA256+" "+b64(sha)+","+protocol.MetaCase+" "+b64("c-many"))
		if resp, _ := p.signed(a, http.MethodPost, protocol.PathUploads, nil, h); resp.StatusCode != 201 {
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("40 uploads started and never finished were all accepted")
	}
}

// The platform CLI: a leading --data is honoured, help and usage errors
// create nothing, the admin token is not taken from argv.
func TestProbeCLIFailsClosed(t *testing.T) {
	p := startPlat(t)
	p.enrol("341122", "01")
	cmd := runBin(t, 10*time.Second, "--data", p.dir, "stats")
	if !strings.Contains(cmd, `"desks": 1`) {
		t.Fatalf("--data DIR stats: %q", cmd)
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"help"}, {"--data", filepath.Join(dir, "x"), "bogus"}, {"--data", filepath.Join(dir, "y"), "desk", "add"},
		{"--data", filepath.Join(dir, "z"), "stats"}, {"--data", filepath.Join(dir, "w"), "serve", "--admin-token", "secret-on-the-command-line"}} {
		runBin(t, 10*time.Second, args...)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("help and usage errors created %v", left)
	}
}

// runBin runs the binary and returns its output; it fails the test if the
// binary is still running after limit (a command that started a server).
func runBin(t *testing.T, limit time.Duration, args ...string) string {
	t.Helper()
	cmd := exec.Command(platformBin(t), pgtest.PlatformArgs(t, args)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Errorf("yichuang-platform %s still running after %s: %s", strings.Join(args, " "), limit, out.String())
	}
	return out.String()
}

// A new platform key: the old one no longer opens the database, the new
// one opens everything (desks still sign, cases still read).
func TestProbeKeyRotation(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	if rs := p.pushCase(reg, "c-1", "341122-20261123-01-0001", citizen); rs[0].Code != "applied" {
		t.Fatalf("push: %+v", rs)
	}
	p.stop()
	newKey := filepath.Join(t.TempDir(), "platform-2.key")
	if out, err := p.admin("key", "rotate", "--new-key", newKey); err != nil || !strings.Contains(out, "重新加密") {
		t.Fatalf("rotate: %v %s", err, out)
	}
	if st, err := os.Stat(newKey); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("new key file: %v %v", st, err)
	}
	if out, err := p.admin("stats"); err == nil || !strings.Contains(out, "不是这个数据库的密钥") {
		t.Fatalf("the old key still opens the database: %v %s", err, out)
	}
	p.extra = []string{"--key", newKey}
	p.start()
	resp, b := p.signed(reg, http.MethodGet, protocol.PathCases+"341122-20261123-01-0001", nil, nil)
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(citizen.phone)) {
		t.Fatalf("after rotation: %d %s", resp.StatusCode, b)
	}
}

// Half a scan on its way is not on disk in clear either, and the upload
// resumes after a restart from where the platform says it stands.
func TestProbePartialUploadIsSealedAndResumes(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	scan := bytes.Repeat([]byte("PARTIAL-SCAN-OF-王喆-"), 20000)
	sha := shaOf(scan)
	if rs := p.pushCase(reg, "c-p", "341122-20261123-01-0001", citizen, sha); rs[0].Code != "applied" {
		t.Fatalf("push: %+v", rs)
	}
	h := http.Header{}
	h.Set("Tus-Resumable", "1.0.0")
	h.Set("Upload-Length", strconv.Itoa(len(scan)))
	h.Set("Upload-Metadata", protocol.MetaSHA256+" "+b64(sha)+","+protocol.MetaCase+" "+b64("c-p")+","+protocol.MetaName+" "+b64("王喆身份证.jpg"))
	if resp, b := p.signed(reg, http.MethodPost, protocol.PathUploads, nil, h); resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	half := len(scan) / 2
	patch := func(offset int, part []byte) (*http.Response, []byte) {
		h := http.Header{}
		h.Set("Tus-Resumable", "1.0.0")
		h.Set("Upload-Offset", strconv.Itoa(offset))
		h.Set("Content-Type", "application/offset+octet-stream")
		return p.signed(reg, http.MethodPatch, protocol.PathUploads+sha, part, h)
	}
	if resp, b := patch(0, scan[:half]); resp.StatusCode != 204 {
		t.Fatalf("first half: %d %s", resp.StatusCode, b)
	}
	p.stop()
	filepath.Walk(p.dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(path)
			if bytes.Contains(b, scan[:40]) || bytes.Contains(b, []byte("王喆身份证")) {
				t.Errorf("%s holds the partial scan or its name in clear", path)
			}
		}
		return nil
	})
	p.start()
	h = http.Header{}
	h.Set("Tus-Resumable", "1.0.0")
	resp, _ := p.signed(reg, http.MethodHead, protocol.PathUploads+sha, nil, h)
	if got := resp.Header.Get("Upload-Offset"); got != strconv.Itoa(half) {
		t.Fatalf("offset after a restart: %q, want %d", got, half)
	}
	if resp, b := patch(half, scan[half:]); resp.StatusCode != 204 {
		t.Fatalf("second half: %d %s", resp.StatusCode, b)
	}
	resp, b := p.signed(reg, http.MethodGet, protocol.PathFiles+sha, nil, nil)
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"verified":true`)) {
		t.Fatalf("file status: %d %s", resp.StatusCode, b)
	}
}

// A registered desk's push is capped too: a 256 MiB gzip bomb is refused
// at the inflated cap, not held whole.
func TestProbeSignedPushBombStaysBounded(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	bomb := gzipBomb(256 << 20)
	h := http.Header{}
	h.Set("Content-Encoding", "gzip")
	before := p.peakKB()
	resp, b := p.signed(reg, http.MethodPost, protocol.PathPush, bomb, h)
	peak := p.peakKB()
	t.Logf("a signed push of %d KB inflating to 256 MiB: %d %q; peak RSS %d KB → %d KB", len(bomb)>>10, resp.StatusCode, errorBody(b).Message, before, peak)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(errorBody(b).Message, "推送请求解压后过大") {
		t.Errorf("answered %d %s, want 413 naming the push", resp.StatusCode, b)
	}
	if peak > 64<<10 {
		t.Errorf("peak RSS %d KB", peak)
	}
}

// The admin token comes from a file only its owner may read, and reads
// any case; its views are logged.
func TestProbeAdminTokenFromFile(t *testing.T) {
	dir := t.TempDir()
	tok := filepath.Join(dir, "admin.token")
	os.WriteFile(tok, []byte("0123456789abcdefghijklmnopqrstuv\n"), 0o644)
	bad := &plat{t: t, dir: filepath.Join(dir, "data"), extra: []string{"--admin-token-file", tok}}
	if out := runBin(t, 10*time.Second, "serve", "--addr", "127.0.0.1:0", "--data", bad.dir, "--admin-token-file", tok); !strings.Contains(out, "chmod 600") {
		t.Fatalf("a token file others may read: %q", out)
	}
	os.Chmod(tok, 0o600)
	p := startPlat(t, "--admin-token-file", tok)
	reg := p.enrol("341122", "01")
	no := "341122-20261123-01-0001"
	p.pushCase(reg, "c-1", no, citizen)
	for _, c := range []struct {
		token string
		want  int
	}{{"0123456789abcdefghijklmnopqrstuv", 200}, {"0123456789abcdefghijklmnopqrstuw", 401}} {
		h := http.Header{}
		h.Set("Authorization", "Bearer "+c.token)
		if resp, b := p.do(http.MethodGet, protocol.PathCases+no, nil, h); resp.StatusCode != c.want {
			t.Errorf("token %s…: %d %s, want %d", c.token[:4], resp.StatusCode, b, c.want)
		}
	}
	if out, _ := p.admin("views"); !strings.Contains(out, "admin-token\t"+no+"\tshown") {
		t.Errorf("the token's view is not logged:\n%s", out)
	}
}

// On PostgreSQL a second instance serves the same database and data
// directory beside the first, and a desk enrolled through one registers
// at the other (docs/adr/0024); on SQLite the data directory is the one
// process's, and a second serve is refused.
func TestSecondInstance(t *testing.T) {
	p := startPlat(t)
	if !pgtest.OnPostgres() {
		out := runBin(t, 10*time.Second, "serve", "--addr", "127.0.0.1:0", "--data", p.dir)
		if !strings.Contains(out, "正在使用数据目录") {
			t.Fatalf("a second serve on SQLite: %q", out)
		}
		return
	}
	q := &plat{t: t, dir: p.dir}
	q.start()
	t.Cleanup(q.stop)
	reg := p.enrol("341122", "01") // desk add through the first's data, registered over its HTTP
	if out, err := q.admin("desk", "list"); err != nil || !strings.Contains(out, reg.DeskID) {
		t.Fatalf("the second instance's desks: %v %s", err, out)
	}
	body := []byte(`{"cursors":{}}`)
	if resp, b := q.do(http.MethodPost, protocol.PathPull, body, signedHeaders(reg, http.MethodPost, protocol.PathPull, body)); resp.StatusCode != 200 {
		t.Fatalf("a pull signed by a desk registered at the first instance, at the second: %d %s", resp.StatusCode, b)
	}
}
