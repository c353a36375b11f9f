package s3api

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3op"
)

// viaAccessPoint lists the operations S3 serves through access points
// ("Access point compatibility"); bucket configuration calls are not among
// them.
var viaAccessPoint = map[s3op.Op]bool{
	s3op.AbortMultipartUpload: true, s3op.CompleteMultipartUpload: true, s3op.CopyObject: true,
	s3op.CreateMultipartUpload: true, s3op.DeleteObject: true, s3op.DeleteObjects: true,
	s3op.DeleteObjectTagging: true, s3op.GetBucketLocation: true, s3op.GetBucketPolicy: true,
	s3op.GetBucketAcl: true, s3op.GetBucketCors: true,
	s3op.GetObject: true, s3op.GetObjectTagging: true, s3op.HeadBucket: true, s3op.HeadObject: true,
	s3op.ListMultipartUploads: true, s3op.ListObjects: true, s3op.ListObjectsV2: true,
	s3op.ListObjectVersions: true, s3op.ListParts: true, s3op.PutObject: true,
	s3op.PutObjectTagging: true, s3op.UploadPart: true, s3op.UploadPartCopy: true,
	s3op.GetObjectAcl: true, s3op.PutObjectAcl: true,
}

var (
	kDataAccessPointArn     = policy.MustKey("s3:DataAccessPointArn")
	kDataAccessPointAccount = policy.MustKey("s3:DataAccessPointAccount")
	kAccessPointOrigin      = policy.MustKey("s3:AccessPointNetworkOrigin")
)

// checkAccessPoint applies what an access point imposes before
// authorization: the operations it serves and its network origin.
func (c *call) checkAccessPoint() error {
	if !viaAccessPoint[c.op] {
		return apierr.MethodNotAllowed.WithMessage("The specified method is not allowed against this resource.").
			With("Method", c.r.Method).With("ResourceType", "ACCESSPOINT")
	}
	return c.checkOrigin(c.ap)
}

// checkOrigin refuses a request through a VPC-origin access point that did
// not arrive through an endpoint of its VPC, whether the access point is
// the request's target or a copy's source.
func (c *call) checkOrigin(ap *control.AccessPoint) error {
	if ap.NetworkOrigin() == control.OriginVPC && !c.fromVPC(ap.VpcID) {
		return apierr.AccessDenied
	}
	return nil
}

// setAccessPointKeys sets the keys of a request made through ap.
func setAccessPointKeys(pc *policy.Context, ap *control.AccessPoint) {
	pc.SetKey(kDataAccessPointArn, ap.ARN())
	pc.SetKey(kDataAccessPointAccount, ap.Account)
	pc.SetKey(kAccessPointOrigin, ap.NetworkOrigin())
}

// fromVPC reports whether the request came through an endpoint of the
// VPC: an interface endpoint's listener, or the public listener from a
// source the VPC's gateway endpoint claims.
func (c *call) fromVPC(vpc string) bool {
	e := access.EndpointFrom(c.ctx)
	return e != nil && e.VPC == vpc
}

// effectivePAB ORs the Block Public Access levels that apply to a request
// on bucket b: the bucket's, its owner account's, and, through an access
// point, the access point's and its account's.
func (c *call) effectivePAB(b *meta.Bucket) control.PAB {
	return c.effectivePABVia(b, c.apOf(b))
}

// apOf is the access point a request on bucket b came through: the
// request's own for its addressed bucket.
func (c *call) apOf(b *meta.Bucket) *control.AccessPoint {
	if b != nil && b == c.bkt {
		return c.ap
	}
	return nil
}

// effectivePABVia is effectivePAB for a request through access point ap
// (nil for none).
func (c *call) effectivePABVia(b *meta.Bucket, ap *control.AccessPoint) control.PAB {
	var p control.PAB
	if bp, ok := control.DecodePAB(b.Configs[control.ConfigPAB]); ok {
		p = bp
	}
	if c.h.control == nil {
		return p
	}
	if acct, ok := c.h.control.AccountPAB(b.Owner); ok {
		p = p.Or(acct)
	}
	if ap != nil {
		p = p.Or(ap.PAB)
		if acct, ok := c.h.control.AccountPAB(ap.Account); ok {
			p = p.Or(acct)
		}
	}
	return p
}

// apRequest describes the access point to the authorizer: the bucket
// policy is evaluated on the bucket or object ARN behind it.
func apRequest(ap *control.AccessPoint, resource string) *access.AccessPointRequest {
	bucketRes := "arn:aws:s3:::" + ap.Bucket
	if i := strings.Index(resource, "/object/"); i >= 0 {
		bucketRes += "/" + resource[i+len("/object/"):]
	}
	return &access.AccessPointRequest{
		ARN: ap.ARN(), Owner: ap.Account, Policy: ap.CompiledPolicy(), BucketResource: bucketRes, Public: ap.Public(),
	}
}
