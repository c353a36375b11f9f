package engine

import (
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
)

// ChecksumInput is the additional checksum a write asks for: a value from a
// header, a value that arrives in the aws-chunked trailer, or just an
// algorithm for the server to compute.
type ChecksumInput struct {
	Algorithm checksum.Algorithm
	Value     string
	// Trailer returns the trailing checksum value after the body's EOF.
	Trailer func() string
}

// received is a body that was read, hashed and verified: either inline data
// or a blob writer not yet committed.
type received struct {
	data   []byte
	blob   blobWriter
	size   int64
	md5    []byte
	sum    []byte // additional checksum digest
	alg    checksum.Algorithm
	sumB64 string
}

type blobWriter interface {
	io.Writer
	ID() string
	Commit() (string, error)
	Abort() error
}

// abort discards an uncommitted blob.
func (r *received) abort() {
	if r.blob != nil {
		r.blob.Abort()
		r.blob = nil
	}
}

// readAll reads exactly size bytes and then the end of the body, so that
// readers that verify at EOF (signed chunks, trailers, payload hashes) run
// their checks before anything is stored.
func readAll(body io.Reader, p []byte) error {
	if _, err := io.ReadFull(body, p); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return apierr.IncompleteBody
		}
		return err
	}
	return nil
}

func expectEOF(body io.Reader) error {
	var one [1]byte
	for {
		n, err := body.Read(one[:])
		if n > 0 {
			return apierr.IncompleteBody.WithMessage("The request body is longer than the Content-Length.")
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// receive reads a body of the given size into inline data (when small) or a
// new blob, computing MD5 and the additional checksum on the way, then checks
// Content-MD5 and the checksum. The caller commits or aborts r.blob.
func (e *Engine) receive(body io.Reader, size int64, contentMD5 string, ck ChecksumInput, inline bool, enc *dataEnc) (*received, error) {
	if size == UnknownSize {
		return e.receiveStream(body, contentMD5, ck, enc)
	}
	r := &received{size: size, alg: ck.Algorithm}
	h := checksum.NewHasher(ck.Algorithm)
	if inline {
		r.data = make([]byte, size)
		if err := readAll(body, r.data); err != nil {
			return nil, err
		}
		if err := expectEOF(body); err != nil {
			return nil, err
		}
		h.Write(r.data)
	} else {
		w, err := e.createBlob(enc)
		if err != nil {
			return nil, err
		}
		r.blob = w
		if err := e.stream(body, size, w, h); err != nil {
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

// stream copies size bytes into w while hashing. Large bodies hash the
// additional checksum on a second goroutine (Hasher.WriteConcurrent).
func (e *Engine) stream(body io.Reader, size int64, w io.Writer, h *checksum.Hasher) error {
	bp := e.getBuf()
	defer e.putBuf(bp)
	buf := *bp
	for left := size; left > 0; {
		n := int64(len(buf))
		if left < n {
			n = left
		}
		if err := readAll(body, buf[:n]); err != nil {
			return err
		}
		if err := hashAndWrite(h, w, buf[:n]); err != nil {
			return err
		}
		left -= n
	}
	return expectEOF(body)
}

func verifyDigests(r *received, contentMD5 string, ck ChecksumInput) error {
	if contentMD5 != "" {
		want, err := base64.StdEncoding.DecodeString(contentMD5)
		if err != nil || len(want) != md5.Size {
			return apierr.InvalidDigest
		}
		if string(want) != string(r.md5) {
			return apierr.BadDigest.With("ExpectedDigest", contentMD5).With("CalculatedDigest", base64.StdEncoding.EncodeToString(r.md5))
		}
	}
	if ck.Algorithm == checksum.None {
		return nil
	}
	value := ck.Value
	if value == "" && ck.Trailer != nil {
		// A declared trailer must carry a value: it is the only integrity
		// check of unsigned chunks.
		if value = ck.Trailer(); value == "" {
			return checksum.InvalidHeader(ck.Algorithm.HeaderName())
		}
	}
	if value == "" {
		return nil
	}
	return checksum.Verify(ck.Algorithm, value, r.sum)
}
