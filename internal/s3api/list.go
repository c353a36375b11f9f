package s3api

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// listParams are the parameters every listing shares.
type listParams struct {
	prefix, delimiter string
	max               int
	urlEncode         bool
}

func (c *call) listParams(maxName string) (listParams, error) {
	p := listParams{prefix: c.query.Get("prefix"), delimiter: c.query.Get("delimiter"), max: engine.DefaultMaxKeys}
	if v := c.query.Get(maxName); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, apierr.InvalidArgument.WithMessage("Provided "+maxName+" not an integer or within integer range").
				With("ArgumentName", maxName).With("ArgumentValue", v)
		}
		if n < p.max {
			p.max = n
		}
	}
	switch et := c.query.Get("encoding-type"); et {
	case "":
	case "url":
		p.urlEncode = true
	default:
		return p, apierr.InvalidArgument.WithMessage("Invalid Encoding Method specified in Request").
			With("ArgumentName", "encoding-type").With("ArgumentValue", et)
	}
	return p, nil
}

// enc URL-encodes listing fields when the client asked for encoding-type=url.
// S3 form-encodes (space as "+", "+" as "%2B") but leaves "/" as is, so
// keys and common prefixes keep their path shape.
func (p *listParams) enc(s string) string {
	if !p.urlEncode {
		return s
	}
	return strings.ReplaceAll(url.QueryEscape(s), "%2F", "/")
}

func (p *listParams) encodingType() string {
	if p.urlEncode {
		return "url"
	}
	return ""
}

func (c *call) objectXML(p *listParams, v *meta.Version, withOwner bool) s3xml.Object {
	o := s3xml.Object{Key: p.enc(v.Key), LastModified: v.Modified, ETag: quote(v.ETag), Size: v.Size, StorageClass: v.StorageClass}
	if v.Checksum.Algorithm != "" {
		o.ChecksumAlgorithm = []string{v.Checksum.Algorithm}
		o.ChecksumType = v.Checksum.Type
	}
	if withOwner {
		o.Owner = c.ownerXML(v.Owner)
	}
	return o
}

func prefixesXML(p *listParams, cps []string) []s3xml.CommonPrefix {
	out := make([]s3xml.CommonPrefix, len(cps))
	for i, cp := range cps {
		out[i] = s3xml.CommonPrefix{Prefix: p.enc(cp)}
	}
	return out
}

func listObjectsV1(c *call) error {
	p, err := c.listParams("max-keys")
	if err != nil {
		return err
	}
	marker := c.query.Get("marker")
	out, err := c.h.eng.ListObjects(c.ctx, &engine.ListInput{Bucket: c.bucket, Prefix: p.prefix, Delimiter: p.delimiter, After: marker, MaxKeys: p.max})
	if err != nil {
		return err
	}
	res := &s3xml.ListBucketResult{Name: c.bucket, Prefix: p.enc(p.prefix), Marker: p.enc(marker), MaxKeys: p.max,
		Delimiter: p.enc(p.delimiter), IsTruncated: out.Truncated, EncodingType: p.encodingType()}
	if out.Truncated && p.delimiter != "" {
		res.NextMarker = p.enc(out.NextAfter)
	}
	for _, v := range out.Entries {
		res.Contents = append(res.Contents, c.objectXML(&p, v, true))
	}
	res.CommonPrefixes = prefixesXML(&p, out.CommonPrefixes)
	return c.xml(res)
}

func listObjectsV2(c *call) error {
	p, err := c.listParams("max-keys")
	if err != nil {
		return err
	}
	after := c.query.Get("start-after")
	token := c.query.Get("continuation-token")
	if _, ok := c.query["continuation-token"]; ok {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || token == "" {
			return apierr.InvalidArgument.WithMessage("The continuation token provided is incorrect").
				With("ArgumentName", "continuation-token")
		}
		after = string(raw)
	}
	out, err := c.h.eng.ListObjects(c.ctx, &engine.ListInput{Bucket: c.bucket, Prefix: p.prefix, Delimiter: p.delimiter, After: after, MaxKeys: p.max})
	if err != nil {
		return err
	}
	res := &s3xml.ListBucketResultV2{Name: c.bucket, Prefix: p.enc(p.prefix), ContinuationToken: token, MaxKeys: p.max,
		Delimiter: p.enc(p.delimiter), EncodingType: p.encodingType(), IsTruncated: out.Truncated,
		StartAfter: p.enc(c.query.Get("start-after")), KeyCount: len(out.Entries) + len(out.CommonPrefixes)}
	if out.Truncated {
		res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(out.NextAfter))
	}
	fetchOwner := c.query.Get("fetch-owner") == "true"
	for _, v := range out.Entries {
		res.Contents = append(res.Contents, c.objectXML(&p, v, fetchOwner))
	}
	res.CommonPrefixes = prefixesXML(&p, out.CommonPrefixes)
	return c.xml(res)
}

