package engine

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/meta"
)

// Multipart limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html).
const (
	MaxParts    = 10000
	MinPartSize = 5 << 20
	MaxPartSize = 5 << 30
)

// CreateUploadInput is a CreateMultipartUpload request.
type CreateUploadInput struct {
	Bucket, Key  string
	Owner        string
	Initiator    string
	Attrs        ObjectAttrs
	Checksum     checksum.Algorithm
	ChecksumType checksum.Type
	Keys         WriteKeys
}

// CreateUpload starts a multipart upload and returns it.
func (e *Engine) CreateUpload(ctx context.Context, in *CreateUploadInput) (*meta.Upload, error) {
	if err := CheckKey(in.Key); err != nil {
		return nil, err
	}
	if err := CheckMeta(in.Attrs.Meta); err != nil {
		return nil, err
	}
	if in.ChecksumType != checksum.NoType {
		if in.Checksum == checksum.None {
			return nil, apierr.InvalidRequest.WithMessage("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
		}
		if !in.ChecksumType.Supports(in.Checksum) {
			return nil, apierr.InvalidRequest.WithMessage("The " + in.ChecksumType.String() + " checksum type cannot be used with the " + strings.ToLower(in.Checksum.String()) + " checksum algorithm.")
		}
	} else if in.Checksum != checksum.None {
		in.ChecksumType = in.Checksum.DefaultType()
	}
	if _, err := e.bucket(ctx, in.Bucket); err != nil {
		return nil, err
	}
	u := &meta.Upload{
		Bucket: in.Bucket, Key: in.Key, Initiated: e.now().UTC(), Owner: in.Owner, Initiator: in.Initiator,
		StorageClass: storageClass(in.Attrs.StorageClass), Headers: in.Attrs.Headers, Meta: in.Attrs.Meta, Tags: in.Attrs.Tags,
		ACL: in.Attrs.ACL,
	}
	if in.Checksum != checksum.None {
		u.ChecksumAlgorithm, u.ChecksumType = in.Checksum.String(), in.ChecksumType.String()
	}
	if !e.plaintext {
		// One data key for the upload; each part is its own stream, bound
		// to its blob and part number.
		_, enc, err := e.newDataKey(ctx, in.Bucket, in.Key, &in.Keys)
		if err != nil {
			return nil, err
		}
		u.Encryption = enc
	}
	if err := e.meta.CreateUpload(ctx, u); err != nil {
		return nil, mapMeta(err, apierr.NoSuchBucket.With("BucketName", in.Bucket))
	}
	return u, nil
}

// Upload returns an in-progress upload (NoSuchUpload when absent).
func (e *Engine) Upload(ctx context.Context, bucket, key, uploadID string) (*meta.Upload, error) {
	return e.upload(ctx, bucket, key, uploadID)
}

func (e *Engine) upload(ctx context.Context, bucket, key, uploadID string) (*meta.Upload, error) {
	if _, err := e.bucket(ctx, bucket); err != nil {
		return nil, err
	}
	u, err := e.meta.GetUpload(ctx, bucket, key, uploadID)
	return u, mapMeta(err, apierr.NoSuchUpload.With("UploadId", uploadID))
}

// UploadPartInput is an UploadPart request.
type UploadPartInput struct {
	Bucket, Key, UploadID string
	PartNumber            int
	Body                  bodyReader
	Size                  int64
	ContentMD5            string
	Checksum              ChecksumInput
	Keys                  ReadKeys // SSE-C key; KMS permission to use the upload's key
}

type bodyReader = interface{ Read([]byte) (int, error) }

// CheckPartNumber validates a partNumber parameter.
func CheckPartNumber(n int) error {
	if n < 1 || n > MaxParts {
		return apierr.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive").
			With("ArgumentName", "partNumber").With("ArgumentValue", itoa(int64(n)))
	}
	return nil
}

// UploadPart stores one part.
func (e *Engine) UploadPart(ctx context.Context, in *UploadPartInput) (*meta.Part, error) {
	if err := CheckPartNumber(in.PartNumber); err != nil {
		return nil, err
	}
	if in.Size > MaxPartSize {
		return nil, apierr.EntityTooLarge.With("ProposedSize", itoa(in.Size)).With("MaxSizeAllowed", itoa(MaxPartSize))
	}
	u, err := e.upload(ctx, in.Bucket, in.Key, in.UploadID)
	if err != nil {
		return nil, err
	}
	ck := in.Checksum
	if ua, _ := checksum.Parse(u.ChecksumAlgorithm); ua != checksum.None {
		if ck.Algorithm != checksum.None && ck.Algorithm != ua {
			return nil, apierr.InvalidRequest.WithMessage("Checksum Type mismatch occurred, expected checksum Type: " + strings.ToLower(ua.String()) + ", actual checksum Type: " + strings.ToLower(ck.Algorithm.String()))
		}
		ck.Algorithm = ua
	} else if ck.Algorithm == checksum.None {
		// S3 adds its default checksum to parts of uploads created without
		// one, so the object gets a full-object CRC64NVME at completion.
		ck.Algorithm = DefaultChecksum
	}
	dk, err := e.dataKey(ctx, in.Bucket, in.Key, &u.Encryption, &in.Keys)
	if err != nil {
		return nil, err
	}
	var enc *dataEnc
	if dk != nil {
		enc = &dataEnc{key: dk, part: in.PartNumber}
	}
	r, err := e.receive(in.Body, in.Size, in.ContentMD5, ck, false, enc)
	if err != nil {
		return nil, err
	}
	id, err := r.blob.Commit()
	if err != nil {
		return nil, err
	}
	p := &meta.Part{Number: int32(in.PartNumber), Size: r.size, ETag: etagFor(u.Encryption.Mode, dk, r.md5), Checksum: r.sumB64, Blob: id, Modified: e.now().UTC()}
	old, err := e.meta.PutPart(ctx, in.Bucket, in.Key, in.UploadID, p)
	if err != nil {
		e.removeBlob(id)
		return nil, mapMeta(err, apierr.NoSuchUpload.With("UploadId", in.UploadID))
	}
	if old != nil {
		e.removeBlob(old.Blob)
	}
	return p, nil
}

// AbortUpload discards an upload and its parts.
func (e *Engine) AbortUpload(ctx context.Context, bucket, key, uploadID string) error {
	if _, err := e.bucket(ctx, bucket); err != nil {
		return err
	}
	parts, err := e.meta.AbortUpload(ctx, bucket, key, uploadID)
	if err != nil {
		return mapMeta(err, apierr.NoSuchUpload.With("UploadId", uploadID))
	}
	for _, p := range parts {
		e.removeBlob(p.Blob)
	}
	return nil
}

// CompletePart is one entry of a CompleteMultipartUpload body.
type CompletePart struct {
	Number   int
	ETag     string
	Checksum string // the part's checksum in the request, if any
}

// CompleteInput is a CompleteMultipartUpload request.
type CompleteInput struct {
	Bucket, Key, UploadID string
	Parts                 []CompletePart
	Cond                  WriteConditions
	// Checksum is the whole object's checksum the client expects, if any
	// (x-amz-checksum-<alg> on Complete), and its type.
	Checksum     ChecksumInput
	ChecksumType checksum.Type
	MPUSize      int64 // x-amz-mp-object-size, -1 when absent
	Keys         ReadKeys
}

// CompleteMultipartUpload assembles the parts into an object in one commit:
// the upload disappears and the version appears atomically.
func (e *Engine) CompleteMultipartUpload(ctx context.Context, in *CompleteInput) (*PutOutput, error) {
	if err := in.Cond.Validate(); err != nil {
		return nil, err
	}
	b, err := e.bucket(ctx, in.Bucket)
	if err != nil {
		return nil, err
	}
	u, err := e.upload(ctx, in.Bucket, in.Key, in.UploadID)
	if err != nil {
		return nil, err
	}
	if len(in.Parts) == 0 {
		return nil, apierr.MalformedXML
	}
	stored, err := e.storedParts(ctx, u)
	if err != nil {
		return nil, err
	}
	v, unused, err := assemble(u, in, stored)
	if err != nil {
		return nil, err
	}
	v.Owner = u.Owner
	v.ACL = u.ACL
	if err := checkCompleteKeys(ctx, &u.Encryption, &in.Keys); err != nil {
		return nil, err
	}
	v.Encryption = u.Encryption
	if err := e.commitVersion(ctx, b, v, nil, &in.Cond, in.UploadID); err != nil {
		return nil, err
	}
	for _, p := range unused {
		e.removeBlob(p.Blob)
	}
	return &PutOutput{VersionID: outVersionID(b, v.VersionID), ETag: v.ETag, Checksum: v.Checksum, Size: v.Size, Encryption: v.Encryption}, nil
}

func (e *Engine) storedParts(ctx context.Context, u *meta.Upload) (map[int32]*meta.Part, error) {
	it, err := e.meta.Parts(ctx, u.Bucket, u.Key, u.UploadID, 0)
	if err != nil {
		return nil, mapMeta(err, apierr.NoSuchUpload.With("UploadId", u.UploadID))
	}
	defer it.Close()
	m := map[int32]*meta.Part{}
	for it.Next() {
		p := it.Item()
		m[p.Number] = p
	}
	return m, it.Err()
}

// assemble checks the requested part list against the stored parts and
// builds the object's version: ETag "<md5 of the part md5s>-N" and the
// composite or full-object checksum.
func assemble(u *meta.Upload, in *CompleteInput, stored map[int32]*meta.Part) (*meta.Version, []*meta.Part, error) {
	alg, _ := checksum.Parse(u.ChecksumAlgorithm)
	typ, _ := checksum.ParseType(u.ChecksumType)
	if alg == checksum.None && defaultChecksummed(in.Parts, stored) {
		alg, typ = DefaultChecksum, checksum.TypeFullObject
	}
	if in.ChecksumType != checksum.NoType && in.ChecksumType != typ {
		return nil, nil, apierr.InvalidRequest.WithMessage("The upload was created using the " + typeOrNull(typ) + " checksum mode. The complete request must use the same checksum mode.")
	}
	etags := md5.New()
	var (
		parts   []meta.Part
		digests [][]byte
		crcs    []checksum.Part
		size    int64
		prev    = 0
	)
	for i, cp := range in.Parts {
		if cp.Number <= prev {
			return nil, nil, apierr.InvalidPartOrder
		}
		prev = cp.Number
		p, ok := stored[int32(cp.Number)]
		if !ok || strings.Trim(cp.ETag, `"`) != p.ETag {
			return nil, nil, apierr.InvalidPart.With("UploadId", u.UploadID).With("PartNumber", itoa(int64(cp.Number))).With("ETag", cp.ETag)
		}
		if u.ChecksumAlgorithm != "" && cp.Checksum != "" && cp.Checksum != p.Checksum {
			return nil, nil, apierr.InvalidPart.With("UploadId", u.UploadID).With("PartNumber", itoa(int64(cp.Number)))
		}
		if i < len(in.Parts)-1 && p.Size < MinPartSize {
			return nil, nil, apierr.EntityTooSmall.With("ProposedSize", itoa(p.Size)).With("MinSizeAllowed", itoa(MinPartSize)).
				With("PartNumber", itoa(int64(cp.Number))).With("ETag", p.ETag)
		}
		raw, _ := hex.DecodeString(p.ETag)
		etags.Write(raw)
		if alg != checksum.None {
			d, err := checksum.Decode(alg, p.Checksum)
			if err != nil {
				return nil, nil, apierr.InvalidPart.With("UploadId", u.UploadID).With("PartNumber", itoa(int64(cp.Number)))
			}
			digests = append(digests, d)
			crcs = append(crcs, checksum.Part{Checksum: d, Size: p.Size})
		}
		parts = append(parts, *p)
		size += p.Size
		delete(stored, p.Number)
	}
	if in.MPUSize >= 0 && in.MPUSize != size {
		return nil, nil, apierr.InvalidRequest.WithMessage("The provided 'x-amz-mp-object-size' header value " + itoa(in.MPUSize) + " does not match what was computed: " + itoa(size))
	}
	v := &meta.Version{
		Bucket: u.Bucket, Key: u.Key, Size: size,
		ETag:         hex.EncodeToString(etags.Sum(nil)) + "-" + itoa(int64(len(parts))),
		StorageClass: u.StorageClass, Headers: u.Headers, Meta: u.Meta, Tags: u.Tags, Parts: parts,
	}
	if alg != checksum.None {
		v.Checksum = meta.Checksum{Algorithm: alg.String(), Type: typ.String()}
		if typ == checksum.TypeFullObject {
			v.Checksum.Value = checksum.Encode(checksum.CombineParts(alg, crcs))
		} else {
			v.Checksum.Value = checksum.Composite(alg, digests)
		}
		if want := in.Checksum.Value; want != "" && in.Checksum.Algorithm == alg {
			if want != v.Checksum.Value && !strings.HasPrefix(v.Checksum.Value, want+"-") {
				return nil, nil, checksum.MismatchError(alg)
			}
		}
	}
	unused := make([]*meta.Part, 0, len(stored))
	for _, p := range stored {
		unused = append(unused, p)
	}
	return v, unused, nil
}

// defaultChecksummed reports whether every named part carries S3's default
// checksum, which parts of uploads without an algorithm get unless the
// client sent a checksum of another algorithm.
func defaultChecksummed(parts []CompletePart, stored map[int32]*meta.Part) bool {
	for _, cp := range parts {
		p, ok := stored[int32(cp.Number)]
		if !ok {
			return true // assemble reports the missing part
		}
		if d, err := checksum.Decode(DefaultChecksum, p.Checksum); err != nil || len(d) != DefaultChecksum.Size() {
			return false
		}
	}
	return true
}

func typeOrNull(t checksum.Type) string {
	if t == checksum.NoType {
		return "null"
	}
	return t.String()
}

// ListPartsOutput is a page of parts.
type ListPartsOutput struct {
	Upload    *meta.Upload
	Parts     []*meta.Part
	Truncated bool
	Next      int32
}

// ListParts lists an upload's parts after a part number.
func (e *Engine) ListParts(ctx context.Context, bucket, key, uploadID string, after int32, max int) (*ListPartsOutput, error) {
	u, err := e.upload(ctx, bucket, key, uploadID)
	if err != nil {
		return nil, err
	}
	it, err := e.meta.Parts(ctx, bucket, key, uploadID, after)
	if err != nil {
		return nil, mapMeta(err, apierr.NoSuchUpload.With("UploadId", uploadID))
	}
	defer it.Close()
	out := &ListPartsOutput{Upload: u}
	max = clampMax(max)
	for it.Next() {
		if len(out.Parts) >= max {
			// An empty page (max-parts=0) is never truncated: it has no
			// marker to continue from.
			out.Truncated = max > 0
			break
		}
		p := it.Item()
		out.Parts = append(out.Parts, p)
		out.Next = p.Number
	}
	return out, it.Err()
}

// ListUploadsOutput is a page of uploads.
type ListUploadsOutput struct {
	Uploads        []*meta.Upload
	CommonPrefixes []string
	Truncated      bool
	NextKey        string
	NextUploadID   string
}

// ListUploads lists in-progress uploads by key, then initiation.
func (e *Engine) ListUploads(ctx context.Context, in *ListInput) (*ListUploadsOutput, error) {
	if _, err := e.bucket(ctx, in.Bucket); err != nil {
		return nil, err
	}
	skip := rolledUpMarker(in)
	q := meta.ListQuery{Prefix: in.Prefix, After: in.After, AfterVersion: in.AfterVersion}
	it, err := e.meta.Uploads(ctx, in.Bucket, q)
	if err != nil {
		if errors.Is(err, meta.ErrNotFound) {
			return &ListUploadsOutput{}, nil
		}
		return nil, err
	}
	defer it.Close()
	if skip != "" {
		it.SkipPrefix(skip)
	}
	out := &ListUploadsOutput{}
	l := &lister{in: in, out: &ListOutput{}, max: clampMax(in.MaxKeys)}
	for it.Next() {
		u := it.Item()
		if len(out.Uploads)+len(out.CommonPrefixes) >= l.max {
			out.Truncated = l.max > 0
			break
		}
		if cp := l.rollup(u.Key); cp != "" {
			out.CommonPrefixes = append(out.CommonPrefixes, cp)
			out.NextKey, out.NextUploadID = cp, ""
			it.SkipPrefix(cp)
			continue
		}
		out.Uploads = append(out.Uploads, u)
		out.NextKey, out.NextUploadID = u.Key, u.UploadID
	}
	return out, it.Err()
}
