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

// Master is the server's master key ring: one or more 256-bit keys, each
// with a short public id. The newest key (the file's last) seals; every
// key opens what it sealed, so a rotation can add a key first and re-wrap
// stored values afterwards.
type Master struct {
	ring   []masterKey // oldest first
	byID   map[string]cipher.AEAD
	newest *masterKey
}

type masterKey struct {
	id   string
	raw  []byte
	aead cipher.AEAD
}

const fileHeader = "coffer-master-key v1"

// ID is the id of the key that seals (derived from the key, safe to log).
func (m *Master) ID() string { return m.newest.id }

// IDs lists the ids of every key of the ring, oldest first.
func (m *Master) IDs() []string {
	out := make([]string, len(m.ring))
	for i, k := range m.ring {
		out[i] = k.id
	}
	return out
}

func newKey(raw []byte) (masterKey, error) {
	if len(raw) != 32 {
		return masterKey{}, errors.New("keys: master key must be 32 bytes")
	}
	blk, err := aes.NewCipher(raw)
	if err != nil {
		return masterKey{}, err
	}
	aead, err := cipher.NewGCM(blk)
	if err != nil {
		return masterKey{}, err
	}
	sum := sha256.Sum256(append([]byte("coffer-key-id:"), raw...))
	return masterKey{id: hex.EncodeToString(sum[:6]), raw: raw, aead: aead}, nil
}

func newRing(raws [][]byte) (*Master, error) {
	if len(raws) == 0 {
		return nil, errors.New("keys: master key file has no key")
	}
	m := &Master{byID: map[string]cipher.AEAD{}}
	for _, raw := range raws {
		k, err := newKey(raw)
		if err != nil {
			return nil, err
		}
		if _, dup := m.byID[k.id]; dup {
			return nil, errors.New("keys: master key file holds the same key twice")
		}
		m.ring = append(m.ring, k)
		m.byID[k.id] = k.aead
	}
	m.newest = &m.ring[len(m.ring)-1]
	return m, nil
}

func randomKey() []byte {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic("keys: no randomness: " + err.Error())
	}
	return key
}

// LoadOrCreate reads the master key file at path, or creates it (mode 0600)
// with a new random key when it does not exist.
func LoadOrCreate(path string) (m *Master, created bool, err error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := randomKey()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, err
		}
		if err := writeFile(path, [][]byte{key}, true); err != nil {
			return nil, false, err
		}
		m, err := newRing([][]byte{key})
		return m, true, err
	}
	if err != nil {
		return nil, false, err
	}
	m, err = parseFile(raw)
	return m, false, err
}

// Load reads an existing master key file.
func Load(path string) (*Master, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseFile(raw)
}

func parseFile(raw []byte) (*Master, error) {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != fileHeader {
		return nil, errors.New("keys: not a coffer master key file")
	}
	var raws [][]byte
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, err := base64.StdEncoding.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("keys: master key file: %w", errors.New("bad key encoding"))
		}
		raws = append(raws, key)
	}
	return newRing(raws)
}

// writeFile writes a key file: exclusively when create, else through a
// synced temporary file renamed over the old one, so a crash leaves the old
// file or the new one.
func writeFile(path string, keys [][]byte, create bool) error {
	var b strings.Builder
	b.WriteString(fileHeader + "\n")
	for _, k := range keys {
		b.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	}
	target := path
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if !create {
		target = path + ".new"
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(target, flags, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if create {
		return nil
	}
	if err := os.Rename(target, path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// AddKey appends a new random key to the ring in the key file; it becomes
// the sealing key. Old keys stay until RetireOld.
func AddKey(path string) (*Master, error) {
	m, err := Load(path)
	if err != nil {
		return nil, err
	}
	raws := m.raws()
	raws = append(raws, randomKey())
	if err := writeFile(path, raws, false); err != nil {
		return nil, err
	}
	return newRing(raws)
}

// RetireOld rewrites the key file with only its newest key. Call it only
// once every stored value sealed by an older key has been re-wrapped.
func RetireOld(path string) (*Master, error) {
	m, err := Load(path)
	if err != nil {
		return nil, err
	}
	raws := [][]byte{m.newest.raw}
	if err := writeFile(path, raws, false); err != nil {
		return nil, err
	}
	return newRing(raws)
}

func (m *Master) raws() [][]byte {
	out := make([][]byte, len(m.ring))
	for i, k := range m.ring {
		out[i] = k.raw
	}
	return out
}
