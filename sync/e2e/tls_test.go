package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTLSWithPrivateCA: a platform on https with a certificate from the
// province's own CA; the desk registers with --ca and syncs over TLS, and
// refuses the platform without it.
func TestTLSWithPrivateCA(t *testing.T) {
	dir := t.TempDir()
	caFile := writePKI(t, dir)
	p := startPlatform(t)
	p.stop()
	p.cert, p.key = filepath.Join(dir, "server.pem"), filepath.Join(dir, "server.key")
	p.start()

	code := p.addDesk("341122", "61")
	if _, errs, rc := runCLI("register", "--data", t.TempDir(), "--platform", p.url(), "--code", code); rc == 0 {
		t.Fatal("registered over TLS without trusting the platform's CA")
	} else if !strings.Contains(errs, "证书不受本窗口信任") {
		t.Errorf("untrusted certificate: %q", errs)
	}
	k := newDesk(t, p, "62", "--ca", caFile)
	k.seed(4, 2, 20)
	s := k.syncer("", 5*time.Second)
	k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
}

// writePKI makes a CA and a server certificate for 127.0.0.1 signed by it.
func writePKI(t *testing.T, dir string) string {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "省级政务服务平台测试 CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("server.pem", "CERTIFICATE", der)
	write("server.key", "EC PRIVATE KEY", keyDER)
	return write("ca.pem", "CERTIFICATE", caDER)
}
