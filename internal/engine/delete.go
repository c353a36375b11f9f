package engine

import (
	"context"
	"errors"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// DeleteOutput is the result of deleting one key or version.
type DeleteOutput struct {
	VersionID    string // the version removed, or the delete marker created
	DeleteMarker bool   // a delete marker was created or removed
}

// DeleteObject deletes a key (creating a delete marker in versioned
// buckets) or, with versionID, one version permanently. Deleting what does
// not exist succeeds, as in S3.
func (e *Engine) DeleteObject(ctx context.Context, bucket, key, versionID string) (*DeleteOutput, error) {
	b, err := e.bucket(ctx, bucket)
	if err != nil {
		return nil, err
	}
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	if versionID != "" {
		if err := ValidVersionID(versionID); err != nil {
			return nil, err
		}
	}
	out := &DeleteOutput{}
	var freed *meta.Version
	err = e.meta.UpdateObject(ctx, bucket, key, func(tx meta.ObjectTx) error {
		freed, out = nil, &DeleteOutput{}
		if versionID != "" {
			v, err := tx.Get(versionID)
			if errors.Is(err, meta.ErrNotFound) {
				out.VersionID = versionID
				return nil
			}
			if err != nil {
				return err
			}
			freed = v
			out.VersionID, out.DeleteMarker = versionID, v.DeleteMarker
			return tx.Delete(versionID)
		}
		if b.Versioning == meta.VersioningOff {
			v, err := tx.Get(meta.NullVersion)
			if errors.Is(err, meta.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			freed = v
			return tx.Delete(meta.NullVersion)
		}
		seq, id := tx.NewVersion()
		dm := &meta.Version{Bucket: bucket, Key: key, Seq: seq, VersionID: id, DeleteMarker: true, Owner: b.Owner, Modified: e.now().UTC()}
		if b.Versioning == meta.VersioningSuspended {
			dm.VersionID = meta.NullVersion
			old, err := tx.Get(meta.NullVersion)
			if err != nil && !errors.Is(err, meta.ErrNotFound) {
				return err
			}
			freed = old
		}
		out.VersionID, out.DeleteMarker = dm.VersionID, true
		return tx.Put(dm, nil)
	})
	if err != nil {
		return nil, mapMeta(err, apierr.NoSuchBucket.With("BucketName", bucket))
	}
	e.freeData(freed)
	if b.Versioning == meta.VersioningOff && versionID == "" {
		out.VersionID = ""
	}
	return out, nil
}

// DeleteObjectsEntry is one key of a DeleteObjects request.
type DeleteObjectsEntry struct {
	Key, VersionID string
}

// DeleteObjectsResult is one key's outcome.
type DeleteObjectsResult struct {
	Entry DeleteObjectsEntry
	Out   *DeleteOutput
	Err   *apierr.Error
}

// DeleteObjects deletes each key after asking authorize, which checks the
// per-key permission (each key is authorized separately, as S3 does).
func (e *Engine) DeleteObjects(ctx context.Context, bucket string, entries []DeleteObjectsEntry, authorize func(DeleteObjectsEntry) error) ([]DeleteObjectsResult, error) {
	if _, err := e.bucket(ctx, bucket); err != nil {
		return nil, err
	}
	res := make([]DeleteObjectsResult, 0, len(entries))
	for _, en := range entries {
		r := DeleteObjectsResult{Entry: en}
		err := authorize(en)
		if err == nil {
			r.Out, err = e.DeleteObject(ctx, bucket, en.Key, en.VersionID)
		}
		if err != nil {
			r.Err = apierr.As(err)
			if r.Err.Code == apierr.InternalError.Code {
				e.log.Error("delete failed", "bucket", bucket, "key", en.Key, "err", err)
			}
		}
		res = append(res, r)
	}
	return res, nil
}
