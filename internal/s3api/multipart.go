package s3api

import (
	"net/http"
	"strconv"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

func createMultipartUpload(c *call) error {
	attrs, err := objectAttrs(c.r.Header, true)
	if err != nil {
		return err
	}
	owner, err := c.objectWriteACL(c.r.Header, &attrs)
	if err != nil {
		return err
	}
	in := &engine.CreateUploadInput{Bucket: c.bucket, Key: c.key, Owner: owner, Initiator: c.principal.ARN, Attrs: attrs}
	if v := c.r.Header.Get("X-Amz-Checksum-Algorithm"); v != "" {
		a, ok := checksum.Parse(v)
		if !ok {
			return apierr.InvalidRequest.WithMessage("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
		in.Checksum = a
	}
	if v := c.r.Header.Get("X-Amz-Checksum-Type"); v != "" {
		t, ok := checksum.ParseType(v)
		if !ok {
			return apierr.InvalidRequest.WithMessage("Value for x-amz-checksum-type header is invalid.")
		}
		in.ChecksumType = t
	}
	if in.Keys, err = c.writeKeys(); err != nil {
		return err
	}
	u, err := c.h.eng.CreateUpload(c.ctx, in)
	if err != nil {
		return err
	}
	setSSEHeaders(c.w.Header(), &u.Encryption, in.Keys.CustomerKey)
	if u.ChecksumAlgorithm != "" {
		c.w.Header().Set("X-Amz-Checksum-Algorithm", u.ChecksumAlgorithm)
		c.w.Header().Set("X-Amz-Checksum-Type", u.ChecksumType)
	}
	return c.xml(&s3xml.InitiateMultipartUploadResult{Bucket: c.bucket, Key: c.key, UploadId: u.UploadID})
}

func (c *call) partNumber() (int, error) {
	v := c.query.Get("partNumber")
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, apierr.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive").
			With("ArgumentName", "partNumber").With("ArgumentValue", v)
	}
	return n, engine.CheckPartNumber(n)
}

func uploadPart(c *call) error {
	n, err := c.partNumber()
	if err != nil {
		return err
	}
	size, ck, err := c.payload()
	if err != nil {
		return err
	}
	rk, err := c.readKeys(hSSECPrefix)
	if err != nil {
		return err
	}
	p, err := c.h.eng.UploadPart(c.ctx, &engine.UploadPartInput{Bucket: c.bucket, Key: c.key, UploadID: c.query.Get("uploadId"),
		PartNumber: n, Body: c.auth.Body, Size: size, ContentMD5: c.r.Header.Get("Content-Md5"), Checksum: ck, Keys: rk})
	if err != nil {
		return err
	}
	hdr := c.w.Header()
	c.setUploadSSEHeaders(rk)
	hdr.Set("ETag", quote(p.ETag))
	if ck.Algorithm != checksum.None && p.Checksum != "" {
		hdr.Set(ck.Algorithm.HeaderName(), p.Checksum)
	}
	return c.empty(http.StatusOK)
}

func uploadPartCopy(c *call) error {
	n, err := c.partNumber()
	if err != nil {
		return err
	}
	src, err := c.copySource()
	if err != nil {
		return err
	}
	if src.Keys, err = c.readKeys(hCopySSEC); err != nil {
		return err
	}
	rk, err := c.readKeys(hSSECPrefix)
	if err != nil {
		return err
	}
	out, err := c.h.eng.UploadPartCopy(c.ctx, &engine.CopyPartInput{Src: src, Range: c.r.Header.Get("X-Amz-Copy-Source-Range"),
		Bucket: c.bucket, Key: c.key, UploadID: c.query.Get("uploadId"), PartNumber: n, Keys: rk})
	if err != nil {
		return err
	}
	if out.SourceVersionID != "" {
		c.w.Header().Set("X-Amz-Copy-Source-Version-Id", out.SourceVersionID)
	}
	c.setUploadSSEHeaders(rk)
	return c.xml(&s3xml.CopyPartResult{ETag: quote(out.Part.ETag), LastModified: out.Part.Modified})
}

func completeMultipartUpload(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	doc, err := s3xml.DecodeCompleteMultipartUpload(body)
	if err != nil {
		return err
	}
	in := &engine.CompleteInput{Bucket: c.bucket, Key: c.key, UploadID: c.query.Get("uploadId"), Cond: writeConditions(c.r.Header), MPUSize: -1}
	for _, p := range doc.Parts {
		cp := engine.CompletePart{Number: p.PartNumber, ETag: p.ETag}
		for _, pv := range p.Checksums.Present() {
			cp.Checksum = pv[1]
		}
		in.Parts = append(in.Parts, cp)
	}
	for _, a := range checksum.Algorithms() {
		if v := c.r.Header.Get(a.HeaderName()); v != "" {
			in.Checksum = engine.ChecksumInput{Algorithm: a, Value: v}
		}
	}
	if v := c.r.Header.Get("X-Amz-Checksum-Type"); v != "" {
		t, ok := checksum.ParseType(v)
		if !ok {
			return apierr.InvalidRequest.WithMessage("Value for x-amz-checksum-type header is invalid.")
		}
		in.ChecksumType = t
	}
	if v := c.r.Header.Get("X-Amz-Mp-Object-Size"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return apierr.InvalidRequest.WithMessage("Value for x-amz-mp-object-size header is invalid.")
		}
		in.MPUSize = n
	}
	if in.Keys, err = c.readKeys(hSSECPrefix); err != nil {
		return err
	}
	out, err := c.h.eng.CompleteMultipartUpload(c.ctx, in)
	if err != nil {
		return err
	}
	setSSEHeaders(c.w.Header(), &out.Encryption, in.Keys.CustomerKey)
	if out.VersionID != "" {
		c.w.Header().Set("X-Amz-Version-Id", out.VersionID)
	}
	res := &s3xml.CompleteMultipartUploadResult{Location: c.location(), Bucket: c.bucket, Key: c.key, ETag: quote(out.ETag), ChecksumType: out.Checksum.Type}
	res.Checksums.Set(out.Checksum.Algorithm, out.Checksum.Value)
	return c.xml(res)
}

// location is the object's URL as the client addressed the server.
func (c *call) location() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host + "/" + c.bucket + "/" + c.key
}

