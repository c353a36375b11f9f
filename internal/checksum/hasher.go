package checksum

import (
	"crypto/md5"
	"encoding/base64"
	"hash"
	"io"
	"sync"
)

// minConcurrentWrite is the smallest write that WriteConcurrent splits over
// two goroutines; below it the goroutine hand-off costs more than it saves.
const minConcurrentWrite = 16 << 10

// Hasher computes an object's MD5 (its ETag) and, optionally, one additional
// checksum over the same bytes. Write feeds both hashes in turn on the
// caller's goroutine; WriteConcurrent feeds the additional checksum on a
// second goroutine while MD5 runs on the caller's, which pays off for large
// writes when a spare core is available (see the package benchmarks). The
// two methods may be mixed. A Hasher is not safe for concurrent use.
type Hasher struct {
	md5 hash.Hash
	sum hash.Hash // nil when alg is None
	alg Algorithm
	n   int64
}

// NewHasher returns a Hasher for MD5 plus alg; alg may be None.
func NewHasher(alg Algorithm) *Hasher {
	return &Hasher{md5: md5.New(), sum: alg.New(), alg: alg}
}

// Algorithm returns the additional algorithm, or None.
func (h *Hasher) Algorithm() Algorithm { return h.alg }

// Written returns the number of bytes hashed so far.
func (h *Hasher) Written() int64 { return h.n }

// Write hashes p with both hashes on the calling goroutine. It never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	h.md5.Write(p)
	if h.sum != nil {
		h.sum.Write(p)
	}
	h.n += int64(len(p))
	return len(p), nil
}

// WriteConcurrent hashes p like Write but runs the additional checksum on
// another goroutine, returning only when both hashes have consumed p, so
// the caller may reuse p afterwards. Small writes, and algorithms that are
// far faster than MD5 (the hardware CRC32s), go the serial path.
func (h *Hasher) WriteConcurrent(p []byte) (int, error) {
	if h.sum == nil || len(p) < minConcurrentWrite || h.alg == CRC32 || h.alg == CRC32C {
		return h.Write(p)
	}
	var wg sync.WaitGroup
	wg.Go(func() { h.sum.Write(p) })
	h.md5.Write(p)
	wg.Wait()
	h.n += int64(len(p))
	return len(p), nil
}

// Concurrent returns an io.Writer whose Write is h.WriteConcurrent, for use
// with io.Copy and friends.
func (h *Hasher) Concurrent() io.Writer { return concurrentWriter{h} }

type concurrentWriter struct{ h *Hasher }

func (w concurrentWriter) Write(p []byte) (int, error) { return w.h.WriteConcurrent(p) }

// MD5 returns the raw MD5 digest of the bytes written so far.
func (h *Hasher) MD5() []byte { return h.md5.Sum(nil) }

// Sum returns the raw digest of the additional checksum, or nil for None.
func (h *Hasher) Sum() []byte {
	if h.sum == nil {
		return nil
	}
	return h.sum.Sum(nil)
}

// Checksum returns the additional checksum in its wire form (base64), or
// "" for None.
func (h *Hasher) Checksum() string {
	if h.sum == nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(h.sum.Sum(nil))
}

// Reset clears both hashes so the Hasher can be reused.
func (h *Hasher) Reset() {
	h.md5.Reset()
	if h.sum != nil {
		h.sum.Reset()
	}
	h.n = 0
}
