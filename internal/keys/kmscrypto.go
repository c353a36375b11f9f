package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"sort"
	"strconv"
)

// Ciphertext blobs of the built-in KMS:
//
//	version(1)=0x01 | key id (36 ASCII) | material version (uint32be) | nonce(12) | AES-256-GCM ciphertext+tag
//
// The associated data is the key id, the material version and the
// encryption context in canonical order, so a blob opens only under the
// context it was made with, as in AWS KMS.
const (
	blobV1    = 1
	keyIDLen  = 36
	blobFixed = 1 + keyIDLen + 4 + 12
)

// ErrCiphertext means a ciphertext blob is malformed, names another key,
// or fails to open (wrong context, tampering).
var ErrCiphertext = errors.New("keys: invalid KMS ciphertext")

type openMaterial struct{ aead cipher.AEAD }

func (r *Keyring) material(k *KMSKey, version int) (*openMaterial, error) {
	ck := k.ID + "#" + strconv.Itoa(version)
	r.mu.Lock()
	om := r.cache[ck]
	r.mu.Unlock()
	if om != nil {
		return om, nil
	}
	for _, m := range k.Material {
		if m.Version != version {
			continue
		}
		raw, err := r.master.Open(m.Sealed, materialAAD(k.ID, version))
		if err != nil {
			return nil, err
		}
		blk, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(blk)
		if err != nil {
			return nil, err
		}
		om = &openMaterial{aead: aead}
		r.mu.Lock()
		r.cache[ck] = om
		r.mu.Unlock()
		return om, nil
	}
	return nil, ErrCiphertext
}

// canonicalContext encodes an encryption context with sorted keys and
// length prefixes, so that no two contexts share an encoding.
func canonicalContext(keyID string, version int, ec map[string]string) []byte {
	names := make([]string, 0, len(ec))
	for n := range ec {
		names = append(names, n)
	}
	sort.Strings(names)
	out := append([]byte("coffer-kms\x00"), keyID...)
	out = binary.BigEndian.AppendUint32(out, uint32(version))
	for _, n := range names {
		out = binary.BigEndian.AppendUint32(out, uint32(len(n)))
		out = append(out, n...)
		out = binary.BigEndian.AppendUint32(out, uint32(len(ec[n])))
		out = append(out, ec[n]...)
	}
	return out
}

// Encrypt seals plaintext under the key's newest material.
func (r *Keyring) Encrypt(k *KMSKey, plaintext []byte, ec map[string]string) ([]byte, error) {
	if len(k.ID) != keyIDLen || len(k.Material) == 0 {
		return nil, ErrNoKey
	}
	version := k.Material[len(k.Material)-1].Version
	om, err := r.material(k, version)
	if err != nil {
		return nil, err
	}
	out := make([]byte, blobFixed, blobFixed+len(plaintext)+16)
	out[0] = blobV1
	copy(out[1:], k.ID)
	binary.BigEndian.PutUint32(out[1+keyIDLen:], uint32(version))
	nonce := out[1+keyIDLen+4 : blobFixed]
	if _, err := rand.Read(nonce); err != nil {
		panic("keys: no randomness: " + err.Error())
	}
	return om.aead.Seal(out, nonce, plaintext, canonicalContext(k.ID, version, ec)), nil
}

// CiphertextKeyID returns the id of the key a blob was made with.
func CiphertextKeyID(blob []byte) (string, error) {
	if len(blob) < blobFixed+16 || blob[0] != blobV1 {
		return "", ErrCiphertext
	}
	return string(blob[1 : 1+keyIDLen]), nil
}

// Decrypt opens a blob made by Encrypt with key k (whose id the blob names:
// see CiphertextKeyID) under the same encryption context.
func (r *Keyring) Decrypt(k *KMSKey, blob []byte, ec map[string]string) ([]byte, error) {
	id, err := CiphertextKeyID(blob)
	if err != nil || id != k.ID {
		return nil, ErrCiphertext
	}
	version := int(binary.BigEndian.Uint32(blob[1+keyIDLen:]))
	om, err := r.material(k, version)
	if err != nil {
		return nil, ErrCiphertext
	}
	nonce := blob[1+keyIDLen+4 : blobFixed]
	pt, err := om.aead.Open(nil, nonce, blob[blobFixed:], canonicalContext(k.ID, version, ec))
	if err != nil {
		return nil, ErrCiphertext
	}
	return pt, nil
}
