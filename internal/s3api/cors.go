package s3api

import (
	"errors"
	"net/http"
	"sync"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/cors"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3op"
)

// configCORS is the bucket configuration document holding the CORS rules
// (the canonical XML, validated when written).
const configCORS = "cors"

// corsCache compiles each bucket's CORS configuration once. Bucket records
// are immutable snapshots, so an entry is fresh while it was compiled from
// the same record.
type corsCache struct {
	mu sync.RWMutex
	m  map[string]corsEntry
}

type corsEntry struct {
	rec *meta.Bucket
	cfg *cors.Config
}

const maxCORSEntries = 4096

func newCORSCache() *corsCache { return &corsCache{m: map[string]corsEntry{}} }

// get returns the bucket's rules, or nil when it has none.
func (cc *corsCache) get(b *meta.Bucket) *cors.Config {
	doc := b.Configs[configCORS]
	if len(doc) == 0 {
		return nil
	}
	cc.mu.RLock()
	e, ok := cc.m[b.Name]
	cc.mu.RUnlock()
	if ok && e.rec == b {
		return e.cfg
	}
	// A stored document was validated when written; one that no longer
	// parses allows nothing rather than failing open.
	cfg, err := cors.Parse(doc)
	if err != nil {
		cfg = &cors.Config{}
	}
	cc.mu.Lock()
	if len(cc.m) >= maxCORSEntries {
		clear(cc.m)
	}
	cc.m[b.Name] = corsEntry{rec: b, cfg: cfg}
	cc.mu.Unlock()
	return cfg
}

func getBucketCors(c *call) error {
	cfg := c.h.cors.get(c.bkt)
	if cfg == nil {
		return apierr.NoSuchCORSConfiguration.With("BucketName", c.bucket)
	}
	body := cfg.Marshal()
	hdr := c.w.Header()
	hdr.Set("Content-Type", "application/xml")
	hdr.Set("Content-Length", itoa(int64(len(body))))
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(body)
	return nil
}

func putBucketCors(c *call) error {
	if c.r.Header.Get("Content-Md5") == "" && !hasChecksumHeader(c.r.Header) {
		return apierr.InvalidRequest.WithMessage("Missing required header for this request: Content-MD5")
	}
	body, err := c.readBody(cors.MaxDocument)
	if err != nil {
		return err
	}
	cfg, err := cors.Parse(body)
	if err != nil {
		return err
	}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, configCORS, cfg.Marshal()); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func deleteBucketCors(c *call) error {
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, configCORS, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

// preflightError is a refused preflight: 403 AccessForbidden naming the
// method asked about (OPTIONS when none) and the kind of resource.
func (c *call) preflightError(msg string, resource string) error {
	m := c.r.Header.Get("Access-Control-Request-Method")
	if m == "" {
		m = http.MethodOptions
	}
	return apierr.AccessForbidden.WithMessage(msg).With("Method", m).With("ResourceType", resource)
}

// checkPreflight is a preflight's authentication stage: browsers send no
// credentials, so what identifies a CORS request is its Origin.
func (c *call) checkPreflight() error {
	if c.r.Header.Get("Origin") == "" {
		return apierr.BadRequest.WithMessage("Insufficient information. Origin request header needed.")
	}
	return nil
}

// preflightBucketError answers a preflight whose bucket cannot be loaded.
func (c *call) preflightBucketError(err error) error {
	if errors.Is(err, apierr.NoSuchBucket) {
		return c.preflightError("CORSResponse: Bucket not found", "BUCKET")
	}
	return err
}

// preflight answers OPTIONS from the bucket's CORS configuration alone: the
// first rule allowing the Origin, Access-Control-Request-Method and every
// Access-Control-Request-Headers entry gives the response headers.
func preflight(c *call) error {
	cfg := c.h.cors.get(c.bkt)
	if cfg == nil {
		return c.preflightError("CORSResponse: CORS is not enabled for this bucket.", "BUCKET")
	}
	reqHeaders := cors.ParseRequestHeaders(c.r.Header.Get("Access-Control-Request-Headers"))
	rule := cfg.Match(c.r.Header.Get("Origin"), c.r.Header.Get("Access-Control-Request-Method"), reqHeaders)
	if rule == nil {
		resource := "OBJECT"
		if c.key == "" {
			resource = "BUCKET"
		}
		return c.preflightError("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "+
			"request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.", resource)
	}
	hdr := c.w.Header()
	for _, h := range rule.Headers(c.r.Header.Get("Origin"), reqHeaders) {
		hdr.Set(h.Name, h.Value)
	}
	return c.empty(http.StatusOK)
}

// corsHeaders adds the CORS headers of a cross-origin request (one with an
// Origin) to its response, success or error alike, when a rule of the
// bucket's configuration allows the origin and method. The method is
// Access-Control-Request-Method when the request carries one, as in S3.
// It loads the bucket itself when an error came before the bucket was
// loaded, so that a browser can read why a request failed.
func (c *call) corsHeaders() {
	origin := c.r.Header.Get("Origin")
	if c.corsDone || origin == "" || c.bucket == "" || c.op == s3op.Preflight {
		return
	}
	c.corsDone = true
	b := c.bkt
	if b == nil {
		var err error
		if b, err = c.h.eng.Bucket(c.ctx, c.bucket); err != nil {
			return
		}
	}
	cfg := c.h.cors.get(b)
	if cfg == nil {
		return
	}
	method := c.r.Header.Get("Access-Control-Request-Method")
	if method == "" {
		method = c.r.Method
	}
	rule := cfg.Match(origin, method, nil)
	if rule == nil {
		return
	}
	hdr := c.w.Header()
	for _, h := range rule.Headers(origin, nil) {
		hdr.Set(h.Name, h.Value)
	}
}
