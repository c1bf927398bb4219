package secure

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the Argon2id cost parameters of one verifier. They are stored
// with it, so the cost can be raised later without locking anyone out.
type Params struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams is the cost chosen for login (see docs/adr/0009): 64 MiB,
// 3 passes, 2 lanes — RFC 9106's second recommended setting with the lanes
// cut to the two cores of a typical hall PC. About 0.3-0.5 s on such a
// machine: unnoticed once per login, ruinous for someone guessing offline.
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 2}

// MaxParams bounds the cost read from outside (a backup's header, a stored
// verifier): four times the default memory, so a forged header cannot make
// the desk allocate a gigabyte before 「备份密码不正确」.
var MaxParams = Params{Time: 12, Memory: 256 * 1024, Threads: 8}

// Within reports whether p is a cost this program would ever have written:
// not zero and not above MaxParams.
func (p Params) Within() bool {
	return p.Time > 0 && p.Memory > 0 && p.Threads > 0 &&
		p.Time <= MaxParams.Time && p.Memory <= MaxParams.Memory && p.Threads <= MaxParams.Threads
}

// TestParams is a deliberately weak cost for tests only.
var TestParams = Params{Time: 1, Memory: 64, Threads: 1}

// Weaker reports whether p costs less than q in any dimension: a verifier
// with weaker parameters is renewed at the next successful login.
func (p Params) Weaker(q Params) bool {
	return p.Time < q.Time || p.Memory < q.Memory || p.Threads < q.Threads
}

const saltSize = 16

// Stretched is a password run through Argon2id with a salt: the verifier
// and the key that wraps the user's key slot are both derived from it, so
// login costs one Argon2id run, and the stored verifier does not give away
// the wrapping key (they are independent HMAC-SM3 outputs).
type Stretched struct {
	Params Params
	Salt   []byte
	out    []byte
}

// Stretch runs Argon2id over password with a new random salt.
func Stretch(password string, p Params) (*Stretched, error) {
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return StretchWith(password, p, salt), nil
}

// StretchWith runs Argon2id with a known salt (at login).
func StretchWith(password string, p Params, salt []byte) *Stretched {
	out := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	return &Stretched{Params: p, Salt: salt, out: out}
}

// Verifier is the stored form, in the PHC string style:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<HMAC-SM3 verifier>.
func (s *Stretched) Verifier() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		s.Params.Memory, s.Params.Time, s.Params.Threads,
		b64.EncodeToString(s.Salt), b64.EncodeToString(mac(s.out, "yichuang/verifier/v1")))
}

// kek is the key that wraps a key slot: it mixes in the desk secret, a file
// kept beside the database, so a copied database file with a known
// password still opens nothing on another PC.
func (s *Stretched) kek(deskSecret []byte) []byte {
	return mac(s.out, "yichuang/kek/v1", deskSecret)[:16]
}

// ParseVerifier reads a stored verifier's parameters and salt.
func ParseVerifier(v string) (Params, []byte, []byte, error) {
	parts := strings.Split(v, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return Params{}, nil, nil, ErrFormat
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || !p.Within() {
		return Params{}, nil, nil, ErrFormat
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	sum, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(sum) != 32 {
		return Params{}, nil, nil, ErrFormat
	}
	return p, salt, sum, nil
}

// CheckPassword stretches password with the verifier's own parameters and
// compares in constant time. On success the Stretched value is returned so
// the caller can open the user's key slot without a second Argon2id run.
func CheckPassword(verifier, password string) (*Stretched, bool, error) {
	p, salt, sum, err := ParseVerifier(verifier)
	if err != nil {
		return nil, false, err
	}
	s := StretchWith(password, p, salt)
	return s, hmac.Equal(mac(s.out, "yichuang/verifier/v1"), sum), nil
}
