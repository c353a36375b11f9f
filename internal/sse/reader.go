package sse

import (
	"bytes"
	"crypto/cipher"
	"io"
)

// rangeReader decrypts the chunks of [start, start+length) of a stream
// whose plaintext size is known, reading each chunk with one ReadAt.
type rangeReader struct {
	src     io.ReaderAt
	aead    cipher.AEAD
	hdr     header
	aad     []byte
	size    int64
	chunks  int64
	next    int64 // next chunk to decrypt
	skip    int   // bytes to drop from the next chunk's plaintext
	left    int64 // plaintext bytes still to return
	buf     []byte
	plain   []byte // decrypted bytes not yet returned
	nonce   [12]byte
	err     error
	started bool
}

// NewRangeReader returns a reader of length plaintext bytes from offset
// start of the stream in src, whose plaintext is size bytes long. Only the
// chunks covering the range are read and authenticated; any failure is
// ErrAuth (or ErrFormat, or src's error) and no unauthenticated byte is
// ever returned.
func NewRangeReader(src io.ReaderAt, size int64, key, id []byte, start, length int64) (io.Reader, error) {
	if start < 0 || length < 0 || start+length > size {
		return nil, io.ErrUnexpectedEOF
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	r := &rangeReader{src: src, aead: aead, size: size, chunks: Chunks(size), left: length,
		next: start / ChunkSize, skip: int(start % ChunkSize)}
	var h [HeaderSize]byte
	if _, err := src.ReadAt(h[:], 0); err != nil {
		return nil, authErr(err)
	}
	if r.hdr, err = parseHeader(h[:]); err != nil {
		return nil, err
	}
	r.aad = r.hdr.aad(id)
	return r, nil
}

// authErr turns a short stream into an authentication failure: a
// truncated stream is tampering, not an ordinary EOF.
func authErr(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrAuth
	}
	return err
}

// checkEmpty authenticates the one empty chunk of an empty object, so that
// even reading nothing from a damaged stream fails.
func (r *rangeReader) checkEmpty() {
	if !r.started && r.size == 0 && r.err == nil {
		r.err = r.fill()
	}
	r.started = true
}

func (r *rangeReader) Read(p []byte) (int, error) {
	r.checkEmpty()
	if r.err != nil {
		return 0, r.err
	}
	if len(r.plain) == 0 {
		if r.left == 0 {
			return 0, io.EOF
		}
		if err := r.fill(); err != nil {
			r.err = err
			return 0, err
		}
	}
	n := copy(p, r.plain)
	if int64(n) > r.left {
		n = int(r.left)
	}
	r.plain = r.plain[n:]
	r.left -= int64(n)
	if r.left == 0 {
		r.plain = nil
	}
	return n, nil
}

// WriteTo decrypts straight into w, chunk by chunk, sparing io.Copy a
// buffer.
func (r *rangeReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	r.checkEmpty()
	for {
		if r.err != nil {
			return total, r.err
		}
		if r.left == 0 {
			return total, nil
		}
		if len(r.plain) == 0 {
			if err := r.fill(); err != nil {
				r.err = err
				return total, err
			}
		}
		p := r.plain
		if int64(len(p)) > r.left {
			p = p[:r.left]
		}
		n, err := w.Write(p)
		total += int64(n)
		r.plain = r.plain[n:]
		r.left -= int64(n)
		if err != nil {
			r.err = err
			return total, err
		}
	}
}

// fill decrypts the next chunk into r.plain.
func (r *rangeReader) fill() error {
	if r.next >= r.chunks {
		return ErrAuth
	}
	if r.buf == nil {
		// Small objects get a buffer of their own size, not a chunk's.
		r.buf = make([]byte, min(r.size, ChunkSize)+TagSize)
	}
	final := r.next == r.chunks-1
	plainLen := int64(ChunkSize)
	if final {
		plainLen = r.size - r.next*ChunkSize
	}
	ct := r.buf[:plainLen+TagSize]
	if _, err := r.src.ReadAt(ct, chunkOffset(r.next)); err != nil {
		return authErr(err)
	}
	r.hdr.nonce(&r.nonce, uint64(r.next), final)
	pt, err := r.aead.Open(ct[:0], r.nonce[:], ct, r.aad)
	if err != nil {
		return ErrAuth
	}
	r.next++
	r.plain = pt[r.skip:]
	r.skip = 0
	return nil
}

