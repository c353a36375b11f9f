package sigv4

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// ParseAuthorizationHeader parses an Authorization header value: SigV4
// ("AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...",
// components in any order, separated by commas with optional spaces) or
// SigV2 ("AWS AKID:signature"). SigV4a is recognised only to be refused with
// NotImplemented. RequestTime is left zero: it lives in other headers.
func ParseAuthorizationHeader(h string) (Auth, error) {
	switch {
	case hasWord(h, AlgorithmV4):
		return parseV4Header(h[len(AlgorithmV4):])
	case hasWord(h, algorithmV4a):
		return Auth{}, errSigV4a()
	case strings.HasPrefix(h, "AWS "):
		return parseV2Header(h[len("AWS "):])
	}
	return Auth{}, errUnsupportedAuth(h)
}

// hasWord reports whether s starts with w followed by a space or nothing.
func hasWord(s, w string) bool {
	return strings.HasPrefix(s, w) && (len(s) == len(w) || s[len(w)] == ' ')
}

func parseV4Header(s string) (Auth, error) {
	a := Auth{Version: 4, Kind: KindHeader}
	var cred, signed, sig string
	var seen [3]bool
	for s != "" {
		var c string
		c, s, _ = strings.Cut(s, ",")
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		name, value, ok := strings.Cut(c, "=")
		if !ok || value == "" {
			return Auth{}, errComponent(c)
		}
		var i int
		switch name {
		case "Credential":
			i, cred = 0, value
		case "SignedHeaders":
			i, signed = 1, value
		case "Signature":
			i, sig = 2, value
		default:
			return Auth{}, errComponent(c)
		}
		if seen[i] {
			return Auth{}, errComponent(c)
		}
		seen[i] = true
	}
	if !seen[0] || !seen[1] || !seen[2] {
		return Auth{}, errMissingComponents()
	}
	if !parseCredential(&a, cred) {
		return Auth{}, errCredentialShape(KindHeader)
	}
	names, ok := splitSignedHeaders(signed)
	if !ok {
		return Auth{}, errComponent("SignedHeaders=" + signed)
	}
	a.SignedHeaders = names
	a.Signature = sig
	return a, nil
}

// parseCredential splits "AKID/date/region/service/terminator". The
// terminator is checked later, with the scope, to give AWS's message.
func parseCredential(a *Auth, cred string) bool {
	var parts [5]string
	for i := 0; i < 4; i++ {
		var ok bool
		parts[i], cred, ok = strings.Cut(cred, "/")
		if !ok || parts[i] == "" {
			return false
		}
	}
	if cred == "" || strings.IndexByte(cred, '/') >= 0 {
		return false
	}
	a.AccessKeyID, a.Date, a.Region, a.Service, a.terminal = parts[0], parts[1], parts[2], parts[3], cred
	return true
}

// splitSignedHeaders splits "host;x-amz-date" into lower-case names, in
// one allocation.
func splitSignedHeaders(s string) ([]string, bool) {
	if s == "" || s[len(s)-1] == ';' {
		return nil, false
	}
	names := make([]string, 0, strings.Count(s, ";")+1)
	for s != "" {
		var n string
		n, s, _ = strings.Cut(s, ";")
		if n == "" {
			return nil, false
		}
		names = append(names, lowerASCII(n))
	}
	return names, true
}

// lowerASCII lower-cases the ASCII letters of a header name and leaves
// every other byte alone (strings.ToLower would rewrite invalid UTF-8).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func parseV2Header(s string) (Auth, error) {
	akid, sig, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || akid == "" || sig == "" {
		return Auth{}, apierr.InvalidArgument.WithMessage("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature").
			With("ArgumentName", "Authorization").With("ArgumentValue", "AWS "+s)
	}
	return Auth{Version: 2, Kind: KindHeader, AccessKeyID: akid, Signature: sig}, nil
}

// ParseQuery parses the authentication parameters of a presigned URL, V4
// (X-Amz-*) or V2 (AWSAccessKeyId, Expires, Signature). A query without
// them yields Kind KindNone and a nil error.
func ParseQuery(q url.Values) (Auth, error) {
	return parseQuery(func(k string) (string, bool) {
		v, ok := q[k]
		if len(v) == 0 {
			return "", ok
		}
		return v[0], true
	})
}

// parseQuery works on a parameter lookup so that ParseRequest can read the
// raw query without building a url.Values map per request.
func parseQuery(get func(string) (string, bool)) (Auth, error) {
	has := func(k string) bool { _, ok := get(k); return ok }
	value := func(k string) string { v, _ := get(k); return v }
	if has("X-Amz-Algorithm") || has("X-Amz-Credential") || has("X-Amz-Signature") {
		return parseV4Query(value)
	}
	if has("AWSAccessKeyId") || has("Signature") {
		return parseV2Query(value)
	}
	return Auth{}, nil
}

// rawQueryGet finds the first well-formed occurrence of a parameter in a
// raw query, unescaped as url.ParseQuery would.
func rawQueryGet(raw, name string) (string, bool) {
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(seg, "=")
		if k != name {
			if !strings.ContainsAny(k, "%+") {
				continue
			}
			if uk, err := url.QueryUnescape(k); err != nil || uk != name {
				continue
			}
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			return uv, true
		}
	}
	return "", false
}

func parseV4Query(get func(string) string) (Auth, error) {
	alg := get("X-Amz-Algorithm")
	if alg == algorithmV4a {
		return Auth{}, errSigV4a()
	}
	cred, date, expires := get("X-Amz-Credential"), get("X-Amz-Date"), get("X-Amz-Expires")
	signed, sig := get("X-Amz-SignedHeaders"), get("X-Amz-Signature")
	if alg == "" || cred == "" || date == "" || expires == "" || signed == "" || sig == "" {
		return Auth{}, errQueryParams()
	}
	if alg != AlgorithmV4 {
		return Auth{}, errQuery(`X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"`)
	}
	a := Auth{Version: 4, Kind: KindQuery, Signature: sig, SecurityToken: get("X-Amz-Security-Token")}
	if !parseCredential(&a, cred) {
		return Auth{}, errCredentialShape(KindQuery)
	}
	t, err := time.Parse(iso8601Basic, date)
	if err != nil {
		return Auth{}, errQuery(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
	}
	a.RequestTime, a.amzDate = t, date
	secs, err := strconv.ParseInt(expires, 10, 64)
	switch {
	case err != nil:
		return Auth{}, errQuery("X-Amz-Expires should be a number")
	case secs < 0:
		return Auth{}, errQuery("X-Amz-Expires must be non-negative")
	case secs > int64(MaxPresignExpires/time.Second):
		return Auth{}, errQuery("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds")
	}
	a.Expires = time.Duration(secs) * time.Second
	names, ok := splitSignedHeaders(signed)
	if !ok {
		return Auth{}, errQueryParams()
	}
	a.SignedHeaders = names
	return a, nil
}

func parseV2Query(get func(string) string) (Auth, error) {
	akid, sig, expires := get("AWSAccessKeyId"), get("Signature"), get("Expires")
	if akid == "" || sig == "" || expires == "" {
		return Auth{}, apierr.AccessDenied.WithMessage("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
	}
	secs, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || secs < 0 {
		return Auth{}, apierr.AccessDenied.WithMessage("Invalid date (should be seconds since epoch): " + expires)
	}
	return Auth{Version: 2, Kind: KindQuery, AccessKeyID: akid, Signature: sig,
		ExpiresAt: time.Unix(secs, 0).UTC(), SecurityToken: get("x-amz-security-token")}, nil
}
