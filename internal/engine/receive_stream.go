package engine

import (
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
)

// UnknownSize is the PutInput.Size of a body whose length is known only at
// its end (the file part of a browser POST form, which has no length of its
// own). Such a body is read to EOF, at most MaxPutSize bytes.
const UnknownSize = -1

// receiveStream is receive for a body of unknown size: up to inlineMax
// bytes it stays inline, beyond that it streams into a blob. The body's
// errors (including those it raises instead of EOF to refuse its content)
// abort the write.
func (e *Engine) receiveStream(body io.Reader, contentMD5 string, ck ChecksumInput, enc *dataEnc) (*received, error) {
	r := &received{alg: ck.Algorithm}
	h := checksum.NewHasher(ck.Algorithm)
	head := make([]byte, e.inlineMax+1)
	n, err := fill(body, head)
	switch {
	case err == io.EOF:
		r.data, r.size = head[:n], int64(n)
		h.Write(r.data)
	case err != nil:
		return nil, err
	default:
		w, err := e.createBlob(enc)
		if err != nil {
			return nil, err
		}
		r.blob = w
		if r.size, err = e.streamRest(io.MultiReader(bytesReader(head), body), w, h); err != nil {
			r.abort()
			return nil, err
		}
	}
	r.md5 = h.MD5()
	if ck.Algorithm != checksum.None {
		r.sum = h.Sum()
		r.sumB64 = checksum.Encode(r.sum)
	}
	if err := verifyDigests(r, contentMD5, ck); err != nil {
		r.abort()
		return nil, err
	}
	return r, r.sealInline(enc)
}

// streamRest copies body to EOF into w while hashing, refusing more than
// MaxPutSize bytes.
func (e *Engine) streamRest(body io.Reader, w io.Writer, h *checksum.Hasher) (int64, error) {
	bp := e.getBuf()
	defer e.putBuf(bp)
	buf := *bp
	var total int64
	for {
		n, err := fill(body, buf)
		if n > 0 {
			total += int64(n)
			if total > MaxPutSize {
				return 0, apierr.EntityTooLarge.With("MaxSizeAllowed", itoa(MaxPutSize))
			}
			h.WriteConcurrent(buf[:n])
			if _, werr := w.Write(buf[:n]); werr != nil {
				return 0, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// fill reads until p is full or the body ends. Unlike io.ReadFull it keeps
// the body's own errors apart from its end: only io.EOF ends the data.
func fill(body io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := body.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

type byteSliceReader struct{ b []byte }

func bytesReader(b []byte) io.Reader { return &byteSliceReader{b} }

func (r *byteSliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}
