package audit

import (
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Record is one request.
type Record struct {
	Time      time.Time
	RequestID string
	Service   string // "s3", "s3-control", "ec2", ...
	Operation string // AWS's operation name
	// Principal is the caller's ARN, or "anonymous".
	Principal   string
	Account     string
	AccessKeyID string
	SourceIP    string
	// VpcEndpointID is the endpoint the request came through ("" for the
	// public listener).
	VpcEndpointID string
	Bucket        string
	Key           string
	// Decision is "Allow" or "Deny" once the authorizer was asked, else "".
	Decision   string
	Status     int
	ErrorCode  string
	Duration   time.Duration
	UserAgent  string
	RequestURI string // path and redacted query
}

// Sink receives records. Emit must be safe for concurrent use and must not
// keep r.
type Sink interface {
	Emit(r *Record)
}

// Discard drops records.
type Discard struct{}

// Emit does nothing.
func (Discard) Emit(*Record) {}

// JSONLines writes each record as one JSON object on its own line, with
// one Write call, so lines from concurrent requests never interleave.
type JSONLines struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// NewJSONLines writes to w.
func NewJSONLines(w io.Writer) *JSONLines { return &JSONLines{w: w} }

// Emit writes r. A failing writer loses the record; requests never fail
// because auditing did.
func (j *JSONLines) Emit(r *Record) {
	j.mu.Lock()
	j.buf = Append(j.buf[:0], r)
	j.buf = append(j.buf, '\n')
	j.w.Write(j.buf)
	j.mu.Unlock()
}

// Append appends r as a JSON object. Field names follow CloudTrail's
// where it has one.
func Append(b []byte, r *Record) []byte {
	b = append(b, `{"eventTime":"`...)
	b = r.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = field(b, "requestID", r.RequestID)
	b = field(b, "eventSource", r.Service)
	b = field(b, "eventName", r.Operation)
	b = field(b, "principal", r.Principal)
	b = field(b, "accountId", r.Account)
	b = field(b, "accessKeyId", r.AccessKeyID)
	b = field(b, "sourceIPAddress", r.SourceIP)
	b = field(b, "vpcEndpointId", r.VpcEndpointID)
	b = field(b, "bucket", r.Bucket)
	b = field(b, "key", r.Key)
	b = field(b, "decision", r.Decision)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = field(b, "errorCode", r.ErrorCode)
	b = append(b, `,"durationMs":`...)
	b = strconv.AppendFloat(b, float64(r.Duration.Microseconds())/1000, 'f', -1, 64)
	b = field(b, "userAgent", r.UserAgent)
	b = field(b, "requestURI", r.RequestURI)
	return append(b, '}')
}

// field appends a string member; empty values are left out.
func field(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, v)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

// secretParams are query parameters whose values are secrets or bearer
// material: signatures (a presigned URL is a credential until it
// expires), session tokens, SSE-C keys.
var secretParams = map[string]bool{
	"x-amz-signature": true, "signature": true, "x-amz-security-token": true,
	"x-amz-server-side-encryption-customer-key": true, "x-amz-copy-source-server-side-encryption-customer-key": true,
	// Query-protocol APIs (IAM, STS) may carry these in a GET's query.
	"password": true, "oldpassword": true, "newpassword": true, "privatekey": true,
	"samlassertion": true, "webidentitytoken": true, "tokencode": true,
}

// RedactQuery returns a raw query with secret parameter values replaced
// by "REDACTED"; other parameters are kept as sent.
func RedactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var sb strings.Builder
	redacted := false
	for i, part := range strings.Split(raw, "&") {
		if i > 0 {
			sb.WriteByte('&')
		}
		name, _, hasValue := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if hasValue && secretParams[strings.ToLower(name)] {
			sb.WriteString(part[:strings.IndexByte(part, '=')+1])
			sb.WriteString("REDACTED")
			redacted = true
			continue
		}
		sb.WriteString(part)
	}
	if !redacted {
		return raw
	}
	return sb.String()
}