func abortMultipartUpload(c *call) error {
	if err := c.h.eng.AbortUpload(c.ctx, c.bucket, c.key, c.query.Get("uploadId")); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func listParts(c *call) error {
	var after int64
	if v := c.query.Get("part-number-marker"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return apierr.InvalidArgument.WithMessage("Provided part-number-marker not an integer or within integer range").
				With("ArgumentName", "part-number-marker").With("ArgumentValue", v)
		}
		after = n
	}
	max := engine.DefaultMaxKeys
	if v := c.query.Get("max-parts"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return apierr.InvalidArgument.WithMessage("Provided max-parts not an integer or within integer range").
				With("ArgumentName", "max-parts").With("ArgumentValue", v)
		}
		if n < max {
			max = n
		}
	}
	uploadID := c.query.Get("uploadId")
	out, err := c.h.eng.ListParts(c.ctx, c.bucket, c.key, uploadID, int32(after), max)
	if err != nil {
		return err
	}
	u := out.Upload
	res := &s3xml.ListPartsResult{Bucket: c.bucket, Key: c.key, UploadId: uploadID, PartNumberMarker: int(after), MaxParts: max,
		IsTruncated: out.Truncated, Initiator: c.ownerXML(u.Owner), Owner: c.ownerXML(u.Owner), StorageClass: u.StorageClass,
		ChecksumAlgorithm: u.ChecksumAlgorithm, ChecksumType: u.ChecksumType}
	if out.Truncated {
		res.NextPartNumberMarker = int(out.Next)
	}
	for _, p := range out.Parts {
		px := s3xml.Part{PartNumber: int(p.Number), LastModified: p.Modified, ETag: quote(p.ETag), Size: p.Size}
		px.Checksums.Set(u.ChecksumAlgorithm, p.Checksum)
		res.Parts = append(res.Parts, px)
	}
	return c.xml(res)
}

var _ = meta.NullVersion

// setUploadSSEHeaders describes, on a part's response, the encryption of
// the upload the part belongs to, as S3 does.
func (c *call) setUploadSSEHeaders(rk engine.ReadKeys) {
	if u, err := c.h.eng.Upload(c.ctx, c.bucket, c.key, c.query.Get("uploadId")); err == nil {
		setSSEHeaders(c.w.Header(), &u.Encryption, rk.CustomerKey)
	} else if rk.CustomerKey != nil {
		setSSEHeaders(c.w.Header(), &meta.Encryption{Mode: engine.ModeSSEC}, rk.CustomerKey)
	}
}
