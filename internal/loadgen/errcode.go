package loadgen

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"
)

// maxCodeLen bounds what is accepted as an S3 error code; the longest AWS
// codes are under 50 characters.
const maxCodeLen = 64

// errorCode returns the first <Code> of an S3 XML error body, or "" when
// there is none. It searches bytes instead of decoding XML because it runs
// on every failed request and must stay cheap; a code that is not a plain
// identifier is treated as absent rather than trusted.
func errorCode(body []byte) string {
	_, rest, ok := bytes.Cut(body, []byte("<Code>"))
	if !ok {
		return ""
	}
	code, _, ok := bytes.Cut(rest, []byte("</Code>"))
	if !ok {
		return ""
	}
	code = bytes.TrimSpace(code)
	if len(code) == 0 || len(code) > maxCodeLen {
		return ""
	}
	for _, c := range code {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return ""
		}
	}
	return string(code)
}

// errKey groups failures: an HTTP status with the S3 code from the body, or
// status 0 with a transport error class.
type errKey struct {
	Status int
	Code   string
}

func (k errKey) String() string {
	switch {
	case k.Status == 0:
		return "transport: " + k.Code
	case k.Code == "":
		return strconv.Itoa(k.Status)
	}
	return strconv.Itoa(k.Status) + " " + k.Code
}

// errClass names a transport failure coarsely enough that failures of one
// cause land in one counter (messages carry addresses and ports).
func errClass(err error) string {
	var (
		netErr  net.Error
		certErr *tls.CertificateVerificationError
		uaErr   x509.UnknownAuthorityError
		recErr  tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "unexpected EOF"
	case errors.As(err, &certErr), errors.As(err, &uaErr):
		return "tls certificate"
	case errors.As(err, &recErr):
		return "tls handshake"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "dns"
	}
	return "other"
}
