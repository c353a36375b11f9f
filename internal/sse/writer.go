package sse

import (
	"crypto/cipher"
	"errors"
	"io"
)

// Writer encrypts a stream. It holds at most one chunk: a full chunk is
// sealed as non-final only when more data arrives, so the last chunk
// (possibly full, possibly empty) is sealed as final at Close.
type Writer struct {
	dst    io.Writer
	aead   cipher.AEAD
	hdr    header
	aad    []byte
	buf    []byte // ChunkSize+TagSize; plaintext in buf[:n]
	n      int
	index  uint64
	nonce  [12]byte
	err    error
	closed bool
}

var errClosed = errors.New("sse: writer closed")

// NewWriter returns a Writer that encrypts to dst with key (32 bytes),
// binding id as the stream's identity. It writes the header at once.
func NewWriter(dst io.Writer, key, id []byte) (*Writer, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	w := &Writer{dst: dst, aead: aead, hdr: newHeader(), buf: make([]byte, ChunkSize+TagSize)}
	w.aad = w.hdr.aad(id)
	if _, err := dst.Write(w.hdr[:]); err != nil {
		return nil, err
	}
	return w, nil
}

// Write implements io.Writer.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return 0, errClosed
	}
	written := 0
	for len(p) > 0 {
		if w.n == ChunkSize {
			// More data follows, so the buffered chunk is not the last.
			if err := w.seal(false); err != nil {
				return written, err
			}
		}
		c := copy(w.buf[w.n:ChunkSize], p)
		w.n += c
		p = p[c:]
		written += c
	}
	return written, nil
}

func (w *Writer) seal(final bool) error {
	if w.index >= maxChunks {
		w.err = errors.New("sse: stream too long")
		return w.err
	}
	w.hdr.nonce(&w.nonce, w.index, final)
	out := w.aead.Seal(w.buf[:0], w.nonce[:], w.buf[:w.n], w.aad)
	if _, err := w.dst.Write(out); err != nil {
		w.err = err
		return err
	}
	w.index++
	w.n = 0
	return nil
}

// Close seals the final chunk. It does not close dst.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	w.closed = true
	return w.seal(true)
}
