package s3api

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/kms"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3op"
)

// Options configures the S3 handler.
type Options struct {
	Engine *engine.Engine
	Authn  *authn.Authenticator
	Access *access.Authorizer
	IAM    *iam.Service
	// Control holds access points and account Block Public Access.
	Control *control.Service
	// KMS is the built-in KMS behind SSE-KMS.
	KMS    *kms.Service
	Region string
	// Domain enables virtual-hosted-style addressing: BUCKET.Domain.
	Domain string
	// Audit receives one record per request; nil records nothing.
	Audit audit.Sink
	// Observe, when set, is told each request's operation, status and
	// duration (Prometheus metrics).
	Observe func(op string, status int, d time.Duration)
	Logger  *slog.Logger
	Now     func() time.Time
}

// Handler serves the S3 API.
type Handler struct {
	eng     *engine.Engine
	authn   *authn.Authenticator
	access  *access.Authorizer
	iam     *iam.Service
	control *control.Service
	kms     *kms.Service
	region  string
	domain  string
	log     *slog.Logger
	now     func() time.Time
	cors    *corsCache // compiled CORS configurations, per bucket record
	audit   audit.Sink
	observe func(op string, status int, d time.Duration)
}

// New builds the handler.
func New(o Options) *Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Handler{eng: o.Engine, authn: o.Authn, access: o.Access, iam: o.IAM, control: o.Control, region: o.Region,
		domain: strings.ToLower(o.Domain), log: o.Logger, now: o.Now, cors: newCORSCache(), audit: o.Audit, kms: o.KMS, observe: o.Observe}
}

// call is one request on its way through the handler.
type call struct {
	h      *Handler
	w      http.ResponseWriter
	r      *http.Request
	ctx    context.Context
	op     s3op.Op
	bucket string
	key    string
	// vhostBucket is the bucket named by the Host, for virtual-hosted style.
	vhostBucket string
	query       url.Values
	auth        *authn.Result
	principal   *iam.Principal
	bkt         *meta.Bucket         // the addressed bucket, once loaded
	ap          *control.AccessPoint // the access point the request came through
	requestID   string
	status      int
	start       time.Time
	pctx        *policy.Context // condition keys, built on first authorization
	sctx        *policy.Context // condition keys of a copy's source
	post        *postState      // a POST upload's form, read in authentication
	corsDone    bool            // CORS response headers added
	// The body of requests that S3 reads whole, read once (bodyRead).
	bodyRead bool
	bodyData []byte
	bodyErr  error
}

func newRequestID() string {
	const hexd = "0123456789ABCDEF"
	var b [16]byte
	n := rand.Uint64()
	for i := range b {
		b[i] = hexd[n&15]
		n >>= 4
	}
	return string(b[:])
}

// ServeHTTP is the one path every S3 request takes: addressing, classify,
// authenticate, load the bucket, authorize, handle.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 && r.ProtoAtLeast(1, 1) && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		// net/http sends 100 Continue only when a non-empty body is read.
		// botocore (boto3, aws cli) puts "Expect: 100-continue" on every
		// upload, empty files included, and after a final response that
		// came without 100 Continue it reads the next response on that
		// kept-alive connection without its status line, then hangs.
		w.WriteHeader(http.StatusContinue)
	}
	c := &call{h: h, w: w, r: r, ctx: r.Context(), requestID: newRequestID(), start: h.now()}
	defer c.releaseContext()
	hdr := w.Header()
	hdr["X-Amz-Request-Id"] = []string{c.requestID}
	hdr["X-Amz-Id-2"] = []string{c.requestID}
	hdr["Server"] = []string{"Coffer"}
	err := c.serve()
	if err != nil {
		c.fail(err)
	}
	if h.audit != nil {
		c.emitAudit(err)
	}
	if h.observe != nil {
		h.observe(c.op.String(), c.status, h.now().Sub(c.start))
	}
	if h.log.Enabled(c.ctx, slog.LevelDebug) {
		h.log.Debug("request", "id", c.requestID, "op", c.op.String(), "bucket", c.bucket, "status", c.status,
			"principal", c.principalARN(), "ms", h.now().Sub(c.start).Milliseconds())
	}
}

func (c *call) principalARN() string {
	if c.principal == nil {
		return ""
	}
	return c.principal.ARN
}

// refuseUnknown answers a request for an operation Coffer does not serve
// (NotImplemented, MethodNotAllowed) only once the caller is known: a badly
// signed request gets its authentication error, an anonymous one
// AccessDenied (with no IAM action there is nothing a policy could grant
// it), as for every other operation.
func (c *call) refuseUnknown(refusal error) error {
	res, err := c.h.authn.Authenticate(c.ctx, c.r, "s3", c.vhostBucket)
	if err != nil {
		return err
	}
	c.principal = &res.Principal
	if res.Principal.IsAnonymous() {
		return apierr.AccessDenied
	}
	return refusal
}

