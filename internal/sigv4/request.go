package sigv4

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
)

// canonical describes one request to canonicalise. It is filled the same
// way by the verifier (from a server request) and the signer (from a
// client request), so both build byte-identical canonical requests.
type canonical struct {
	method   string
	path     string // URL.Path for S3; URL.EscapedPath() to encode twice
	rawQuery string
	host     string
	header   http.Header
	length   int64 // Content-Length, -1 if unknown
	transfer []string
	signed   []string // lower-case names, in the order they are signed
	payload  string
	presign  bool // leave X-Amz-Signature out of the query
}

func (c *canonical) appendTo(dst []byte) []byte {
	dst = append(dst, c.method...)
	dst = append(dst, '\n')
	dst = appendCanonicalPath(dst, c.path)
	dst = append(dst, '\n')
	dst = appendCanonicalQuery(dst, c.rawQuery, c.presign)
	dst = append(dst, '\n')
	for _, name := range c.signed {
		dst = append(dst, name...)
		dst = append(dst, ':')
		dst = c.appendHeaderValue(dst, name)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	for i, name := range c.signed {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, name...)
	}
	dst = append(dst, '\n')
	return append(dst, c.payload...)
}

// appendHeaderValue appends the canonical value of one signed header: every
// value trimmed, inner runs of spaces collapsed, values joined by commas.
// net/http moves Host, and Transfer-Encoding out of the header map, and a
// client request may carry its length only in ContentLength.
func (c *canonical) appendHeaderValue(dst []byte, name string) []byte {
	switch name {
	case "host":
		return appendTrimmed(dst, c.host)
	case "content-length":
		if _, ok := lookupHeader(c.header, name); !ok && c.length >= 0 {
			return strconv.AppendInt(dst, c.length, 10)
		}
	case "transfer-encoding":
		if _, ok := lookupHeader(c.header, name); !ok {
			return appendValues(dst, c.transfer)
		}
	}
	v, _ := lookupHeader(c.header, name)
	return appendValues(dst, v)
}

func appendValues(dst []byte, vals []string) []byte {
	for i, v := range vals {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendTrimmed(dst, v)
	}
	return dst
}

// appendTrimmed appends v without leading and trailing blanks and with
// every run of spaces inside it reduced to one.
func appendTrimmed(dst []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

// lookupHeader finds the values of a lower-case header name. The map is
// keyed by canonical names, built here in a stack buffer so that the lookup
// allocates nothing; keys net/http did not canonicalise are found by a scan.
func lookupHeader(h http.Header, lower string) ([]string, bool) {
	if len(lower) <= 128 {
		var buf [128]byte
		b := buf[:len(lower)]
		up := true
		for i := 0; i < len(lower); i++ {
			c := lower[i]
			if up && 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b[i] = c
			up = c == '-'
		}
		if v, ok := h[string(b)]; ok {
			return v, true
		}
	}
	for k, v := range h {
		if strings.EqualFold(k, lower) {
			return v, true
		}
	}
	return nil, false
}

// appendStringToSign appends the SigV4 string to sign of a canonical request.
func appendStringToSign(dst []byte, amzDate string, a *Auth, canonicalRequest []byte) []byte {
	sum := sha256.Sum256(canonicalRequest)
	dst = append(dst, AlgorithmV4...)
	dst = append(dst, '\n')
	dst = append(dst, amzDate...)
	dst = append(dst, '\n')
	dst = appendScope(dst, a)
	dst = append(dst, '\n')
	return appendHex(dst, sum[:])
}

// isS3 reports whether a signing name follows S3's rules: a required
// x-amz-content-sha256 and UNSIGNED-PAYLOAD for presigned URLs.
func isS3(service string) bool {
	switch service {
	case "s3", "s3-object-lambda", "s3-outposts", "s3express":
		return true
	}
	return false
}
