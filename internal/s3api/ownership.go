package s3api

import (
	"encoding/xml"
	"net/http"

	"github.com/coffer-s3/coffer/internal/acl"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// ownershipControls is the OwnershipControls document: exactly one rule.
type ownershipControls struct {
	XMLName xml.Name        `xml:"http://s3.amazonaws.com/doc/2006-03-01/ OwnershipControls"`
	Rules   []ownershipRule `xml:"Rule"`
}

type ownershipRule struct {
	ObjectOwnership string `xml:"ObjectOwnership"`
}

// createOwnership reads x-amz-object-ownership of a CreateBucket; without
// it new buckets are BucketOwnerEnforced, as S3's are since April 2023.
func createOwnership(h http.Header) (acl.Ownership, error) {
	v, ok := h["X-Amz-Object-Ownership"]
	if !ok {
		return acl.BucketOwnerEnforced, nil
	}
	s := ""
	if len(v) > 0 {
		s = v[0]
	}
	o, valid := acl.ParseOwnership(s)
	if !valid {
		return 0, apierr.InvalidArgument.WithMessage("Invalid x-amz-object-ownership header: "+s).
			With("ArgumentName", "x-amz-object-ownership").With("ArgumentValue", s)
	}
	return o, nil
}

// createBucketACL applies Object Ownership and Block Public Access to the
// ACL a CreateBucket carries, and returns the bucket's configuration
// documents for them.
func (c *call) createBucketACL(o acl.Ownership) (map[string][]byte, error) {
	docs := map[string][]byte{acl.ConfigOwnership: []byte(o.String())}
	owner := c.grantee(c.principal.Account)
	req, err := acl.FromHeaders(headerOf(c.r.Header), acl.ForBucket, owner, owner, c.resolver())
	if err != nil || req.ACL == nil {
		return docs, err
	}
	if o == acl.BucketOwnerEnforced && !req.ACL.OnlyAccount(c.principal.Account) {
		return nil, apierr.InvalidBucketAclWithObjectOwnership
	}
	// Every new bucket starts with Block Public Access all on.
	if req.ACL.Public() {
		return nil, apierr.InvalidBucketAclWithBlockPublicAccessError
	}
	docs[acl.ConfigBucketACL] = req.ACL.Encode()
	return docs, nil
}

func getBucketOwnershipControls(c *call) error {
	o, set := acl.OwnershipOf(c.bkt.Configs[acl.ConfigOwnership])
	if !set {
		return apierr.OwnershipControlsNotFoundError.With("BucketName", c.bucket)
	}
	return c.xml(&ownershipControls{Rules: []ownershipRule{{ObjectOwnership: o.String()}}})
}

func putBucketOwnershipControls(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	var oc ownershipControls
	if err := s3xml.Decode(body, maxConfigBody, &oc); err != nil {
		return err
	}
	if len(oc.Rules) != 1 {
		return apierr.MalformedXML
	}
	o, ok := acl.ParseOwnership(oc.Rules[0].ObjectOwnership)
	if !ok {
		return apierr.MalformedXML
	}
	if o == acl.BucketOwnerEnforced {
		// Disabling ACLs needs a bucket ACL that gives no one else
		// anything; object ACLs stop counting.
		owner := c.grantee(c.bkt.Owner)
		if !acl.Stored(c.bkt.Configs[acl.ConfigBucketACL], owner).OnlyAccount(c.bkt.Owner) {
			return apierr.InvalidBucketAclWithObjectOwnership
		}
	}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bkt.Name, acl.ConfigOwnership, []byte(o.String())); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func deleteBucketOwnershipControls(c *call) error {
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bkt.Name, acl.ConfigOwnership, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}
