package engine

import (
	"context"
	"errors"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// CreateBucketInput is a CreateBucket request.
type CreateBucketInput struct {
	Name               string
	Owner              string // account id
	LocationConstraint string // "" when the body names none
	ObjectLock         bool
	// Configs are configuration documents the bucket starts with (Block
	// Public Access), committed with the bucket.
	Configs map[string][]byte
}

// CreateBucket creates a bucket owned by in.Owner.
func (e *Engine) CreateBucket(ctx context.Context, in CreateBucketInput) error {
	if !ValidBucketName(in.Name) {
		return apierr.InvalidBucketName.With("BucketName", in.Name)
	}
	switch in.LocationConstraint {
	case "":
		if e.region != "us-east-1" {
			return apierr.IllegalLocationConstraintException
		}
	case e.region:
		if e.region == "us-east-1" {
			// AWS refuses an explicit us-east-1 constraint.
			return apierr.InvalidLocationConstraint.With("LocationConstraint", in.LocationConstraint)
		}
	default:
		return apierr.IllegalLocationConstraintException.WithMessage(
			"The " + in.LocationConstraint + " location constraint is incompatible for the region specific endpoint this request was sent to.")
	}
	b := &meta.Bucket{Name: in.Name, Owner: in.Owner, Region: e.region, Created: e.now().UTC(), ObjectLock: in.ObjectLock, Configs: in.Configs}
	if in.ObjectLock {
		b.Versioning = meta.VersioningEnabled
	}
	err := e.meta.CreateBucket(ctx, b)
	var exists *meta.BucketExistsError
	if errors.As(err, &exists) {
		if exists.Owner == in.Owner {
			return apierr.BucketAlreadyOwnedByYou.With("BucketName", in.Name)
		}
		return apierr.BucketAlreadyExists.With("BucketName", in.Name)
	}
	return err
}

// DeleteBucket deletes an empty bucket.
func (e *Engine) DeleteBucket(ctx context.Context, name string) error {
	err := e.meta.DeleteBucket(ctx, name)
	switch {
	case errors.Is(err, meta.ErrNotFound):
		return apierr.NoSuchBucket.With("BucketName", name)
	case errors.Is(err, meta.ErrNotEmpty):
		return apierr.BucketNotEmpty.With("BucketName", name)
	}
	return err
}

// ListBucketsInput selects buckets of one owner.
type ListBucketsInput struct {
	Owner             string
	Prefix            string
	ContinuationToken string // the last bucket name of the previous page
	MaxBuckets        int    // 0: all
	Region            string // bucket-region filter
}

// ListBucketsOutput is a page of buckets.
type ListBucketsOutput struct {
	Buckets           []*meta.Bucket
	ContinuationToken string // set when truncated
}

// ListBuckets lists the owner's buckets in name order.
func (e *Engine) ListBuckets(ctx context.Context, in ListBucketsInput) (*ListBucketsOutput, error) {
	out := &ListBucketsOutput{}
	after := in.ContinuationToken
	if in.Prefix != "" && after < in.Prefix {
		after = ""
	}
	for {
		page, err := e.meta.ListBuckets(ctx, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			after = b.Name
			if b.Owner != in.Owner || !strings.HasPrefix(b.Name, in.Prefix) || (in.Region != "" && b.Region != in.Region) {
				continue
			}
			if in.MaxBuckets > 0 && len(out.Buckets) == in.MaxBuckets {
				out.ContinuationToken = out.Buckets[len(out.Buckets)-1].Name
				return out, nil
			}
			out.Buckets = append(out.Buckets, b)
		}
		if len(page) < 1000 {
			return out, nil
		}
	}
}

// PutBucketVersioning sets the versioning state: Enabled or Suspended.
func (e *Engine) PutBucketVersioning(ctx context.Context, name, status string) error {
	if status != meta.VersioningEnabled && status != meta.VersioningSuspended {
		return apierr.MalformedXML
	}
	err := e.meta.UpdateBucket(ctx, name, func(b *meta.Bucket) error {
		if b.ObjectLock && status == meta.VersioningSuspended {
			return apierr.InvalidBucketState.WithMessage("An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
		}
		b.Versioning = status
		return nil
	})
	return mapMeta(err, apierr.NoSuchBucket.With("BucketName", name))
}

// PutBucketTagging replaces the bucket's tags; nil removes them.
func (e *Engine) PutBucketTagging(ctx context.Context, name string, tags []meta.Tag) error {
	err := e.meta.UpdateBucket(ctx, name, func(b *meta.Bucket) error {
		b.Tags = tags
		return nil
	})
	return mapMeta(err, apierr.NoSuchBucket.With("BucketName", name))
}

// SetBucketConfig stores (or with nil removes) a named configuration
// document of a bucket.
func (e *Engine) SetBucketConfig(ctx context.Context, name, doc string, value []byte) error {
	err := e.meta.UpdateBucket(ctx, name, func(b *meta.Bucket) error {
		if value == nil {
			delete(b.Configs, doc)
			return nil
		}
		if b.Configs == nil {
			b.Configs = map[string][]byte{}
		}
		b.Configs[doc] = value
		return nil
	})
	return mapMeta(err, apierr.NoSuchBucket.With("BucketName", name))
}