func listObjectVersions(c *call) error {
	p, err := c.listParams("max-keys")
	if err != nil {
		return err
	}
	keyMarker, vidMarker := c.query.Get("key-marker"), c.query.Get("version-id-marker")
	out, err := c.h.eng.ListVersions(c.ctx, &engine.ListInput{Bucket: c.bucket, Prefix: p.prefix, Delimiter: p.delimiter,
		After: keyMarker, AfterVersion: vidMarker, MaxKeys: p.max})
	if err != nil {
		return err
	}
	res := &s3xml.ListVersionsResult{Name: c.bucket, Prefix: p.enc(p.prefix), KeyMarker: p.enc(keyMarker), VersionIdMarker: vidMarker,
		MaxKeys: p.max, Delimiter: p.enc(p.delimiter), IsTruncated: out.Truncated, EncodingType: p.encodingType()}
	if out.Truncated {
		res.NextKeyMarker = p.enc(out.NextAfter)
		res.NextVersionIdMarker = out.NextVersion
	}
	for i, v := range out.Entries {
		e := s3xml.VersionEntry{IsDeleteMarker: v.DeleteMarker, Key: p.enc(v.Key), VersionId: v.VersionID, IsLatest: out.IsLatest[i],
			LastModified: v.Modified, Owner: c.ownerXML(v.Owner)}
		if !v.DeleteMarker {
			e.ETag, e.Size, e.StorageClass = quote(v.ETag), v.Size, v.StorageClass
			if v.Checksum.Algorithm != "" {
				e.ChecksumAlgorithm = []string{v.Checksum.Algorithm}
				e.ChecksumType = v.Checksum.Type
			}
		}
		res.Entries = append(res.Entries, e)
	}
	res.CommonPrefixes = prefixesXML(&p, out.CommonPrefixes)
	return c.xml(res)
}

func listMultipartUploads(c *call) error {
	p, err := c.listParams("max-uploads")
	if err != nil {
		return err
	}
	keyMarker, idMarker := c.query.Get("key-marker"), c.query.Get("upload-id-marker")
	if keyMarker == "" {
		idMarker = ""
	}
	out, err := c.h.eng.ListUploads(c.ctx, &engine.ListInput{Bucket: c.bucket, Prefix: p.prefix, Delimiter: p.delimiter,
		After: keyMarker, AfterVersion: idMarker, MaxKeys: p.max})
	if err != nil {
		return err
	}
	res := &s3xml.ListMultipartUploadsResult{Bucket: c.bucket, KeyMarker: p.enc(keyMarker), UploadIdMarker: idMarker,
		Prefix: p.enc(p.prefix), Delimiter: p.enc(p.delimiter), MaxUploads: p.max, IsTruncated: out.Truncated, EncodingType: p.encodingType()}
	if out.Truncated {
		res.NextKeyMarker, res.NextUploadIdMarker = p.enc(out.NextKey), out.NextUploadID
	}
	for _, u := range out.Uploads {
		owner := c.ownerXML(u.Owner)
		res.Uploads = append(res.Uploads, s3xml.Upload{Key: p.enc(u.Key), UploadId: u.UploadID, Initiator: owner, Owner: owner,
			StorageClass: u.StorageClass, Initiated: u.Initiated, ChecksumAlgorithm: u.ChecksumAlgorithm, ChecksumType: u.ChecksumType})
	}
	res.CommonPrefixes = prefixesXML(&p, out.CommonPrefixes)
	return c.xml(res)
}
