package sigv4

import (
	"net/http"
	"strings"
	"time"
)

// Version is the signature version of a request.
type Version int

// Kind says where a request carries its signature.
type Kind int

const (
	// KindNone is an unsigned (anonymous) request.
	KindNone Kind = iota
	// KindHeader is signed in the Authorization header.
	KindHeader
	// KindQuery is a presigned URL.
	KindQuery
)

// Wire names and fixed strings of the protocol.
const (
	AlgorithmV4   = "AWS4-HMAC-SHA256"
	algorithmV4a  = "AWS4-ECDSA-P256-SHA256"
	terminator    = "aws4_request"
	iso8601Basic  = "20060102T150405Z"
	serverTimeFmt = "2006-01-02T15:04:05Z"

	// MaxPresignExpires is the longest X-Amz-Expires AWS accepts.
	MaxPresignExpires = 7 * 24 * time.Hour
	// DefaultMaxSkew is how far a header-signed request's time may be from now.
	DefaultMaxSkew = 15 * time.Minute
)

// Auth is what a request claims about its signature, parsed without any
// secret. Verify it with VerifyV4 or VerifyV2.
type Auth struct {
	Version Version // 2 or 4; 0 for an anonymous request
	Kind    Kind

	AccessKeyID string
	// Date, Region and Service are the credential scope (V4 only); Date is
	// the scope's YYYYMMDD string.
	Date, Region, Service string
	// SignedHeaders are the lower-cased names the client signed (V4).
	SignedHeaders []string
	// Signature is hex (V4) or base64 (V2), as the client sent it.
	Signature string
	// RequestTime is X-Amz-Date (or Date) of the request. ParseAuthorizationHeader
	// cannot see headers and leaves it zero; ParseRequest and ParseQuery fill it.
	RequestTime time.Time
	// Expires is X-Amz-Expires of a V4 presigned URL.
	Expires time.Duration
	// ExpiresAt is the Expires parameter of a V2 presigned URL.
	ExpiresAt time.Time
	// SecurityToken is X-Amz-Security-Token (query or header), if any.
	SecurityToken string

	// amzDate is the raw timestamp that goes into the string to sign.
	amzDate string
	// terminal is the scope's last element, checked against aws4_request
	// when verifying; "" (an Auth built by hand) counts as aws4_request.
	terminal string
}

// Anonymous reports whether the request carried no signature at all.
func (a *Auth) Anonymous() bool { return a.Kind == KindNone }

// Scope is the credential scope "date/region/service/aws4_request".
func (a *Auth) Scope() string {
	return string(appendScope(nil, a))
}

// Timestamp is the raw request timestamp that is signed (X-Amz-Date), once
// known from ParseRequest, ParseQuery or VerifyV4.
func (a *Auth) Timestamp() string { return a.amzDate }

func appendScope(b []byte, a *Auth) []byte {
	b = append(b, a.Date...)
	b = append(b, '/')
	b = append(b, a.Region...)
	b = append(b, '/')
	b = append(b, a.Service...)
	b = append(b, '/')
	return append(b, terminator...)
}

// ParseRequest finds the signature of r wherever it is (Authorization
// header or presigned query) and parses it. An unsigned request yields an
// Auth with Kind KindNone and a nil error. Sending both forms is refused,
// as S3 does.
func ParseRequest(r *http.Request) (Auth, error) {
	h, hasHeader := r.Header["Authorization"]
	q := r.URL.RawQuery
	inQuery := strings.Contains(q, "X-Amz-") || strings.Contains(q, "Signature=") || strings.Contains(q, "AWSAccessKeyId=")
	if inQuery {
		a, err := parseQuery(func(k string) (string, bool) { return rawQueryGet(q, k) })
		if err != nil {
			return Auth{}, err
		}
		if a.Kind == KindQuery {
			if hasHeader {
				return Auth{}, errBothAuth()
			}
			if a.SecurityToken == "" {
				a.SecurityToken = r.Header.Get("X-Amz-Security-Token")
			}
			return a, nil
		}
	}
	if !hasHeader || len(h) == 0 {
		return Auth{}, nil
	}
	a, err := ParseAuthorizationHeader(h[0])
	if err != nil {
		return Auth{}, err
	}
	if err := fillHeaderTime(r, &a); err != nil {
		return Auth{}, err
	}
	a.SecurityToken = r.Header.Get("X-Amz-Security-Token")
	return a, nil
}

// fillHeaderTime reads the request time of a header-signed request: V4
// prefers X-Amz-Date (basic ISO 8601), both versions fall back to Date.
func fillHeaderTime(r *http.Request, a *Auth) error {
	if v := headerValue(r.Header, "X-Amz-Date"); v != "" {
		if a.Version == 2 {
			t, err := parseHTTPDate(v)
			if err != nil {
				return errNoDate()
			}
			a.RequestTime, a.amzDate = t.UTC(), v
			return nil
		}
		t, err := time.Parse(iso8601Basic, v)
		if err != nil {
			return errNoDate()
		}
		a.RequestTime, a.amzDate = t, v
		return nil
	}
	v := headerValue(r.Header, "Date")
	if v == "" {
		return errNoDate()
	}
	t, err := parseHTTPDate(v)
	if err != nil {
		return errNoDate()
	}
	a.RequestTime = t.UTC()
	if a.Version == 2 {
		a.amzDate = v
	} else {
		a.amzDate = a.RequestTime.Format(iso8601Basic)
	}
	return nil
}

// headerValue is Header.Get for a name already in canonical form, without
// the canonicalisation cost.
func headerValue(h http.Header, canonicalName string) string {
	if v := h[canonicalName]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseHTTPDate accepts the HTTP date formats, plus RFC 1123 with a numeric
// zone ("+0000"), which SigV2 clients and AWS's own examples use.
func parseHTTPDate(v string) (time.Time, error) {
	if t, err := http.ParseTime(v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC1123Z, v)
}
