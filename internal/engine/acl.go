package engine

import (
	"context"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// ObjectVersion returns the version a request names (the latest without
// versionID), with S3's errors for missing keys, versions and delete
// markers, and the version id to report. Authorization reads the owner
// and ACL from it; GetObjectAcl renders them.
func (e *Engine) ObjectVersion(ctx context.Context, bucket, key, versionID string) (*meta.Version, string, error) {
	b, v, err := e.resolve(ctx, bucket, key, versionID)
	if err != nil {
		return nil, "", err
	}
	return v, outVersionID(b, v.VersionID), nil
}

// PutObjectACL replaces a version's ACL in place (acl is internal/acl's
// stored form): like tags, the ACL is not part of the version's identity.
// It returns the version id to report.
func (e *Engine) PutObjectACL(ctx context.Context, bucket, key, versionID string, acl []byte) (string, error) {
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
		nv.ACL = acl
		return tx.Put(&nv, nil)
	})
	if err != nil {
		return "", mapMeta(err, apierr.NoSuchBucket.With("BucketName", bucket))
	}
	return outVersionID(b, cur.VersionID), nil
}
