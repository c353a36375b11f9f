package s3api

import (
	"net/http"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// maxBucketPolicy is S3's bucket policy size limit (20 KB); the body read
// allows some whitespace beyond it and the parser applies the real limit.
const maxBucketPolicy = 64 << 10

// knownActions is s3op's catalogue in the policy package's terms, built once.
var knownActions = func() []policy.KnownAction {
	out := make([]policy.KnownAction, len(s3op.Catalogue))
	for i, e := range s3op.Catalogue {
		var k policy.ResourceKinds
		if e.Applies&s3op.OnBucket != 0 {
			k |= policy.AppliesBucket
		}
		if e.Applies&s3op.OnObject != 0 {
			k |= policy.AppliesObject
		}
		if e.Applies&s3op.OnAccessPoint != 0 {
			k |= policy.AppliesAccessPoint
		}
		if e.Applies&s3op.OnAccessPointObject != 0 {
			k |= policy.AppliesAccessPointObject
		}
		if e.Applies&s3op.OnOther != 0 {
			k |= policy.AppliesOther
		}
		out[i] = policy.KnownAction{Name: e.Action, Applies: k}
	}
	return out
}()

// ParseBucketPolicy validates a bucket policy document as S3 does.
func ParseBucketPolicy(bucket string, doc []byte) (*policy.Policy, error) {
	return policy.ParseWith(doc, policy.KindResource, policy.Options{
		Family: policy.FamilyS3, Resource: policy.ResourceBucket, Bucket: bucket, Actions: knownActions,
	})
}

// ownerOnly: bucket policy calls must come from the bucket owner's account,
// even when a policy would allow others (405, as S3 answers).
func (c *call) ownerOnly() error {
	if c.principal.Account != c.bkt.Owner {
		return apierr.MethodNotAllowed
	}
	return nil
}

func getBucketPolicy(c *call) error {
	if err := c.ownerOnly(); err != nil {
		return err
	}
	doc := c.bkt.Configs[access.ConfigPolicy]
	if len(doc) == 0 {
		return apierr.NoSuchBucketPolicy.With("BucketName", c.bucket)
	}
	hdr := c.w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Content-Length", itoa(int64(len(doc))))
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(doc)
	return nil
}

func putBucketPolicy(c *call) error {
	if err := c.ownerOnly(); err != nil {
		return err
	}
	raw, err := c.readBody(maxBucketPolicy)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return apierr.MalformedPolicy.WithMessage("Policies must be valid JSON and the first byte must be '{'")
	}
	p, err := ParseBucketPolicy(c.bucket, raw)
	if err != nil {
		return err
	}
	for _, a := range p.PrincipalARNs() {
		if !c.h.iam.PrincipalExists(a) {
			return apierr.MalformedPolicy.WithMessage("Invalid principal in policy")
		}
	}
	// Block Public Access refuses new public policies; policies already in
	// place are not touched.
	if c.effectivePAB(c.bkt).BlockPublicPolicy && p.IsPublic() {
		return apierr.AccessDenied
	}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, access.ConfigPolicy, raw); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func deleteBucketPolicy(c *call) error {
	if err := c.ownerOnly(); err != nil {
		return err
	}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, access.ConfigPolicy, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func getBucketPolicyStatus(c *call) error {
	doc := c.bkt.Configs[access.ConfigPolicy]
	if len(doc) == 0 {
		return apierr.NoSuchBucketPolicy.With("BucketName", c.bucket)
	}
	public := false
	if p, err := ParseBucketPolicy(c.bucket, doc); err == nil {
		public = p.IsPublic()
	}
	return c.xml(&s3xml.PolicyStatus{IsPublic: public})
}
