package sigv4

import (
	"crypto/sha256"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// VerifyOptions are what the server expects of a request's signature.
type VerifyOptions struct {
	// Region is the region this endpoint serves; "" accepts any region.
	Region string
	// Service is the signing name of the API being called ("s3", "iam",
	// "sts", "kms"...); "" means "s3".
	Service string
	// MaxSkew bounds the distance between a request's time and now (header
	// auth) and how far in the future a presigned URL may start; 0 means
	// DefaultMaxSkew (15 minutes, as AWS).
	MaxSkew time.Duration
	// DoubleEncodePath makes the canonical URI the request's escaped path
	// encoded once more, as AWS SDKs sign every service but S3. S3 (the
	// default) encodes the decoded path once. IAM, STS and KMS always use
	// "/", where both agree.
	DoubleEncodePath bool
	// Bucket is the bucket named by the Host of a virtual-hosted-style
	// request, which SigV2's canonical resource starts with. Unused by V4.
	Bucket string
}

func (o *VerifyOptions) service() string {
	if o.Service == "" {
		return "s3"
	}
	return o.Service
}

func (o *VerifyOptions) maxSkew() time.Duration {
	if o.MaxSkew <= 0 {
		return DefaultMaxSkew
	}
	return o.MaxSkew
}

// VerifyV4 checks a SigV4 request (header or presigned) against the
// signing key of its access key and scope date (see DeriveSigningKey).
// It checks, in this order, the scope (date, region, service, terminator),
// the request time (skew, or a presigned URL's validity window), that host
// and every x-amz-* header present are signed, x-amz-content-sha256 (S3
// header auth), and then the signature, compared in constant time.
//
// payloadHash is the last line of the canonical request. Pass "" to take it
// from the request as S3 does (x-amz-content-sha256; UNSIGNED-PAYLOAD for a
// presigned URL that did not sign that header). Other services sign the
// body's hex SHA-256: their callers read the (small) body and pass its hash.
//
// On success a carries the request time and timestamp (Auth.Timestamp),
// which a streaming body's ChunkedConfig needs.
func VerifyV4(r *http.Request, a *Auth, signingKey []byte, payloadHash string, now time.Time, opts VerifyOptions) error {
	if a.Version != 4 || a.Kind == KindNone {
		return apierr.AccessDenied
	}
	if a.Kind == KindHeader {
		if err := fillHeaderTime(r, a); err != nil {
			return err
		}
	} else if a.amzDate == "" {
		return errQueryParams()
	}
	if err := checkScope(a, &opts); err != nil {
		return err
	}
	if err := checkTime(a, now, opts.maxSkew()); err != nil {
		return err
	}
	if !slices.Contains(a.SignedHeaders, "host") {
		return errHeadersNotSigned([]string{"host"})
	}
	if bad := unsignedAmzHeaders(r.Header, a.SignedHeaders); bad != nil {
		return errHeadersNotSigned(bad)
	}
	payload, err := v4Payload(r, a, payloadHash, isS3(opts.service()))
	if err != nil {
		return err
	}
	path := r.URL.Path
	if opts.DoubleEncodePath {
		path = r.URL.EscapedPath()
	}
	c := canonical{
		method: r.Method, path: path, rawQuery: r.URL.RawQuery, host: r.Host,
		header: r.Header, length: r.ContentLength, transfer: r.TransferEncoding,
		signed: a.SignedHeaders, payload: payload, presign: a.Kind == KindQuery,
	}
	var crBuf [1024]byte
	var stsBuf [256]byte
	cr := c.appendTo(crBuf[:0])
	sts := appendStringToSign(stsBuf[:0], a.amzDate, a, cr)
	if !hexEqual(a.Signature, hmacSHA256(signingKey, sts)) {
		return errSignatureV4(a, sts, cr)
	}
	return nil
}

func checkScope(a *Auth, opts *VerifyOptions) error {
	if len(a.amzDate) < 8 || a.Date != a.amzDate[:8] {
		return errDateMismatch(a.Kind, a.Date, a.amzDate)
	}
	if opts.Region != "" && a.Region != opts.Region {
		return errRegion(a.Kind, a.Region, opts.Region)
	}
	if s := opts.service(); a.Service != s {
		return errService(a.Kind, a.Service, s)
	}
	if a.terminal != "" && a.terminal != terminator {
		return errTerminator(a.Kind, a.terminal)
	}
	return nil
}

func checkTime(a *Auth, now time.Time, maxSkew time.Duration) error {
	d := a.RequestTime.Sub(now)
	if a.Kind == KindHeader {
		if d > maxSkew || d < -maxSkew {
			return errSkewed(a.amzDate, now, maxSkew)
		}
		return nil
	}
	if d > maxSkew {
		return errNotYetValid()
	}
	if end := a.RequestTime.Add(a.Expires); a.Expires <= 0 || now.After(end) {
		return errExpired(itoa(int64(a.Expires/time.Second)), end, now)
	}
	return nil
}

// unsignedAmzHeaders lists the x-amz-* headers of h that are not signed:
// AWS refuses them so that nobody can add x-amz-acl, an SSE header or the
// like to a request someone else signed.
func unsignedAmzHeaders(h http.Header, signed []string) []string {
	var bad []string
	for k := range h {
		if len(k) < 6 || !strings.EqualFold(k[:6], "x-amz-") {
			continue
		}
		found := false
		for _, s := range signed {
			if strings.EqualFold(s, k) {
				found = true
				break
			}
		}
		if !found {
			bad = append(bad, lowerASCII(k))
		}
	}
	slices.Sort(bad)
	return bad
}

func v4Payload(r *http.Request, a *Auth, payloadHash string, s3 bool) (string, error) {
	hdr, present := lookupHeader(r.Header, "x-amz-content-sha256")
	v := ""
	if present && len(hdr) > 0 {
		v = hdr[0]
	}
	if !s3 {
		switch {
		case payloadHash != "":
			return payloadHash, nil
		case v != "":
			return v, nil
		}
		return emptySHA256, nil
	}
	if a.Kind == KindQuery && (!present || !slices.Contains(a.SignedHeaders, "x-amz-content-sha256")) {
		if payloadHash != "" {
			return payloadHash, nil
		}
		return UnsignedPayload, nil
	}
	if !present {
		return "", errMissingContentSHA256()
	}
	if _, err := ClassifyPayload(v); err != nil {
		return "", err
	}
	if payloadHash != "" {
		return payloadHash, nil
	}
	return v, nil
}

func errSignatureV4(a *Auth, sts, cr []byte) error {
	return apierr.SignatureDoesNotMatch.
		With("AWSAccessKeyId", a.AccessKeyID).
		With("StringToSign", string(sts)).
		With("SignatureProvided", a.Signature).
		With("StringToSignBytes", hexBytes(string(sts))).
		With("CanonicalRequest", string(cr)).
		With("CanonicalRequestBytes", hexBytes(string(cr)))
}

// PayloadMode is how a request's body is protected, per x-amz-content-sha256.
type PayloadMode int

const (
	// PayloadSHA256: the header is the body's hex SHA-256 (check it with
	// NewSHA256Checker).
	PayloadSHA256 PayloadMode = iota
	// PayloadUnsigned: UNSIGNED-PAYLOAD, the body is not covered.
	PayloadUnsigned
	// PayloadStreaming: aws-chunked with signed chunks.
	PayloadStreaming
	// PayloadStreamingTrailer: signed chunks and a signed trailer.
	PayloadStreamingTrailer
	// PayloadStreamingUnsignedTrailer: aws-chunked, unsigned chunks, trailer.
	PayloadStreamingUnsignedTrailer
)

// ClassifyPayload validates an x-amz-content-sha256 value. Values S3
// refuses get its InvalidArgument; the SigV4a streaming values, which S3
// accepts but this package does not verify, get NotImplemented.
func ClassifyPayload(v string) (PayloadMode, error) {
	switch v {
	case UnsignedPayload:
		return PayloadUnsigned, nil
	case StreamingPayload:
		return PayloadStreaming, nil
	case StreamingPayloadTrailer:
		return PayloadStreamingTrailer, nil
	case StreamingUnsignedTrailer:
		return PayloadStreamingUnsignedTrailer, nil
	case streamingV4a, streamingV4aTrailer:
		return 0, errSigV4a()
	}
	if len(v) != 2*sha256.Size {
		return 0, errBadContentSHA256(v)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return 0, errBadContentSHA256(v)
		}
	}
	return PayloadSHA256, nil
}
