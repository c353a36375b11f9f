package sigv4

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// VerifyV2 checks a Signature Version 2 request (header "AWS AKID:sig" or
// a query with AWSAccessKeyId, Expires and Signature) with the secret of
// its access key. opts.Bucket names the bucket of a virtual-hosted-style
// request, which the canonical resource starts with; opts.MaxSkew bounds a
// header-signed request's Date (or x-amz-date).
func VerifyV2(r *http.Request, a *Auth, secret string, now time.Time, opts VerifyOptions) error {
	if a.Version != 2 || a.Kind == KindNone {
		return apierr.AccessDenied
	}
	date, amzDate := "", false
	switch a.Kind {
	case KindHeader:
		if err := fillHeaderTime(r, a); err != nil {
			return err
		}
		if d := a.RequestTime.Sub(now); d > opts.maxSkew() || d < -opts.maxSkew() {
			raw := headerValue(r.Header, "X-Amz-Date")
			if raw == "" {
				raw = headerValue(r.Header, "Date")
			}
			return errSkewed(raw, now, opts.maxSkew())
		}
		if _, ok := lookupHeader(r.Header, "x-amz-date"); !ok {
			date = headerValue(r.Header, "Date")
		} else {
			amzDate = true
		}
	case KindQuery:
		if now.After(a.ExpiresAt) {
			return errExpired("", a.ExpiresAt, now)
		}
		date = strconv.FormatInt(a.ExpiresAt.Unix(), 10)
	}
	// A "+" left unescaped in a query arrives as a space.
	sent, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(a.Signature, " ", "+"))
	sts := stringToSignV2(r, date, opts.Bucket, false)
	ok := err == nil && hmacSHA1Equal(secret, sts, sent)
	if !ok && err == nil && amzDate {
		// AWS's own example signs x-amz-date in the Date line instead of
		// among the x-amz-* headers; SDKs do the latter. Accept both.
		alt := stringToSignV2(r, headerValue(r.Header, "X-Amz-Date"), opts.Bucket, true)
		ok = hmacSHA1Equal(secret, alt, sent)
	}
	if !ok {
		return apierr.SignatureDoesNotMatch.
			With("AWSAccessKeyId", a.AccessKeyID).
			With("StringToSign", string(sts)).
			With("SignatureProvided", a.Signature).
			With("StringToSignBytes", hexBytes(string(sts)))
	}
	return nil
}

// stringToSignV2 is method, Content-MD5, Content-Type, the date (Date, ""
// when x-amz-date is sent, or a presigned URL's Expires), the x-amz-*
// headers and the canonical resource.
func stringToSignV2(r *http.Request, date, bucket string, skipAmzDate bool) []byte {
	b := make([]byte, 0, 256)
	b = append(b, r.Method...)
	b = append(b, '\n')
	b = append(b, headerValue(r.Header, "Content-Md5")...)
	b = append(b, '\n')
	b = append(b, headerValue(r.Header, "Content-Type")...)
	b = append(b, '\n')
	b = append(b, date...)
	b = append(b, '\n')

	var names []string
	for k := range r.Header {
		if len(k) >= 6 && strings.EqualFold(k[:6], "x-amz-") && !(skipAmzDate && strings.EqualFold(k, "x-amz-date")) {
			names = append(names, k)
		}
	}
	// A presigned URL made with temporary credentials carries its token in
	// the query, and clients sign it as the x-amz-security-token header.
	queryToken := ""
	if headerValue(r.Header, "X-Amz-Security-Token") == "" && strings.Contains(r.URL.RawQuery, "x-amz-security-token=") {
		if queryToken = r.URL.Query().Get("x-amz-security-token"); queryToken != "" {
			names = append(names, "x-amz-security-token")
		}
	}
	slices.SortFunc(names, func(x, y string) int { return strings.Compare(lowerASCII(x), lowerASCII(y)) })
	for _, k := range names {
		b = append(b, lowerASCII(k)...)
		b = append(b, ':')
		vals := r.Header[k]
		if k == "x-amz-security-token" && queryToken != "" {
			vals = []string{queryToken}
		}
		for i, v := range vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, strings.TrimSpace(strings.ReplaceAll(v, "\n", " "))...)
		}
		b = append(b, '\n')
	}

	if bucket != "" {
		b = append(b, '/')
		b = append(b, bucket...)
	}
	b = append(b, r.URL.EscapedPath()...)
	return appendSubresources(b, r.URL.RawQuery)
}

func hmacSHA1Equal(secret string, msg, sent []byte) bool {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(msg)
	return hmac.Equal(sent, mac.Sum(nil))
}

// appendSubresources appends "?name[=value]&..." for the query parameters
// that SigV2 signs, sorted by name, values unescaped (as botocore does).
func appendSubresources(b []byte, raw string) []byte {
	type kv struct {
		k, v string
		hasV bool
	}
	var subs []kv
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		k, v, hasV := strings.Cut(seg, "=")
		if !isV2Subresource(k) {
			continue
		}
		if u, err := url.PathUnescape(v); err == nil {
			v = u
		}
		subs = append(subs, kv{k, v, hasV})
	}
	slices.SortStableFunc(subs, func(x, y kv) int { return strings.Compare(x.k, y.k) })
	for i, s := range subs {
		if i == 0 {
			b = append(b, '?')
		} else {
			b = append(b, '&')
		}
		b = append(b, s.k...)
		if s.hasV {
			b = append(b, '=')
			b = append(b, s.v...)
		}
	}
	return b
}

// SignedByV2 reports whether SigV2 signs a query parameter (the S3
// sub-resources of its canonical resource).
func SignedByV2(name string) bool { return isV2Subresource(name) }

// isV2Subresource: the query parameters SigV2 signs. botocore's list, plus
// the newer subresources that other SigV2 clients (minio-go) sign.
func isV2Subresource(k string) bool {
	switch k {
	case "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "encryption",
		"inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification",
		"object-lock", "partNumber", "policy", "replication", "requestPayment",
		"response-cache-control", "response-content-disposition", "response-content-encoding",
		"response-content-language", "response-content-type", "response-expires",
		"restore", "retention", "select", "select-type", "storageClass", "tagging", "torrent",
		"uploadId", "uploads", "versionId", "versioning", "versions", "website":
		return true
	}
	return false
}
