package engine

import (
	"context"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// GetObjectTagging returns a version's tags and the version id to report.
func (e *Engine) GetObjectTagging(ctx context.Context, bucket, key, versionID string) ([]meta.Tag, string, error) {
	b, v, err := e.resolve(ctx, bucket, key, versionID)
	if err != nil {
		return nil, "", err
	}
	return v.Tags, outVersionID(b, v.VersionID), nil
}

// PutObjectTagging replaces a version's tags (nil removes them) in place:
// tags are not part of the version's identity, so no new version is made.
func (e *Engine) PutObjectTagging(ctx context.Context, bucket, key, versionID string, tags []meta.Tag) (string, error) {
	b, cur, err := e.resolve(ctx, bucket, key, versionID)
	if err != nil {
		return "", err
	}
	err = e.meta.UpdateObject(ctx, bucket, key, func(tx meta.ObjectTx) error {
		v, err := tx.Get(cur.VersionID)
		if err != nil {
			return mapMeta(err, apierr.NoSuchKey.With("Key", key))
		}
		if v.DeleteMarker {
			return apierr.MethodNotAllowed
		}
		nv := *v
		nv.Tags = tags
		return tx.Put(&nv, nil)
	})
	if err != nil {
		return "", mapMeta(err, apierr.NoSuchBucket.With("BucketName", bucket))
	}
	return outVersionID(b, cur.VersionID), nil
}
