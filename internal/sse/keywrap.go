package sse

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// Sealed keys: version(1)=0x01 | nonce(12) | AES-256-GCM(kek, dataKey, aad).
const keySealV1 = 1

// ErrKeyOpen means a sealed key did not open: another key-encryption key,
// another aad, or tampering.
var ErrKeyOpen = errors.New("sse: sealed data key does not open")

// SealKey seals a data key under a 32-byte key-encryption key, bound to
// aad (for example the object's identity or the KMS key it belongs to).
func SealKey(kek, dataKey, aad []byte) ([]byte, error) {
	aead, err := newAEAD(kek)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+12, 1+12+len(dataKey)+TagSize)
	out[0] = keySealV1
	mustRandom(out[1:13])
	return aead.Seal(out, out[1:13], dataKey, aad), nil
}

// OpenKey opens a key sealed by SealKey.
func OpenKey(kek, sealed, aad []byte) ([]byte, error) {
	aead, err := newAEAD(kek)
	if err != nil {
		return nil, err
	}
	if len(sealed) < 1+12+TagSize || sealed[0] != keySealV1 {
		return nil, ErrKeyOpen
	}
	k, err := aead.Open(nil, sealed[1:13], sealed[13:], aad)
	if err != nil {
		return nil, ErrKeyOpen
	}
	return k, nil
}

// DeriveKey derives a 32-byte key from a secret for one purpose (HKDF-like
// single-block expand with HMAC-SHA256), so that one secret never serves two
// uses directly.
func DeriveKey(secret []byte, purpose string, context []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write(context)
	m.Write([]byte{1})
	return m.Sum(nil)
}

// ObjectID builds the stream identity of a blob or part: the caller's
// unique data name (a blob id, or a fixed label for inline data) and the
// part number (0 for single-part objects).
func ObjectID(name string, part int) []byte {
	id := make([]byte, 0, len(name)+5)
	id = append(id, name...)
	return append(id, 0, byte(part>>24), byte(part>>16), byte(part>>8), byte(part))
}
