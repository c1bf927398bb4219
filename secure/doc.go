// Package secure holds the desk's cryptography, as pure functions on bytes:
// SM4-GCM sealing of personal data with a versioned format, the data key
// and the key slots that wrap it per user, Argon2id password verifiers,
// the keyed hash (HMAC-SM3) that finds a case by ID number without storing
// it, and the SM3 hash chain of the audit log.
//
// Algorithms follow GB/T 39786-2021 (商用密码应用基本要求): SM3 for hashes
// and MACs, SM4 for confidentiality; Argon2id stretches passwords because
// SM3 alone is far too fast against offline guessing. The package does no
// I/O beyond reading crypto/rand; where keys live is the store's business.
package secure
