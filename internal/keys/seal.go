package keys

import (
	"crypto/rand"
	"errors"
)

// Sealed values: 1 format byte, 1 id-length byte, the key id, a 12-byte
// nonce, then ciphertext and tag. aad binds the value to its use (e.g. the
// access key id a secret belongs to), so sealed values cannot be swapped.
const sealV1 = 1

// Seal encrypts plaintext bound to aad with the newest key.
func (m *Master) Seal(plaintext, aad []byte) []byte {
	k := m.newest
	out := make([]byte, 0, 2+len(k.id)+k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	out = append(out, sealV1, byte(len(k.id)))
	out = append(out, k.id...)
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("keys: no randomness: " + err.Error())
	}
	out = append(out, nonce...)
	return k.aead.Seal(out, nonce, plaintext, aad)
}

// ErrOpen means a sealed value could not be opened: a key not in the ring,
// tampering or the wrong aad.
var ErrOpen = errors.New("keys: cannot open sealed value")

// SealedBy returns the id of the key that sealed a value, "" if malformed.
func SealedBy(sealed []byte) string {
	if len(sealed) < 2 || sealed[0] != sealV1 || len(sealed) < 2+int(sealed[1]) {
		return ""
	}
	return string(sealed[2 : 2+int(sealed[1])])
}

// Open decrypts a value sealed with Seal by any key of the ring.
func (m *Master) Open(sealed, aad []byte) ([]byte, error) {
	id := SealedBy(sealed)
	aead := m.byID[id]
	if aead == nil {
		return nil, ErrOpen
	}
	rest := sealed[2+len(id):]
	if len(rest) < aead.NonceSize() {
		return nil, ErrOpen
	}
	nonce, ct := rest[:aead.NonceSize()], rest[aead.NonceSize():]
	pt, err := aead.Open(nil, nonce, ct, aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// Rewrap re-seals a value with the newest key. changed is false (and
// sealed is returned as is) when the newest key sealed it already.
func (m *Master) Rewrap(sealed, aad []byte) (out []byte, changed bool, err error) {
	if SealedBy(sealed) == m.newest.id {
		return sealed, false, nil
	}
	pt, err := m.Open(sealed, aad)
	if err != nil {
		return nil, false, err
	}
	return m.Seal(pt, aad), true, nil
}
