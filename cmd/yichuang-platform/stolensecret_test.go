package main

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"yichuang/secure"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// storedSecret is the desks.secret column of desk id as a copy of the
// platform's database holds it: the SQLite file (and WAL) copied away and
// opened there, or the PostgreSQL row read directly.
func storedSecret(t *testing.T, dataDir, id string) string {
	t.Helper()
	target := pgtest.PlatformTarget(t, dataDir)
	driver, query := "pgx", "SELECT secret FROM desks WHERE id = $1"
	if !strings.HasPrefix(target, "postgres") {
		driver, query = "sqlite", "SELECT secret FROM desks WHERE id = ?"
		copyDir := t.TempDir()
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(target + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if err == nil {
				os.WriteFile(filepath.Join(copyDir, "platform.db"+suffix), b, 0o600)
			}
		}
		target = filepath.Join(copyDir, "platform.db")
	}
	db, err := sql.Open(driver, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var secret string
	if err := db.QueryRow(query, id).Scan(&secret); err != nil {
		t.Fatalf("the copy's desks row: %v", err)
	}
	return secret
}

// A desk's secret as a copied platform database holds it signs nothing the
// platform accepts: not the stored text, nor what a desk decoding it gets,
// nor the sealed bytes or 32-byte pieces of them. The desk's own secret
// then pushes the same case, which the forgeries did not apply.
func TestProbeSecretFromCopiedDatabaseSignsNothing(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	p.stop()
	stored := storedSecret(t, p.dir, reg.DeskID)
	if stored == "" || strings.Contains(stored, reg.Secret) {
		t.Fatalf("the copy's secret column: %.16q…", stored)
	}
	p.start()

	keys := map[string][]byte{"the text as stored": []byte(stored), "what a desk decodes the text to": nil}
	if k, ok := protocol.DecodeSecret(stored); ok {
		keys["the column decoded as a desk decodes its secret"] = k
	}
	if sealed, err := hex.DecodeString(strings.TrimPrefix(stored, secure.Prefix)); err == nil {
		keys["the sealed bytes"] = sealed
		for _, at := range []int{0, 12, len(sealed) - 32} { // first, after a nonce, last
			if at >= 0 && at+32 <= len(sealed) {
				keys["32 sealed bytes at "+strconv.Itoa(at)] = sealed[at : at+32]
			}
		}
	}
	body := caseBody(t, "c-1", "341122-20261123-01-0001", citizen)
	for what, k := range keys {
		forged := protocol.RegisterResponse{DeskID: reg.DeskID, Secret: hex.EncodeToString(k)}
		resp, b := p.do(http.MethodPost, protocol.PathPush, body, signedHeaders(forged, http.MethodPost, protocol.PathPush, body))
		var eb protocol.ErrorBody
		json.Unmarshal(b, &eb)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(eb.Message, "签名无效") {
			t.Errorf("signed with %s: %d %s", what, resp.StatusCode, b)
		}
	}
	if rs := p.pushCase(reg, "c-1", "341122-20261123-01-0001", citizen); rs[0].Code != "applied" || rs[1].Code != "applied" {
		t.Fatalf("the desk's own push after the forgeries: %+v", rs)
	}
}
