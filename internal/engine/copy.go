package engine

import (
	"context"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/meta"
)

// CopySource names the source of a copy and its preconditions.
type CopySource struct {
	Bucket, Key, VersionID string
	Cond                   Conditions
	Keys                   ReadKeys // x-amz-copy-source-server-side-encryption-customer-*, KMS permission
}

// CopyInput is a CopyObject request.
type CopyInput struct {
	Src                 CopySource
	Bucket, Key         string
	Owner               string
	ReplaceMetadata     bool // x-amz-metadata-directive: REPLACE
	ReplaceTags         bool // x-amz-tagging-directive: REPLACE
	Attrs               ObjectAttrs
	StorageClassChanged bool
	Checksum            checksum.Algorithm
	Cond                WriteConditions
	Keys                WriteKeys // the copy's encryption (re-encrypted)
	// EncryptionChanged: the request names encryption headers, which makes
	// a copy onto itself legal.
	EncryptionChanged bool
}

// CopyOutput is the result of a copy.
type CopyOutput struct {
	PutOutput
	SourceVersionID string
	Modified        time.Time
}

// openSource resolves and checks a copy source.
func (e *Engine) openSource(ctx context.Context, src *CopySource) (*meta.Bucket, *meta.Version, error) {
	b, v, err := e.resolve(ctx, src.Bucket, src.Key, src.VersionID)
	if err != nil {
		return nil, nil, err
	}
	if err := checkReadKeys(&v.Encryption, &src.Keys); err != nil {
		return nil, nil, err
	}
	if err := src.Cond.Check(v, true); err != nil {
		return nil, nil, err
	}
	return b, v, nil
}

// CopyObject copies an object, re-reading and re-hashing its data.
func (e *Engine) CopyObject(ctx context.Context, in *CopyInput) (*CopyOutput, error) {
	if err := CheckKey(in.Key); err != nil {
		return nil, err
	}
	if in.ReplaceMetadata {
		if err := CheckMeta(in.Attrs.Meta); err != nil {
			return nil, err
		}
	}
	srcBucket, src, err := e.openSource(ctx, &in.Src)
	if err != nil {
		return nil, err
	}
	dst, err := e.bucket(ctx, in.Bucket)
	if err != nil {
		return nil, err
	}
	if in.Src.Bucket == in.Bucket && in.Src.Key == in.Key && !in.ReplaceMetadata && !in.StorageClassChanged && !in.EncryptionChanged &&
		(in.Checksum == checksum.None || in.Checksum.String() == src.Checksum.Algorithm) &&
		(in.Src.VersionID == "" || in.Src.VersionID == src.VersionID) {
		latest, err := e.meta.GetVersion(ctx, in.Bucket, in.Key, "")
		if err == nil && latest.VersionID == src.VersionID {
			return nil, apierr.InvalidRequest.WithMessage("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
		}
	}
	if src.Size > MaxPutSize {
		return nil, apierr.InvalidRequest.WithMessage("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	alg := in.Checksum
	if alg == checksum.None {
		alg, _ = checksum.Parse(src.Checksum.Algorithm)
		if alg == checksum.None {
			alg = DefaultChecksum
		}
	}
	srcKey, err := e.dataKey(ctx, src.Bucket, src.Key, &src.Encryption, &in.Src.Keys)
	if err != nil {
		return nil, err
	}
	dk, enc, encMeta, err := e.sealFor(ctx, in.Bucket, in.Key, &in.Keys, 0)
	if err != nil {
		return nil, err
	}
	body, closer, err := e.openData(ctx, src, 0, src.Size, srcKey)
	if err != nil {
		return nil, err
	}
	r, err := e.receive(body, src.Size, "", ChecksumInput{Algorithm: alg}, src.Size <= e.inlineMax, enc)
	if closer != nil {
		closer.Close()
	}
	if err != nil {
		return nil, err
	}
	v := &meta.Version{
		Bucket: in.Bucket, Key: in.Key, Size: r.size, ETag: etagFor(encMeta.Mode, dk, r.md5), Owner: in.Owner, Encryption: encMeta,
		StorageClass: src.StorageClass, Headers: src.Headers, Meta: src.Meta, Tags: src.Tags,
		Checksum: meta.Checksum{Algorithm: alg.String(), Value: r.sumB64, Type: checksum.TypeFullObject.String()},
		ACL:      in.Attrs.ACL, // a copy never takes the source's ACL
	}
	if in.ReplaceMetadata {
		v.Headers, v.Meta = in.Attrs.Headers, in.Attrs.Meta
	}
	if in.ReplaceTags {
		v.Tags = in.Attrs.Tags
	}
	if in.StorageClassChanged {
		v.StorageClass = storageClass(in.Attrs.StorageClass)
	}
	if err := e.commitData(r, v); err != nil {
		return nil, err
	}
	if err := e.commitVersion(ctx, dst, v, r.data, &in.Cond, ""); err != nil {
		e.freeData(v)
		return nil, err
	}
	return &CopyOutput{
		PutOutput:       PutOutput{VersionID: outVersionID(dst, v.VersionID), ETag: v.ETag, Checksum: v.Checksum, Size: v.Size, Encryption: v.Encryption},
		SourceVersionID: outVersionID(srcBucket, src.VersionID),
		Modified:        v.Modified,
	}, nil
}

// CopyPartInput is an UploadPartCopy request.
type CopyPartInput struct {
	Src                   CopySource
	Range                 string // x-amz-copy-source-range, "" for the whole source
	Bucket, Key, UploadID string
	PartNumber            int
	Keys                  ReadKeys // the upload's keys (SSE-C key of the destination)
}

// CopyPartOutput is the result of UploadPartCopy.
type CopyPartOutput struct {
	Part            *meta.Part
	SourceVersionID string
}

// UploadPartCopy stores a part copied from (a range of) another object.
func (e *Engine) UploadPartCopy(ctx context.Context, in *CopyPartInput) (*CopyPartOutput, error) {
	if err := CheckPartNumber(in.PartNumber); err != nil {
		return nil, err
	}
	if _, err := e.upload(ctx, in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	srcBucket, src, err := e.openSource(ctx, &in.Src)
	if err != nil {
		return nil, err
	}
	start, length := int64(0), src.Size
	if in.Range != "" {
		r, ok := ParseRange(in.Range)
		if !ok || r.Start < 0 || r.End < 0 || r.End >= src.Size {
			return nil, apierr.InvalidArgument.WithMessage("Range specified is not valid for source object of size: "+itoa(src.Size)).
				With("ArgumentName", "x-amz-copy-source-range").With("ArgumentValue", in.Range)
		}
		start, length = r.Start, r.End-r.Start+1
	}
	if length > MaxPartSize {
		return nil, apierr.InvalidRequest.WithMessage("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	srcKey, err := e.dataKey(ctx, src.Bucket, src.Key, &src.Encryption, &in.Src.Keys)
	if err != nil {
		return nil, err
	}
	body, closer, err := e.openData(ctx, src, start, length, srcKey)
	if err != nil {
		return nil, err
	}
	defer func() {
		if closer != nil {
			closer.Close()
		}
	}()
	p, err := e.UploadPart(ctx, &UploadPartInput{Bucket: in.Bucket, Key: in.Key, UploadID: in.UploadID, PartNumber: in.PartNumber, Body: body, Size: length, Keys: in.Keys})
	if err != nil {
		return nil, err
	}
	return &CopyPartOutput{Part: p, SourceVersionID: outVersionID(srcBucket, src.VersionID)}, nil
}
