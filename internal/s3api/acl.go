package s3api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/acl"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
)

// ownership is a bucket's Object Ownership setting.
func ownership(b *meta.Bucket) acl.Ownership {
	o, _ := acl.OwnershipOf(b.Configs[acl.ConfigOwnership])
	return o
}

// grantee is an account's canonical user.
func (c *call) grantee(account string) acl.Grantee {
	if a, err := c.h.iam.Account(c.ctx, account); err == nil {
		return acl.User(a.CanonicalID, account)
	}
	return acl.User("", account)
}

// resolver finds accounts by canonical user id and e-mail address.
func (c *call) resolver() acl.Resolver {
	return acl.Resolver{
		ByID: func(id string) (string, bool) {
			for _, a := range c.h.iam.Accounts() {
				if a.CanonicalID == id {
					return a.ID, true
				}
			}
			return "", false
		},
		ByEmail: func(addr string) []acl.Grantee {
			var out []acl.Grantee
			for _, a := range c.h.iam.Accounts() {
				if a.Email != "" && strings.EqualFold(a.Email, addr) {
					out = append(out, acl.User(a.CanonicalID, a.ID))
				}
			}
			return out
		},
	}
}

func (c *call) displayName(account string) string {
	if a, err := c.h.iam.Account(c.ctx, account); err == nil {
		return a.DisplayName
	}
	return ""
}

func headerOf(h http.Header) acl.Header {
	return func(name string) (string, bool) {
		v, ok := h[name]
		return strings.Join(v, ","), ok
	}
}

// hasACLHeaders reports whether a request sets an ACL through headers.
func hasACLHeaders(h http.Header) bool {
	if _, ok := h["X-Amz-Acl"]; ok {
		return true
	}
	for _, gh := range acl.GrantHeaders {
		if _, ok := h[gh.Name]; ok {
			return true
		}
	}
	return false
}

// objectWriteACL applies Object Ownership and Block Public Access to a
// write (PutObject, CopyObject, CreateMultipartUpload, POST): it names the
// new object's owner and sets the ACL it gets in attrs.
func (c *call) objectWriteACL(h http.Header, attrs *engine.ObjectAttrs) (owner string, err error) {
	b := c.bkt
	o := ownership(b)
	canned := h.Get("X-Amz-Acl")
	owner = acl.ObjectOwner(o, b.Owner, c.principal.Account, canned)
	bucketOwner := c.grantee(b.Owner)
	ownerG := bucketOwner
	if owner != b.Owner {
		ownerG = c.grantee(owner)
	}
	req, err := acl.FromHeaders(headerOf(h), acl.ForObject, ownerG, bucketOwner, c.resolver())
	if err != nil || req.ACL == nil {
		return owner, err
	}
	if o == acl.BucketOwnerEnforced {
		// ACLs are disabled: only bucket-owner-full-control, or explicit
		// grants to the bucket owner alone, may be named; they change
		// nothing.
		if (req.Canned != "" && req.Canned != acl.CannedBucketOwnerFullControl) ||
			(req.Canned == "" && !req.ACL.OnlyAccount(b.Owner)) {
			return owner, apierr.AccessControlListNotSupported
		}
		return owner, nil
	}
	if req.ACL.Public() && c.effectivePAB(b).BlockPublicAcls {
		return owner, apierr.AccessDenied
	}
	attrs.ACL = req.ACL.Encode()
	return owner, nil
}

// aclInput gathers what ACLs contribute to an authorization on bucket b:
// nothing when its Object Ownership disables them. For object actions
// decided by the object's ACL or owner, the object's version is read.
func (c *call) aclInput(b *meta.Bucket, action, resource string) (*access.ACLInput, error) {
	if b == nil {
		return nil, nil
	}
	if ownership(b) == acl.BucketOwnerEnforced {
		return nil, nil
	}
	in := &access.ACLInput{IgnorePublic: c.effectivePAB(b).IgnorePublicAcls}
	_, onObject, grantable := acl.Need(action)
	if !onObject || !grantable {
		in.Bucket = acl.Stored(b.Configs[acl.ConfigBucketACL], c.grantee(b.Owner))
	}
	if !(grantable && onObject) && !acl.ObjectContext(action) {
		return in, nil
	}
	key, ok := objectKeyOf(b.Name, resource)
	if !ok {
		return in, nil
	}
	v, _, err := c.h.eng.ObjectVersion(c.ctx, b.Name, key, c.versionFor(b.Name, key))
	if err != nil {
		var ae *apierr.Error
		if errors.As(err, &ae) {
			// A missing object or version: the handler answers for it.
			return in, nil
		}
		return nil, err
	}
	owner := v.Owner
	if owner == "" {
		owner = b.Owner
	}
	in.Object = &access.ObjectACL{Owner: owner, ACL: acl.Stored(v.ACL, c.grantee(owner))}
	return in, nil
}

// objectKeyOf reads the key from an object ARN of the bucket, or from an
// access point object ARN.
func objectKeyOf(bucket, resource string) (string, bool) {
	if k, ok := strings.CutPrefix(resource, "arn:aws:s3:::"+bucket+"/"); ok {
		return k, true
	}
	if i := strings.Index(resource, "/object/"); i >= 0 && strings.HasPrefix(resource, "arn:aws:s3:") {
		return resource[i+len("/object/"):], true
	}
	return "", false
}

// versionFor is the version id a request names for an object: the copy
// source's own for the source of a copy, else the versionId parameter.
func (c *call) versionFor(bucket, key string) string {
	if c.op.Info().CopySource {
		// Of the two objects of a copy only the source is read, and only
		// reads look the object up.
		if s, err := c.resolveCopySource(); err == nil && s.bucket == bucket && s.key == key {
			return s.vid
		}
	}
	return c.query.Get("versionId")
}
