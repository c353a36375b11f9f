package authn

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// Sessions opens session tokens of temporary credentials (internal/sts).
type Sessions interface {
	Open(ctx context.Context, akid, token string) (*iam.Credential, error)
}

// Options configures an Authenticator.
type Options struct {
	IAM      *iam.Service
	Sessions Sessions
	Region   string
	Now      func() time.Time
}

// Authenticator verifies requests.
type Authenticator struct {
	iam      *iam.Service
	sessions Sessions
	region   string
	now      func() time.Time

	mu    sync.Mutex
	cache map[signingKeyID][]byte
}

type signingKeyID struct {
	key, secret, scope string
}

const maxCachedKeys = 4096

// New builds an Authenticator.
func New(o Options) *Authenticator {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Authenticator{iam: o.IAM, sessions: o.Sessions, region: o.Region, now: o.Now, cache: map[signingKeyID][]byte{}}
}

// Result is an authenticated request.
type Result struct {
	Principal iam.Principal
	Auth      sigv4.Auth
	// Body is the request payload with any aws-chunked framing removed and
	// with its integrity checks (payload hash, chunk signatures, trailers)
	// applied as it is read.
	Body io.Reader
	// DecodedLength is the payload length of an aws-chunked body, else -1.
	DecodedLength int64
	// Trailer returns a trailing header of an aws-chunked body after EOF.
	Trailer func(name string) string
	// Payload is the x-amz-content-sha256 mode.
	Payload sigv4.PayloadMode
}

// Authenticate verifies the request's signature for the given service
// ("s3" for now). vhostBucket is the bucket named by the Host of a
// virtual-hosted-style request (SigV2 signs it). Unsigned requests come back
// as anonymous.
func (a *Authenticator) Authenticate(ctx context.Context, r *http.Request, service, vhostBucket string) (*Result, error) {
	parsed, err := sigv4.ParseRequest(r)
	if err != nil {
		return nil, err
	}
	res := &Result{Auth: parsed, Body: r.Body, DecodedLength: -1, Payload: sigv4.PayloadUnsigned}
	if parsed.Anonymous() {
		// Unsigned requests still get their framing stripped and their
		// payload hash and trailing checksum verified; signed streaming
		// modes are refused (there is no signature to chain from).
		if err := a.wrapBody(r, res, nil); err != nil {
			return nil, err
		}
		res.Principal = iam.AnonymousPrincipal
		return res, nil
	}
	cred, err := a.credential(ctx, &parsed)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, apierr.InvalidAccessKeyID.With("AWSAccessKeyId", parsed.AccessKeyID)
	}
	if err != nil {
		return nil, err
	}
	now := a.now()
	switch parsed.Version {
	case 4:
		key := a.signingKey(parsed.AccessKeyID, cred.Secret, &parsed)
		if err := sigv4.VerifyV4(r, &res.Auth, key, "", now, sigv4.VerifyOptions{Region: a.region, Service: service}); err != nil {
			return nil, err
		}
		if err := a.wrapBody(r, res, key); err != nil {
			return nil, err
		}
	case 2:
		if err := v2SignsOperation(r); err != nil {
			return nil, err
		}
		if err := verifyV2(r, &res.Auth, cred.Secret, now, vhostBucket); err != nil {
			return nil, err
		}
		if err := a.wrapBody(r, res, nil); err != nil {
			return nil, err
		}
	default:
		return nil, apierr.AccessDenied
	}
	res.Principal = cred.Principal
	a.noteUsed(&parsed, service)
	return res, nil
}

// verifyV2 checks a SigV2 signature. A path-style request for a bucket
// alone ("/bkt?list-type=2") is signed by botocore with the canonical
// resource "/bkt/", by others as sent ("/bkt"); S3 accepts both.
func verifyV2(r *http.Request, a *sigv4.Auth, secret string, now time.Time, vhostBucket string) error {
	opts := sigv4.VerifyOptions{Bucket: vhostBucket}
	err := sigv4.VerifyV2(r, a, secret, now, opts)
	p := r.URL.EscapedPath()
	if err == nil || vhostBucket != "" || !errors.Is(err, apierr.SignatureDoesNotMatch) ||
		len(p) < 2 || strings.IndexByte(p[1:], '/') >= 0 {
		return err
	}
	alt := *r
	u := *r.URL
	u.Path, u.RawPath = u.Path+"/", ""
	if r.URL.RawPath != "" {
		u.RawPath = r.URL.RawPath + "/"
	}
	alt.URL = &u
	if sigv4.VerifyV2(&alt, a, secret, now, opts) == nil {
		return nil
	}
	return err
}

// credential finds the secret and principal of the signing key: a
// temporary credential when a session token is present, else a long-term
// access key (meta.ErrNotFound when unknown or inactive).
func (a *Authenticator) credential(ctx context.Context, p *sigv4.Auth) (*iam.Credential, error) {
	if p.SecurityToken != "" {
		if a.sessions == nil {
			return nil, apierr.InvalidToken
		}
		return a.sessions.Open(ctx, p.AccessKeyID, p.SecurityToken)
	}
	cred, err := a.iam.LookupKey(ctx, p.AccessKeyID)
	if err == nil && !cred.Active {
		return nil, meta.ErrNotFound
	}
	return cred, err
}

