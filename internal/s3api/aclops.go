package s3api

import (
	"net/http"

	"github.com/coffer-s3/coffer/internal/acl"
	"github.com/coffer-s3/coffer/internal/apierr"
)

// writePolicy renders an AccessControlPolicy response.
func (c *call) writePolicy(owner acl.Grantee, a *acl.ACL) error {
	bp := bufPool.Get().(*[]byte)
	body := acl.AppendPolicy((*bp)[:0], owner, a, c.displayName)
	hdr := c.w.Header()
	hdr.Set("Content-Type", "application/xml")
	hdr.Set("Content-Length", itoa(int64(len(body))))
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(body)
	*bp = body
	bufPool.Put(bp)
	return nil
}

// requestACL reads the ACL a PutBucketAcl or PutObjectAcl sets: from the
// x-amz-acl or x-amz-grant-* headers, or from an AccessControlPolicy body,
// never both. owner owns the resource, bucketOwner its bucket.
func (c *call) requestACL(t acl.Target, owner, bucketOwner acl.Grantee) (*acl.ACL, string, error) {
	body, err := c.readBody(acl.MaxPolicyXML)
	if err != nil {
		if apierr.IsCode(err, apierr.MaxMessageLengthExceeded) {
			return nil, "", apierr.MalformedACLError
		}
		return nil, "", err
	}
	h := c.r.Header
	if hasACLHeaders(h) {
		if len(body) > 0 {
			return nil, "", apierr.UnexpectedContent
		}
		req, err := acl.FromHeaders(headerOf(h), t, owner, bucketOwner, c.resolver())
		return req.ACL, req.Canned, err
	}
	if len(body) == 0 {
		return nil, "", apierr.MissingSecurityHeader.With("MissingHeaderName", "x-amz-acl")
	}
	p, err := acl.ParsePolicy(body, c.resolver())
	if err != nil {
		return nil, "", err
	}
	return p.ACL, "", nil
}

func getBucketAcl(c *call) error {
	owner := c.grantee(c.bkt.Owner)
	if ownership(c.bkt) == acl.BucketOwnerEnforced {
		// With ACLs disabled the answer always shows the owner's
		// FULL_CONTROL.
		return c.writePolicy(owner, acl.Private(owner))
	}
	return c.writePolicy(owner, acl.Stored(c.bkt.Configs[acl.ConfigBucketACL], owner))
}

func putBucketAcl(c *call) error {
	owner := c.grantee(c.bkt.Owner)
	a, _, err := c.requestACL(acl.ForBucket, owner, owner)
	if err != nil {
		return err
	}
	if ownership(c.bkt) == acl.BucketOwnerEnforced && !a.OnlyAccount(c.bkt.Owner) {
		return apierr.AccessControlListNotSupported
	}
	if a.Public() && c.effectivePAB(c.bkt).BlockPublicAcls {
		return apierr.AccessDenied
	}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bkt.Name, acl.ConfigBucketACL, a.Encode()); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func getObjectAcl(c *call) error {
	v, vid, err := c.h.eng.ObjectVersion(c.ctx, c.bkt.Name, c.key, c.query.Get("versionId"))
	if err != nil {
		return err
	}
	if vid != "" {
		c.w.Header().Set("X-Amz-Version-Id", vid)
	}
	if ownership(c.bkt) == acl.BucketOwnerEnforced || v.Owner == "" {
		owner := c.grantee(c.bkt.Owner)
		return c.writePolicy(owner, acl.Private(owner))
	}
	owner := c.grantee(v.Owner)
	return c.writePolicy(owner, acl.Stored(v.ACL, owner))
}

func putObjectAcl(c *call) error {
	vid := c.query.Get("versionId")
	v, _, err := c.h.eng.ObjectVersion(c.ctx, c.bkt.Name, c.key, vid)
	if err != nil {
		return err
	}
	objOwner := v.Owner
	if objOwner == "" {
		objOwner = c.bkt.Owner
	}
	bucketOwner := c.grantee(c.bkt.Owner)
	a, canned, err := c.requestACL(acl.ForObject, c.grantee(objOwner), bucketOwner)
	if err != nil {
		return err
	}
	if ownership(c.bkt) == acl.BucketOwnerEnforced {
		if (canned != "" && canned != acl.CannedBucketOwnerFullControl) || (canned == "" && !a.OnlyAccount(c.bkt.Owner)) {
			return apierr.AccessControlListNotSupported
		}
		return c.empty(http.StatusOK)
	}
	if a.Public() && c.effectivePAB(c.bkt).BlockPublicAcls {
		return apierr.AccessDenied
	}
	out, err := c.h.eng.PutObjectACL(c.ctx, c.bkt.Name, c.key, v.VersionID, a.Encode())
	if err != nil {
		return err
	}
	if out != "" {
		c.w.Header().Set("X-Amz-Version-Id", out)
	}
	return c.empty(http.StatusOK)
}
