package sigv4

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Payload hash values of x-amz-content-sha256.
const (
	UnsignedPayload          = "UNSIGNED-PAYLOAD"
	StreamingPayload         = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	StreamingPayloadTrailer  = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
	streamingV4a             = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"
	streamingV4aTrailer      = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"
)

// SignV4 signs r in place with the Authorization header, as an AWS SDK
// does: it sets X-Amz-Date, X-Amz-Security-Token when sessionToken is set,
// and for S3 X-Amz-Content-Sha256, then signs host and every header present
// except those SDKs never sign. An empty payloadHash means UNSIGNED-PAYLOAD
// for S3 and an empty body for other services. The path is canonicalised
// the S3 way (encoded once) for every service, as the verifier does by
// default.
func SignV4(r *http.Request, accessKey, secret, sessionToken, region, service, payloadHash string, now time.Time) {
	amzDate := now.UTC().Format(iso8601Basic)
	s3 := isS3(service)
	if payloadHash == "" {
		payloadHash = UnsignedPayload
		if !s3 {
			payloadHash = emptySHA256
		}
	}
	r.Header.Del("Authorization")
	r.Header.Set("X-Amz-Date", amzDate)
	if sessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", sessionToken)
	}
	if s3 {
		r.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	a := Auth{Version: 4, Kind: KindHeader, AccessKeyID: accessKey, Date: amzDate[:8], Region: region, Service: service}
	c := clientCanonical(r, &a, payloadHash)
	sig := signCanonical(DeriveSigningKey(secret, a.Date, region, service), amzDate, &a, c)

	b := make([]byte, 0, 200)
	b = append(b, AlgorithmV4+" Credential="...)
	b = append(b, accessKey...)
	b = append(b, '/')
	b = appendScope(b, &a)
	b = append(b, ", SignedHeaders="...)
	b = append(b, strings.Join(c.signed, ";")...)
	b = append(b, ", Signature="...)
	b = appendHex(b, sig[:])
	r.Header.Set("Authorization", string(b))
}

// PresignV4 returns r's URL presigned for expires (1 s to 7 days), as
// S3 presigned URLs are: host and any headers already set on r are signed
// (the caller must send them), and the payload is UNSIGNED-PAYLOAD for S3
// unless r carries an X-Amz-Content-Sha256 header. r itself is not changed.
func PresignV4(r *http.Request, accessKey, secret, sessionToken, region, service string, expires time.Duration, now time.Time) (string, error) {
	if expires < time.Second || expires > MaxPresignExpires {
		return "", errors.New("sigv4: presign expiry must be between 1s and 7 days")
	}
	amzDate := now.UTC().Format(iso8601Basic)
	payload := UnsignedPayload
	if v := r.Header.Get("X-Amz-Content-Sha256"); v != "" {
		payload = v
	} else if !isS3(service) {
		payload = emptySHA256
	}
	a := Auth{Version: 4, Kind: KindQuery, AccessKeyID: accessKey, Date: amzDate[:8], Region: region, Service: service}
	u := *r.URL
	c := clientCanonical(r, &a, payload)

	q := make([]byte, 0, 256+len(u.RawQuery)+len(sessionToken))
	q = append(q, u.RawQuery...)
	if len(q) > 0 {
		q = append(q, '&')
	}
	q = append(q, "X-Amz-Algorithm="+AlgorithmV4+"&X-Amz-Credential="...)
	q = appendURIEncode(q, accessKey)
	q = append(q, "%2F"...)
	q = appendURIEncode(q, a.Scope())
	q = append(q, "&X-Amz-Date="...)
	q = append(q, amzDate...)
	q = append(q, "&X-Amz-Expires="...)
	q = strconv.AppendInt(q, int64(expires/time.Second), 10)
	q = append(q, "&X-Amz-SignedHeaders="...)
	q = appendURIEncode(q, strings.Join(c.signed, ";"))
	if sessionToken != "" {
		q = append(q, "&X-Amz-Security-Token="...)
		q = appendURIEncode(q, sessionToken)
	}
	c.rawQuery = string(q)
	sig := signCanonical(DeriveSigningKey(secret, a.Date, region, service), amzDate, &a, c)
	q = append(q, "&X-Amz-Signature="...)
	q = appendHex(q, sig[:])
	u.RawQuery = string(q)
	return u.String(), nil
}

// unsignedByClients are headers AWS SDKs never sign: proxies and transports
// change them.
func unsignedByClients(lower string) bool {
	switch lower {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection":
		return true
	}
	return false
}

func clientCanonical(r *http.Request, a *Auth, payload string) *canonical {
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	signed := []string{"host"}
	if r.ContentLength > 0 {
		signed = append(signed, "content-length")
	}
	for k := range r.Header {
		lk := lowerASCII(k)
		if lk != "host" && !unsignedByClients(lk) && !slices.Contains(signed, lk) {
			signed = append(signed, lk)
		}
	}
	slices.Sort(signed)
	return &canonical{
		method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery, host: host,
		header: r.Header, length: r.ContentLength, transfer: r.TransferEncoding,
		signed: signed, payload: payload, presign: a.Kind == KindQuery,
	}
}

func signCanonical(key []byte, amzDate string, a *Auth, c *canonical) [sha256.Size]byte {
	cr := c.appendTo(make([]byte, 0, 512))
	return hmacSHA256(key, appendStringToSign(make([]byte, 0, 256), amzDate, a, cr))
}

// ChunkSigner signs the chunks of an aws-chunked body (and its trailer)
// the way SDKs do; the ChunkedReader verifies with the same code.
type ChunkSigner struct{ c chain }

// NewChunkSigner starts a signature chain from the request's seed signature
// (the hex signature of its Authorization header).
func NewChunkSigner(signingKey []byte, timestamp, scope, seedSignature string) *ChunkSigner {
	s := &ChunkSigner{}
	s.c.init(signingKey, timestamp, scope, seedSignature)
	return s
}

// Sign returns the hex signature of the next chunk and moves the chain on.
// The final, empty chunk is signed too.
func (s *ChunkSigner) Sign(data []byte) string {
	sig := s.c.chunk(sha256.Sum256(data))
	s.c.advance(sig)
	return string(appendHex(nil, sig[:]))
}

// SignTrailer returns the x-amz-trailer-signature of trailing headers given
// in canonical form: "name:value\n" lines, names lower-case and sorted.
func (s *ChunkSigner) SignTrailer(canonical []byte) string {
	sig := s.c.trailer(canonical)
	return string(appendHex(nil, sig[:]))
}
