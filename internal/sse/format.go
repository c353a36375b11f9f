package sse

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
)

// Format constants of version 1.
const (
	Version    = 1
	HeaderSize = 16
	TagSize    = 16
	// ChunkShift gives the plaintext chunk size, 64 KiB: large enough that
	// GCM's per-call cost vanishes, small enough that a range read wastes
	// little.
	ChunkShift = 16
	ChunkSize  = 1 << ChunkShift
	KeySize    = 32
	prefixSize = 7
	// maxChunks keeps the chunk index within the nonce's 32 bits.
	maxChunks = 1 << 32
)

// ErrAuth means the stream failed authentication: wrong key or id,
// tampering, reordering or truncation. Callers must not use any data read
// before it.
var ErrAuth = errors.New("sse: encrypted data failed authentication")

// ErrFormat means the stream is not a stream of a version this package
// knows.
var ErrFormat = errors.New("sse: unknown encrypted data format")

var errKeySize = errors.New("sse: key must be 32 bytes")

// NewKey returns a fresh random 256-bit data key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	mustRandom(k)
	return k
}

func mustRandom(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("sse: no randomness: " + err.Error())
	}
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, errKeySize
	}
	blk, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

// header is a parsed stream header.
type header [HeaderSize]byte

func newHeader() header {
	var h header
	h[0] = Version
	h[1] = ChunkShift
	mustRandom(h[2 : 2+prefixSize])
	return h
}

func parseHeader(b []byte) (header, error) {
	var h header
	if len(b) < HeaderSize {
		return h, ErrAuth
	}
	copy(h[:], b)
	if h[0] != Version {
		return h, ErrFormat
	}
	if h[1] != ChunkShift {
		return h, ErrFormat
	}
	for _, z := range h[2+prefixSize:] {
		if z != 0 {
			return h, ErrFormat
		}
	}
	return h, nil
}

func (h *header) nonce(dst *[12]byte, index uint64, final bool) {
	copy(dst[:prefixSize], h[2:2+prefixSize])
	binary.BigEndian.PutUint32(dst[prefixSize:], uint32(index))
	dst[11] = 0
	if final {
		dst[11] = 1
	}
}

// aad is the associated data of every chunk: the header and the id.
func (h *header) aad(id []byte) []byte {
	a := make([]byte, 0, HeaderSize+len(id))
	a = append(a, h[:]...)
	return append(a, id...)
}

// Chunks is the number of chunks of a plaintext of size bytes.
func Chunks(size int64) int64 {
	if size <= 0 {
		return 1
	}
	return (size + ChunkSize - 1) / ChunkSize
}

// EncryptedSize is the stream length for a plaintext of size bytes.
func EncryptedSize(size int64) int64 {
	return HeaderSize + size + Chunks(size)*TagSize
}

// chunkOffset is where chunk i starts in the stream.
func chunkOffset(i int64) int64 {
	return HeaderSize + i*(ChunkSize+TagSize)
}
