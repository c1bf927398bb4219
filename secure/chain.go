package secure

import (
	"crypto/hmac"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// The audit log is a hash chain: each record's hash is SM3 over the
// previous record's hash and the record's own fields, so editing,
// removing or reordering a record breaks the chain from there on. A plain
// hash chain can be recomputed by whoever edits the file, so each hash is
// also MACed (HMAC-SM3) under a key derived from the desk secret, which is
// not in the database. The platform, which receives the records, can check
// the chain without that key.

// Genesis is the "previous hash" of the first record.
var Genesis = strings.Repeat("0", 64)

// ChainHash is SM3(prev || each field length-prefixed), hex. The record's
// position (seq) is not hashed: the link to the previous hash is what
// fixes the order, which lets a check tell a moved record from an edited
// one.
func ChainHash(prev string, fields []string) string {
	h := sm3.New()
	p, err := hex.DecodeString(prev)
	if err != nil {
		p = []byte(prev) // a damaged prev still hashes, and then fails to match
	}
	h.Write(p)
	var n [4]byte
	for _, f := range fields {
		binary.BigEndian.PutUint32(n[:], uint32(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditKey is the MAC key of the audit chain, derived from the desk secret.
func AuditKey(deskSecret []byte) []byte { return mac(deskSecret, "yichuang/audit-mac/v1") }

// ChainMAC is HMAC-SM3(key, hash), hex.
func ChainMAC(key []byte, hash string) string {
	return hex.EncodeToString(mac(key, "audit:", []byte(hash)))
}

// ChainRecord is one stored audit record as the check sees it.
type ChainRecord struct {
	Seq    int64
	Fields []string
	Prev   string
	Hash   string
	MAC    string
}

// BreakKind says how the chain broke at a record.
type BreakKind int

// How a chain can break.
const (
	// Edited: the record's fields no longer give its stored hash.
	Edited BreakKind = iota + 1
	// Missing: records before this one are gone (a gap in the numbering,
	// or the first record is not the chain's first).
	Missing
	// LinkBroken: the record is intact but does not follow the one before
	// it: records were reordered, or removed and renumbered. The store
	// tells the two apart by looking for the hash it links to.
	LinkBroken
	// Resigned: hash and link are right but the MAC is not: the chain was
	// recomputed by someone without the desk's key.
	Resigned
)

// Break is the first place the chain does not hold.
type Break struct {
	Seq  int64 // the first bad record
	Kind BreakKind
	Gap  int64 // for Missing: how many numbers are absent before Seq
}

// Checker checks records one at a time, in seq order, so a long log never
// has to fit in memory. A nil macKey skips the MAC (no desk secret).
type Checker struct {
	key      []byte
	prevHash string
	prevSeq  int64
}

// NewChecker starts a check at the chain's beginning.
func NewChecker(macKey []byte) *Checker { return &Checker{key: macKey, prevHash: Genesis} }

// Next checks one record and returns the break it shows, or nil.
func (c *Checker) Next(r ChainRecord) *Break {
	defer func() { c.prevHash, c.prevSeq = r.Hash, r.Seq }()
	if r.Seq != c.prevSeq+1 {
		return &Break{Seq: r.Seq, Kind: Missing, Gap: r.Seq - c.prevSeq - 1}
	}
	if ChainHash(r.Prev, r.Fields) != r.Hash {
		return &Break{Seq: r.Seq, Kind: Edited}
	}
	if r.Prev != c.prevHash {
		return &Break{Seq: r.Seq, Kind: LinkBroken}
	}
	if c.key != nil && !hmac.Equal([]byte(ChainMAC(c.key, r.Hash)), []byte(r.MAC)) {
		return &Break{Seq: r.Seq, Kind: Resigned}
	}
	return nil
}
