package s3api

import (
	"bytes"
	"strconv"
	"sync"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/s3xml"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

var ctxPool = sync.Pool{New: func() any { return policy.NewContext() }}

// Condition keys set for S3 requests, resolved once.
var (
	kResourceAccount = policy.MustKey("aws:ResourceAccount")
	kS3ResourceAcct  = policy.MustKey("s3:ResourceAccount")
	kAuthType        = policy.MustKey("s3:authType")
	kSigVersion      = policy.MustKey("s3:signatureversion")
	kSigAge          = policy.MustKey("s3:signatureAge")
	kContentSHA256   = policy.MustKey("s3:x-amz-content-sha256")
	kPrefix          = policy.MustKey("s3:prefix")
	kDelimiter       = policy.MustKey("s3:delimiter")
	kMaxKeys         = policy.MustKey("s3:max-keys")
	kVersionID       = policy.MustKey("s3:VersionId")
	kACL             = policy.MustKey("s3:x-amz-acl")
	kCopySource      = policy.MustKey("s3:x-amz-copy-source")
	kMetadataDir     = policy.MustKey("s3:x-amz-metadata-directive")
	kSSE             = policy.MustKey("s3:x-amz-server-side-encryption")
	kSSEKMSKey       = policy.MustKey("s3:x-amz-server-side-encryption-aws-kms-key-id")
	kSSECAlg         = policy.MustKey("s3:x-amz-server-side-encryption-customer-algorithm")
	kStorageClass    = policy.MustKey("s3:x-amz-storage-class")
	kObjectOwnership = policy.MustKey("s3:x-amz-object-ownership")
	kRequestTagKeys  = policy.MustKey("s3:RequestObjectTagKeys")
	kIfMatch         = policy.MustKey("s3:if-match")
	kIfNoneMatch     = policy.MustKey("s3:if-none-match")
	kTokenIssueTime  = policy.MustKey("aws:TokenIssueTime")
	kMFAPresent      = policy.MustKey("aws:MultiFactorAuthPresent")
)

// headerKeys are request headers that become condition keys of the same
// meaning when present.
var headerKeys = [...]struct {
	header string
	key    policy.Key
}{
	{"X-Amz-Acl", kACL},
	{"X-Amz-Copy-Source", kCopySource},
	{"X-Amz-Metadata-Directive", kMetadataDir},
	{"X-Amz-Server-Side-Encryption", kSSE},
	{"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", kSSEKMSKey},
	{"X-Amz-Server-Side-Encryption-Customer-Algorithm", kSSECAlg},
	{"X-Amz-Storage-Class", kStorageClass},
	{"X-Amz-Object-Ownership", kObjectOwnership},
	{"If-Match", kIfMatch},
	{"If-None-Match", kIfNoneMatch},
	{"X-Amz-Grant-Full-Control", policy.MustKey("s3:x-amz-grant-full-control")},
	{"X-Amz-Grant-Read", policy.MustKey("s3:x-amz-grant-read")},
	{"X-Amz-Grant-Read-Acp", policy.MustKey("s3:x-amz-grant-read-acp")},
	{"X-Amz-Grant-Write", policy.MustKey("s3:x-amz-grant-write")},
	{"X-Amz-Grant-Write-Acp", policy.MustKey("s3:x-amz-grant-write-acp")},
}

var (
	kViaAWSService    = policy.MustKey("aws:ViaAWSService")
	kSourceIdentity   = policy.MustKey("aws:SourceIdentity")
	kLocationConstrnt = policy.MustKey("s3:LocationConstraint")
)

// policyContext builds the request's condition keys once; authorize calls
// share it and set the resource-specific keys themselves.
func (c *call) policyContext() *policy.Context {
	if c.pctx == nil {
		c.pctx = c.newContext()
	}
	return c.pctx
}

// sourceContext is the context of a copy's source authorization: the same
// request keys, but none that the destination's authorization set (its
// access point keys above all).
func (c *call) sourceContext() *policy.Context {
	if c.sctx == nil {
		c.sctx = c.newContext()
	}
	return c.sctx
}

func (c *call) newContext() *policy.Context {
	pc := ctxPool.Get().(*policy.Context)
	pc.Reset()
	r := c.r
	access.SetRequestKeys(pc, r, c.start, c.h.region)
	if a := &c.auth.Auth; !a.Anonymous() {
		switch a.Kind {
		case sigv4.KindQuery:
			pc.SetKey(kAuthType, "REST-QUERY-STRING")
		default:
			pc.SetKey(kAuthType, "REST-HEADER")
		}
		if a.Version == 2 {
			pc.SetKey(kSigVersion, "AWS")
		} else {
			pc.SetKey(kSigVersion, "AWS4-HMAC-SHA256")
		}
		if !a.RequestTime.IsZero() {
			pc.SetKey(kSigAge, strconv.FormatInt(c.start.Sub(a.RequestTime).Milliseconds(), 10))
		}
		sha := r.Header.Get("X-Amz-Content-Sha256")
		if sha == "" && a.Kind == sigv4.KindQuery {
			sha = sigv4.UnsignedPayload
		}
		if sha != "" {
			pc.SetKey(kContentSHA256, sha)
		}
		if s := c.principal.Session; s != nil {
			pc.SetKey(kTokenIssueTime, strconv.FormatInt(s.IssuedAt, 10))
			pc.SetKey(kMFAPresent, "false")
		}
	}
	// No AWS service calls Coffer on a principal's behalf.
	pc.SetKey(kViaAWSService, "false")
	if s := c.principal.Session; s != nil && s.SourceIdentity != "" {
		pc.SetKey(kSourceIdentity, s.SourceIdentity)
	}
	for _, hk := range headerKeys {
		if v := r.Header.Get(hk.header); v != "" {
			pc.SetKey(hk.key, v)
		}
	}
	if v := c.query.Get("versionId"); v != "" {
		pc.SetKey(kVersionID, v)
	}
	switch c.op {
	case s3op.ListObjects, s3op.ListObjectsV2, s3op.ListObjectVersions, s3op.ListMultipartUploads:
		pc.SetKey(kPrefix, c.query.Get("prefix"))
		if v := c.query.Get("delimiter"); v != "" {
			pc.SetKey(kDelimiter, v)
		}
		max := c.query.Get("max-keys")
		if max == "" {
			max = c.query.Get("max-uploads")
		}
		if max != "" {
			pc.SetKey(kMaxKeys, max)
		}
	case s3op.PostObject:
		c.postContextKeys(pc)
	case s3op.CreateBucket, s3op.PutBucketTagging, s3op.PutObjectTagging:
		c.bodyContextKeys(pc)
	case s3op.PutObject, s3op.CopyObject, s3op.CreateMultipartUpload:
		if v := r.Header.Get("X-Amz-Tagging"); v != "" {
			if tags, err := s3xml.ParseTaggingHeader(v); err == nil {
				keys := make([]string, len(tags))
				for i, t := range tags {
					keys[i] = t.Key
					pc.Set("s3:RequestObjectTag/"+t.Key, t.Value)
				}
				pc.SetKeyMulti(kRequestTagKeys, keys)
			}
		}
	}
	return pc
}

func (c *call) releaseContext() {
	for _, pc := range []**policy.Context{&c.pctx, &c.sctx} {
		if *pc != nil {
			ctxPool.Put(*pc)
			*pc = nil
		}
	}
}

// setResourceKeys sets the keys that depend on the resource's owner.
func setResourceKeys(pc *policy.Context, owner string) {
	if owner != "" {
		pc.SetKey(kResourceAccount, owner)
		pc.SetKey(kS3ResourceAcct, owner)
	}
}

// bodyContextKeys sets the keys S3 reads from the body of the request:
// the location constraint and tags of CreateBucket, the tags of
// PutBucketTagging (aws:RequestTag, aws:TagKeys) and PutObjectTagging
// (s3:RequestObjectTag). The body is small and read once; a body that does
// not parse sets no keys, and the handler reports the error.
func (c *call) bodyContextKeys(pc *policy.Context) {
	body, err := c.readBody(maxConfigBody)
	if err != nil {
		return
	}
	switch c.op {
	case s3op.CreateBucket:
		cfg, err := s3xml.DecodeCreateBucketConfiguration(bytes.NewReader(body))
		if err != nil || cfg == nil {
			return
		}
		if cfg.LocationConstraint != "" {
			pc.SetKey(kLocationConstrnt, cfg.LocationConstraint)
		}
		if len(cfg.Tags) > 0 {
			setRequestTags(pc, cfg.Tags)
		}
	case s3op.PutBucketTagging:
		if t, err := s3xml.DecodeTagging(bytes.NewReader(body), s3xml.BucketTags); err == nil {
			setRequestTags(pc, t.TagSet)
		}
	case s3op.PutObjectTagging:
		if t, err := s3xml.DecodeTagging(bytes.NewReader(body), s3xml.ObjectTags); err == nil {
			keys := make([]string, len(t.TagSet))
			for i, tag := range t.TagSet {
				keys[i] = tag.Key
				pc.Set("s3:RequestObjectTag/"+tag.Key, tag.Value)
			}
			pc.SetKeyMulti(kRequestTagKeys, keys)
		}
	}
}