// signingKey returns the derived SigV4 key of the scope, cached: deriving
// takes four HMACs, and the same key serves a whole day of requests. The
// cache key includes the secret so a changed secret never reuses a key.
func (a *Authenticator) signingKey(akid, secret string, p *sigv4.Auth) []byte {
	id := signingKeyID{akid, secret, p.Date + "/" + p.Region + "/" + p.Service}
	a.mu.Lock()
	k, ok := a.cache[id]
	a.mu.Unlock()
	if ok {
		return k
	}
	k = sigv4.DeriveSigningKey(secret, p.Date, p.Region, p.Service)
	a.mu.Lock()
	if len(a.cache) >= maxCachedKeys {
		clear(a.cache)
	}
	a.cache[id] = k
	a.mu.Unlock()
	return k
}

// wrapBody applies the payload mode named by x-amz-content-sha256.
func (a *Authenticator) wrapBody(r *http.Request, res *Result, key []byte) error {
	v := r.Header.Get("X-Amz-Content-Sha256")
	if v == "" {
		// Presigned URLs without the header are UNSIGNED-PAYLOAD. A body
		// framed as aws-chunked without a streaming mode would be stored
		// with its framing: refuse it.
		if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
			return apierr.InvalidRequest.WithMessage("aws-chunked bodies need a STREAMING x-amz-content-sha256 value")
		}
		return nil
	}
	mode, err := sigv4.ClassifyPayload(v)
	if err != nil {
		return err
	}
	res.Payload = mode
	switch mode {
	case sigv4.PayloadSHA256:
		res.Body = sigv4.NewSHA256Checker(r.Body, v)
	case sigv4.PayloadStreaming, sigv4.PayloadStreamingTrailer, sigv4.PayloadStreamingUnsignedTrailer:
		if mode == sigv4.PayloadStreamingUnsignedTrailer && r.Header.Get("X-Amz-Trailer") == "" {
			// The trailer is the only integrity check of unsigned chunks.
			return apierr.InvalidRequest.WithMessage("STREAMING-UNSIGNED-PAYLOAD-TRAILER requires the x-amz-trailer header")
		}
		cfg, err := sigv4.ChunkedConfigFor(r, &res.Auth, key)
		if err != nil {
			return err
		}
		cr := sigv4.NewChunkedReader(r.Body, cfg)
		res.Body, res.DecodedLength, res.Trailer = cr, cfg.DecodedLength, cr.Trailer
	}
	return nil
}

// AuthenticateBody verifies a request of a service whose signature covers
// the body's SHA-256 (IAM, STS, KMS: the SDKs sign the body and send no
// x-amz-content-sha256). The caller has read the (small, bounded) body.
func (a *Authenticator) AuthenticateBody(ctx context.Context, r *http.Request, service string, body []byte) (*Result, error) {
	parsed, err := sigv4.ParseRequest(r)
	if err != nil {
		return nil, err
	}
	res := &Result{Auth: parsed, DecodedLength: -1, Payload: sigv4.PayloadSHA256}
	if parsed.Anonymous() {
		res.Principal = iam.AnonymousPrincipal
		return res, nil
	}
	if parsed.Version != 4 {
		return nil, apierr.InvalidRequest.WithMessage("Signature Version 4 is required for this API.")
	}
	cred, err := a.credential(ctx, &parsed)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, apierr.InvalidClientTokenID
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	key := a.signingKey(parsed.AccessKeyID, cred.Secret, &parsed)
	// IAM is global (the SDKs sign it for us-east-1) and STS has regional
	// and global endpoints, so any region in the scope is accepted here.
	if err := sigv4.VerifyV4(r, &res.Auth, key, hex.EncodeToString(sum[:]), a.now(), sigv4.VerifyOptions{Service: service}); err != nil {
		return nil, err
	}
	res.Principal = cred.Principal
	a.noteUsed(&parsed, service)
	return res, nil
}

// noteUsed records a long-term key's last use (GetAccessKeyLastUsed). It
// is in memory only: no store write on the request path.
func (a *Authenticator) noteUsed(p *sigv4.Auth, service string) {
	if p.SecurityToken == "" {
		a.iam.NoteKeyUsed(p.AccessKeyID, service, a.region, a.now())
	}
}

// v2SignsOperation refuses SigV2 requests naming a sub-resource that SigV2
// does not sign (the newer ones: publicAccessBlock, ownershipControls,
// policyStatus, ...). Appended to a signed request or presigned URL, such a
// parameter would turn it into another, unsigned operation; those
// operations need Signature Version 4, as on AWS.
func v2SignsOperation(r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	q := r.URL.Query()
	for _, name := range s3op.SubResources() {
		if q.Has(name) && !sigv4.SignedByV2(name) {
			return apierr.InvalidRequest.WithMessage("The " + name + " operation requires Signature Version 4 (AWS4-HMAC-SHA256).")
		}
	}
	return nil
}