func (c *call) serve() error {
	r := c.r
	var err error
	t, err := c.h.resolve(r)
	if err != nil {
		return err
	}
	c.bucket, c.key, c.vhostBucket, c.ap = t.bucket, t.key, t.vhost, t.ap
	if c.query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
		return apierr.InvalidURI
	}
	_, copySrc := r.Header["X-Amz-Copy-Source"]
	if c.op, err = s3op.Classify(r.Method, c.bucket, c.key, c.query, copySrc); err != nil {
		return c.refuseUnknown(err)
	}
	if c.auth, err = c.authenticate(); err != nil {
		return err
	}
	c.principal = &c.auth.Principal
	if c.ap != nil {
		if err := c.checkAccessPoint(); err != nil {
			return err
		}
	}
	info := c.op.Info()
	if info.Resource != s3op.Account && c.op != s3op.CreateBucket {
		if c.bkt, err = c.h.eng.Bucket(c.ctx, c.bucket); err != nil {
			if info.Preflight {
				return c.preflightBucketError(err)
			}
			return err
		}
		if err := checkExpectedOwner(r.Header.Get("X-Amz-Expected-Bucket-Owner"), c.bkt); err != nil {
			return err
		}
		if c.ap != nil && c.bkt.Owner != c.ap.BucketAccount {
			// The bucket the access point was made for is gone and the name
			// now belongs to another account: the access point must not
			// reach it.
			return apierr.AccessDenied
		}
		c.corsHeaders()
	}
	switch {
	case info.Preflight:
		// No IAM action: the preflight handler applies the bucket's CORS
		// configuration, the only thing S3 evaluates for a preflight.
	case !info.PerKey:
		if err := c.authorize(c.op.ActionFor(c.query.Get("versionId")), c.resourceARN(info.Resource, c.key)); err != nil {
			return err
		}
	}
	if info.CopySource {
		if err := c.authorizeCopySource(); err != nil {
			return err
		}
	}
	return handlers[c.op](c)
}

// resourceARN names the resource an action applies to: the access point's
// ARN for requests through one (identity and access point policies name
// it), else the bucket or object.
func (c *call) resourceARN(kind s3op.Resource, key string) string {
	if c.ap != nil {
		if kind == s3op.Object {
			return c.ap.ARN() + "/object/" + key
		}
		return c.ap.ARN()
	}
	return bucketARN(kind, c.bucket, key)
}

func bucketARN(kind s3op.Resource, bucket, key string) string {
	switch kind {
	case s3op.Bucket:
		return "arn:aws:s3:::" + bucket
	case s3op.Object:
		return "arn:aws:s3:::" + bucket + "/" + key
	}
	return "*"
}

func (c *call) owner() string {
	if c.bkt == nil {
		return ""
	}
	return c.bkt.Owner
}

// authorize asks the one authorizer about an action on a resource of the
// addressed bucket.
func (c *call) authorize(action, resource string) error {
	return c.authorizeOn(c.bkt, action, resource)
}

// authorizeOn asks about an action on a resource of bucket b (nil for
// account-wide actions and CreateBucket).
func (c *call) authorizeOn(b *meta.Bucket, action, resource string) error {
	return c.authorizeVia(c.policyContext(), b, c.apOf(b), action, resource)
}

// authorizeVia asks about an action on a resource of bucket b reached
// through access point ap (nil for none), with the condition keys of pc.
func (c *call) authorizeVia(pc *policy.Context, b *meta.Bucket, ap *control.AccessPoint, action, resource string) error {
	owner := ""
	if b != nil {
		owner = b.Owner
	}
	setResourceKeys(pc, owner)
	req := &access.Request{Principal: c.principal, Action: action, Resource: resource, Owner: owner, Bucket: b, Context: pc,
		Endpoint: access.EndpointFrom(c.ctx)}
	if b != nil {
		req.RestrictPublicBuckets = c.effectivePABVia(b, ap).RestrictPublicBuckets
	}
	if ap != nil {
		req.AccessPoint = apRequest(ap, resource)
		setAccessPointKeys(pc, ap)
	}
	if b != nil {
		setBucketTags(pc, b)
		if existingTagActions[action] {
			if key, ok := objectKeyOf(b.Name, resource); ok {
				req.ObjectTags = func() ([]meta.Tag, error) { return c.objectTags(b.Name, key) }
			}
		}
	}
	var err error
	if req.ACL, err = c.aclInput(b, action, resource); err != nil {
		return err
	}
	return c.h.access.Authorize(c.ctx, req)
}

// checkExpectedOwner applies x-amz-expected-bucket-owner (and its copy
// source twin): a request meant for a bucket of one account must not reach
// a bucket that another account owns now.
func checkExpectedOwner(expected string, b *meta.Bucket) error {
	if expected != "" && expected != b.Owner {
		return apierr.AccessDenied
	}
	return nil
}
