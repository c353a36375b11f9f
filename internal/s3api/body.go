package s3api

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
)

// maxConfigBody bounds the XML bodies of configuration and batch requests
// (DeleteObjects with 1000 keys of 1024 bytes fits).
const maxConfigBody = 2 << 20

// smallBody reads a request body that S3 parses whole (XML documents), up to
// limit, and verifies its Content-MD5 and additional checksum, so a
// corrupted document is refused before it is interpreted.
func (c *call) smallBody(limit int64) (io.Reader, error) {
	data, err := c.readBody(limit)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(data), nil
}

// readBody is smallBody returning the bytes. The body is read once: the
// authorization stage may read it for condition keys before the handler.
func (c *call) readBody(limit int64) ([]byte, error) {
	if c.bodyRead {
		return c.bodyData, c.bodyErr
	}
	c.bodyRead = true
	c.bodyData, c.bodyErr = c.readBodyOnce(limit)
	return c.bodyData, c.bodyErr
}

func (c *call) readBodyOnce(limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(c.auth.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, apierr.MaxMessageLengthExceeded
	}
	if v := c.r.Header.Get("Content-Md5"); v != "" {
		want, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(want) != md5.Size {
			return nil, apierr.InvalidDigest
		}
		if sum := md5.Sum(data); !bytes.Equal(sum[:], want) {
			return nil, apierr.BadDigest
		}
	}
	ck, err := c.requestChecksum()
	if err != nil {
		return nil, err
	}
	if ck.Algorithm != checksum.None {
		value := ck.Value
		if value == "" && ck.Trailer != nil {
			if value = ck.Trailer(); value == "" {
				return nil, checksum.InvalidHeader(ck.Algorithm.HeaderName())
			}
		}
		if value != "" {
			h := ck.Algorithm.New()
			h.Write(data)
			if err := checksum.Verify(ck.Algorithm, value, h.Sum(nil)); err != nil {
				return nil, err
			}
		}
	}
	return data, nil
}