// streamReader decrypts a whole stream read sequentially, when its
// plaintext size is not known in advance.
type streamReader struct {
	src   io.Reader
	aead  cipher.AEAD
	hdr   header
	aad   []byte
	buf   []byte // holds up to one chunk plus one lookahead byte
	have  int
	index uint64
	plain []byte
	nonce [12]byte
	done  bool
	err   error
}

// NewReader returns a reader of the whole plaintext of the stream read from
// src. It fails with ErrAuth on any tampering, including truncation and
// trailing data, and returns no byte of a chunk before authenticating it.
func NewReader(src io.Reader, key, id []byte) (io.Reader, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	var h [HeaderSize]byte
	if _, err := io.ReadFull(src, h[:]); err != nil {
		return nil, authErr(err)
	}
	r := &streamReader{src: src, aead: aead, buf: make([]byte, ChunkSize+TagSize+1)}
	if r.hdr, err = parseHeader(h[:]); err != nil {
		return nil, err
	}
	r.aad = r.hdr.aad(id)
	return r, nil
}

func (r *streamReader) Read(p []byte) (int, error) {
	for len(r.plain) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.done {
			return 0, io.EOF
		}
		r.err = r.next()
	}
	n := copy(p, r.plain)
	r.plain = r.plain[n:]
	return n, nil
}

// next reads one sealed chunk plus one byte of lookahead: a full chunk
// followed by more data is not final, anything else must be.
func (r *streamReader) next() error {
	n, err := io.ReadFull(r.src, r.buf[r.have:])
	r.have += n
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	final := r.have <= ChunkSize+TagSize
	clen := r.have
	if !final {
		clen = ChunkSize + TagSize
	}
	if clen < TagSize {
		return ErrAuth
	}
	if r.index >= maxChunks {
		return ErrAuth
	}
	r.hdr.nonce(&r.nonce, r.index, final)
	pt, oerr := r.aead.Open(nil, r.nonce[:], r.buf[:clen], r.aad)
	if oerr != nil {
		return ErrAuth
	}
	r.index++
	// Keep the lookahead byte for the next chunk.
	rest := copy(r.buf, r.buf[clen:r.have])
	r.have = rest
	r.plain = pt
	if final {
		r.done = true
	}
	if len(pt) == 0 && final {
		r.plain = nil
	}
	return nil
}

// Decrypt opens a whole in-memory stream (small objects).
func Decrypt(stream, key, id []byte) ([]byte, error) {
	size := plainSize(len(stream))
	if size < 0 {
		return nil, ErrAuth
	}
	r, err := NewRangeReader(bytes.NewReader(stream), size, key, id, 0, size)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, size)
	buf := bytes.NewBuffer(out)
	if _, err := io.Copy(buf, r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plainSize inverts EncryptedSize; -1 when n is no valid stream length.
func plainSize(n int) int64 {
	body := int64(n) - HeaderSize
	if body < TagSize {
		return -1
	}
	full := body / (ChunkSize + TagSize)
	rem := body % (ChunkSize + TagSize)
	if rem == 0 {
		// The last chunk is full.
		return full * ChunkSize
	}
	if rem < TagSize {
		return -1
	}
	return full*ChunkSize + rem - TagSize
}

// Encrypt seals a whole in-memory plaintext (small objects) in one
// allocation: the same stream a Writer produces, sealed chunk by chunk
// straight into the output.
func Encrypt(plain, key, id []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	hdr := newHeader()
	aad := hdr.aad(id)
	out := make([]byte, 0, EncryptedSize(int64(len(plain))))
	out = append(out, hdr[:]...)
	var nonce [12]byte
	for i := uint64(0); ; i++ {
		n := min(len(plain), ChunkSize)
		final := n == len(plain)
		hdr.nonce(&nonce, i, final)
		out = aead.Seal(out, nonce[:], plain[:n], aad)
		plain = plain[n:]
		if final {
			return out, nil
		}
	}
}
