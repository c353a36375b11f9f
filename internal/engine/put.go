package engine

import (
	"context"
	"errors"
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/meta"
)

// MaxPutSize is S3's limit for a single PUT (5 GiB).
const MaxPutSize = 5 << 30

// ObjectAttrs are the attributes a write stores with an object.
type ObjectAttrs struct {
	Headers      meta.Headers
	Meta         []meta.KV
	Tags         []meta.Tag
	StorageClass string
	// ACL is the object's ACL (internal/acl's stored form); nil keeps the
	// default.
	ACL []byte
}

// PutInput is a PutObject request.
type PutInput struct {
	Bucket, Key string
	Owner       string // the object owner (the bucket owner: BucketOwnerEnforced)
	Body        io.Reader
	Size        int64 // the decoded content length
	ContentMD5  string
	Checksum    ChecksumInput
	Attrs       ObjectAttrs
	Cond        WriteConditions
	Keys        WriteKeys // how to encrypt (zero: SSE-S3)
}

// PutOutput is the result of a write.
type PutOutput struct {
	VersionID  string // "" when the bucket never had versioning
	ETag       string // unquoted
	Checksum   meta.Checksum
	Size       int64
	Encryption meta.Encryption
}

// DefaultChecksum is what S3 computes for objects uploaded without one.
const DefaultChecksum = checksum.CRC64NVME

// PutObject stores an object.
func (e *Engine) PutObject(ctx context.Context, in *PutInput) (*PutOutput, error) {
	if err := CheckKey(in.Key); err != nil {
		return nil, err
	}
	if in.Size > MaxPutSize {
		return nil, apierr.EntityTooLarge.With("ProposedSize", itoa(in.Size)).With("MaxSizeAllowed", itoa(MaxPutSize))
	}
	if err := CheckMeta(in.Attrs.Meta); err != nil {
		return nil, err
	}
	if err := in.Cond.Validate(); err != nil {
		return nil, err
	}
	b, err := e.bucket(ctx, in.Bucket)
	if err != nil {
		return nil, err
	}
	ck := in.Checksum
	if ck.Algorithm == checksum.None {
		ck.Algorithm = DefaultChecksum
	}
	dk, enc, encMeta, err := e.sealFor(ctx, in.Bucket, in.Key, &in.Keys, 0)
	if err != nil {
		return nil, err
	}
	r, err := e.receive(in.Body, in.Size, in.ContentMD5, ck, in.Size <= e.inlineMax, enc)
	if err != nil {
		return nil, err
	}
	v := &meta.Version{
		Bucket: in.Bucket, Key: in.Key, Size: r.size,
		ETag:         etagFor(encMeta.Mode, dk, r.md5),
		Encryption:   encMeta,
		Owner:        in.Owner,
		StorageClass: storageClass(in.Attrs.StorageClass),
		Headers:      in.Attrs.Headers,
		Meta:         in.Attrs.Meta,
		Tags:         in.Attrs.Tags,
		Checksum:     meta.Checksum{Algorithm: r.alg.String(), Value: r.sumB64, Type: checksum.TypeFullObject.String()},
		ACL:          in.Attrs.ACL,
	}
	if err := e.commitData(r, v); err != nil {
		return nil, err
	}
	if err := e.commitVersion(ctx, b, v, r.data, &in.Cond, ""); err != nil {
		e.freeData(v)
		return nil, err
	}
	return &PutOutput{VersionID: outVersionID(b, v.VersionID), ETag: v.ETag, Checksum: v.Checksum, Size: v.Size, Encryption: v.Encryption}, nil
}

func storageClass(s string) string {
	if s == "" {
		return "STANDARD"
	}
	return s
}

// commitData makes received data durable: inline data travels with the
// metadata commit, blobs are committed now.
func (e *Engine) commitData(r *received, v *meta.Version) error {
	if r.blob == nil {
		v.Inline = true
		return nil
	}
	id, err := r.blob.Commit()
	if err != nil {
		return err
	}
	v.Blob = id
	return nil
}

// commitVersion stores v as the new current version of its key under the
// bucket's versioning state, after checking write conditions against the
// latest version. uploadID, when set, completes that multipart upload in the
// same commit. Data of versions it replaces is freed afterwards.
func (e *Engine) commitVersion(ctx context.Context, b *meta.Bucket, v *meta.Version, inline []byte, cond *WriteConditions, uploadID string) error {
	var replaced *meta.Version
	v.Modified = e.now().UTC()
	err := e.meta.UpdateObject(ctx, v.Bucket, v.Key, func(tx meta.ObjectTx) error {
		replaced = nil
		if cond != nil && (cond.IfMatch != "" || cond.IfNoneMatch != "") {
			latest, err := tx.Latest()
			if err != nil && !errors.Is(err, meta.ErrNotFound) {
				return err
			}
			if err := cond.check(latest); err != nil {
				return err
			}
		}
		if uploadID != "" {
			if _, _, err := tx.TakeUpload(uploadID); err != nil {
				return mapMeta(err, apierr.NoSuchUpload.With("UploadId", uploadID))
			}
		}
		seq, id := tx.NewVersion()
		v.Seq = seq
		v.VersionID = id
		if b.Versioning != meta.VersioningEnabled {
			v.VersionID = meta.NullVersion
			old, err := tx.Get(meta.NullVersion)
			if err != nil && !errors.Is(err, meta.ErrNotFound) {
				return err
			}
			replaced = old
		}
		return tx.Put(v, inline)
	})
	if err != nil {
		return mapMeta(err, apierr.NoSuchBucket.With("BucketName", v.Bucket))
	}
	e.freeData(replaced)
	return nil
}

// outVersionID is the x-amz-version-id to return: none for buckets that
// never had versioning.
func outVersionID(b *meta.Bucket, id string) string {
	if b.Versioning == meta.VersioningOff {
		return ""
	}
	return id
}
