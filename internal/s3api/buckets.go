package s3api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

var errNotImplemented = apierr.NotImplemented

func (c *call) ownerXML(account string) *s3xml.Owner {
	if a, err := c.h.iam.Account(c.ctx, account); err == nil {
		return &s3xml.Owner{ID: a.CanonicalID, DisplayName: a.DisplayName}
	}
	return &s3xml.Owner{ID: account}
}

func listBuckets(c *call) error {
	if c.principal.Account == "" {
		return apierr.AccessDenied
	}
	in := engine.ListBucketsInput{Owner: c.principal.Account, Prefix: c.query.Get("prefix"),
		ContinuationToken: c.query.Get("continuation-token"), Region: c.query.Get("bucket-region")}
	if v := c.query.Get("max-buckets"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return apierr.InvalidArgument.WithMessage("Argument max-buckets must be an integer between 1 and 10000").
				With("ArgumentName", "max-buckets").With("ArgumentValue", v)
		}
		in.MaxBuckets = n
	}
	out, err := c.h.eng.ListBuckets(c.ctx, in)
	if err != nil {
		return err
	}
	res := &s3xml.ListAllMyBucketsResult{Owner: c.ownerXML(c.principal.Account), ContinuationToken: out.ContinuationToken, Prefix: in.Prefix}
	for _, b := range out.Buckets {
		res.Buckets = append(res.Buckets, s3xml.Bucket{Name: b.Name, CreationDate: b.Created, BucketRegion: b.Region})
	}
	return c.xml(res)
}

func createBucket(c *call) error {
	if c.principal.Account == "" {
		return apierr.AccessDenied
	}
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	cfg, err := s3xml.DecodeCreateBucketConfiguration(body)
	if err != nil {
		return err
	}
	own, err := createOwnership(c.r.Header)
	if err != nil {
		return err
	}
	configs, err := c.createBucketACL(own)
	if err != nil {
		return err
	}
	// New buckets start with all four Block Public Access settings on, in
	// the same commit that creates them.
	configs[control.ConfigPAB] = control.AllOn.Encode()
	if strings.EqualFold(c.r.Header.Get("X-Amz-Bucket-Object-Lock-Enabled"), "true") {
		// Retention that is not enforced must not be accepted.
		return errObjectLock
	}
	in := engine.CreateBucketInput{Name: c.bucket, Owner: c.principal.Account, Configs: configs}
	if cfg != nil {
		in.LocationConstraint = cfg.LocationConstraint
	}
	if err := c.h.eng.CreateBucket(c.ctx, in); err != nil {
		return err
	}
	c.w.Header().Set("Location", "/"+c.bucket)
	return c.empty(http.StatusOK)
}

func headBucket(c *call) error {
	c.w.Header().Set("X-Amz-Bucket-Region", c.bkt.Region)
	return c.empty(http.StatusOK)
}

func deleteBucket(c *call) error {
	if err := c.h.eng.DeleteBucket(c.ctx, c.bucket); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func getBucketLocation(c *call) error {
	loc := c.bkt.Region
	if loc == "us-east-1" {
		loc = ""
	}
	return c.xml(&s3xml.LocationConstraint{Location: loc})
}

func getBucketVersioning(c *call) error {
	return c.xml(&s3xml.VersioningConfiguration{Status: c.bkt.Versioning})
}

func putBucketVersioning(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	v, err := s3xml.DecodeVersioningConfiguration(body)
	if err != nil {
		return err
	}
	if v.MfaDelete == "Enabled" {
		return apierr.NotImplemented.WithMessage("MFA Delete is not supported")
	}
	if v.Status == "" {
		// A configuration without Status leaves the state unchanged.
		return c.empty(http.StatusOK)
	}
	if err := c.h.eng.PutBucketVersioning(c.ctx, c.bucket, v.Status); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func getBucketTagging(c *call) error {
	if len(c.bkt.Tags) == 0 {
		return apierr.NoSuchTagSet.With("BucketName", c.bucket)
	}
	return c.xml(&s3xml.Tagging{TagSet: tagsToXML(c.bkt.Tags)})
}

func putBucketTagging(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	t, err := s3xml.DecodeTagging(body, s3xml.BucketTags)
	if err != nil {
		return err
	}
	if err := c.h.eng.PutBucketTagging(c.ctx, c.bucket, tagsFromXML(t.TagSet)); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func deleteBucketTagging(c *call) error {
	if err := c.h.eng.PutBucketTagging(c.ctx, c.bucket, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func tagsToXML(tags []meta.Tag) []s3xml.Tag {
	out := make([]s3xml.Tag, len(tags))
	for i, t := range tags {
		out[i] = s3xml.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func tagsFromXML(tags []s3xml.Tag) []meta.Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]meta.Tag, len(tags))
	for i, t := range tags {
		out[i] = meta.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}
