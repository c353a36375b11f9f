package keys

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Master is a 256-bit master key with a short public id.
type Master struct {
	id   string
	aead cipher.AEAD
}

const fileHeader = "coffer-master-key v1"

// ID is the key's public identifier (derived from the key, safe to log).
func (m *Master) ID() string { return m.id }

func newMaster(key []byte) (*Master, error) {
	if len(key) != 32 {
		return nil, errors.New("keys: master key must be 32 bytes")
	}
	blk, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(blk)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("coffer-key-id:"), key...))
	return &Master{id: hex.EncodeToString(sum[:6]), aead: aead}, nil
}

// LoadOrCreate reads the master key file at path, or creates it (mode 0600)
// with a new random key when it does not exist.
func LoadOrCreate(path string) (m *Master, created bool, err error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, false, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, err
		}
		content := fileHeader + "\n" + base64.StdEncoding.EncodeToString(key) + "\n"
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, err
		}
		if _, err := f.WriteString(content); err != nil {
			f.Close()
			return nil, false, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, false, err
		}
		if err := f.Close(); err != nil {
			return nil, false, err
		}
		m, err := newMaster(key)
		return m, true, err
	}
	if err != nil {
		return nil, false, err
	}
	m, err = parseFile(raw)
	return m, false, err
}

func parseFile(raw []byte) (*Master, error) {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != fileHeader {
		return nil, errors.New("keys: not a coffer master key file")
	}
	if !sc.Scan() {
		return nil, errors.New("keys: master key file has no key")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sc.Text()))
	if err != nil {
		return nil, fmt.Errorf("keys: master key file: %w", errors.New("bad key encoding"))
	}
	return newMaster(key)
}

// Sealed values: 1 format byte, 1 id-length byte, the key id, a 12-byte
// nonce, then ciphertext and tag. aad binds the value to its use (e.g. the
// access key id a secret belongs to), so sealed values cannot be swapped.
const sealV1 = 1

// Seal encrypts plaintext bound to aad.
func (m *Master) Seal(plaintext, aad []byte) []byte {
	out := make([]byte, 0, 2+len(m.id)+m.aead.NonceSize()+len(plaintext)+m.aead.Overhead())
	out = append(out, sealV1, byte(len(m.id)))
	out = append(out, m.id...)
	nonce := make([]byte, m.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("keys: no randomness: " + err.Error())
	}
	out = append(out, nonce...)
	return m.aead.Seal(out, nonce, plaintext, aad)
}

// ErrOpen means a sealed value could not be opened: another key, tampering
// or the wrong aad.
var ErrOpen = errors.New("keys: cannot open sealed value")

// Open decrypts a value sealed with Seal.
func (m *Master) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < 2 || sealed[0] != sealV1 {
		return nil, ErrOpen
	}
	n := int(sealed[1])
	if len(sealed) < 2+n+m.aead.NonceSize() || string(sealed[2:2+n]) != m.id {
		return nil, ErrOpen
	}
	rest := sealed[2+n:]
	nonce, ct := rest[:m.aead.NonceSize()], rest[m.aead.NonceSize():]
	pt, err := m.aead.Open(nil, nonce, ct, aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}
