package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// NewSHA256Checker returns a reader of body that hashes what passes through
// it and, at EOF, returns XAmzContentSHA256Mismatch instead of io.EOF when
// the body's SHA-256 is not expectedHex (the x-amz-content-sha256 header).
// It does not buffer: callers must not commit what they read before EOF.
func NewSHA256Checker(body io.Reader, expectedHex string) io.Reader {
	return &sha256Checker{r: body, want: expectedHex, h: sha256.New()}
}

type sha256Checker struct {
	r    io.Reader
	want string
	h    hash.Hash
	err  error
}

func (c *sha256Checker) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF {
		var sum [sha256.Size]byte
		got := hex.EncodeToString(c.h.Sum(sum[:0]))
		if got != c.want {
			err = apierr.XAmzContentSHA256Mismatch.
				With("ClientComputedContentSHA256", c.want).
				With("S3ComputedContentSHA256", got)
		}
	}
	if err != nil {
		c.err = err
	}
	return n, err
}
