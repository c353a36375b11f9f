package s3api

import (
	"net/url"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// parseCopySource reads x-amz-copy-source: "bucket/key[?versionId=id]",
// URL-encoded, with an optional leading slash.
func parseCopySource(v string) (bucket, key, versionID string, err error) {
	bad := apierr.InvalidArgument.WithMessage("Invalid copy source object key").
		With("ArgumentName", "x-amz-copy-source").With("ArgumentValue", v)
	path, query, _ := strings.Cut(v, "?")
	if query != "" {
		q, perr := url.ParseQuery(query)
		if perr != nil {
			return "", "", "", bad
		}
		versionID = q.Get("versionId")
		if _, ok := q["versionId"]; ok && versionID == "" {
			return "", "", "", apierr.InvalidArgument.WithMessage("Version id cannot be the empty string").
				With("ArgumentName", "versionId").With("ArgumentValue", "")
		}
	}
	dec, perr := url.PathUnescape(path)
	if perr != nil {
		return "", "", "", bad
	}
	dec = strings.TrimPrefix(dec, "/")
	bucket, key, ok := strings.Cut(dec, "/")
	if !ok || bucket == "" || key == "" {
		return "", "", "", bad
	}
	return bucket, key, versionID, nil
}

// copySrc is a resolved copy source: its bucket, and the access point it
// is read through when x-amz-copy-source names one (alias or ARN).
type copySrc struct {
	bucket, key, vid string
	ap               *control.AccessPoint
}

// resolveCopySource reads x-amz-copy-source, which names a bucket, an
// access point alias, or an access point ARN
// (arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME/object/KEY).
func (c *call) resolveCopySource() (copySrc, error) {
	raw := c.r.Header.Get("X-Amz-Copy-Source")
	path, _, _ := strings.Cut(raw, "?")
	if dec, err := url.PathUnescape(path); err == nil && strings.HasPrefix(strings.TrimPrefix(dec, "/"), "arn:") {
		return c.copySourceARN(raw, strings.TrimPrefix(dec, "/"))
	}
	bucket, key, vid, err := parseCopySource(raw)
	if err != nil {
		return copySrc{}, err
	}
	src := copySrc{bucket: bucket, key: key, vid: vid}
	if strings.HasSuffix(bucket, "-s3alias") && c.h.control != nil {
		ap, ok := c.h.control.ByAlias(bucket)
		if !ok {
			return copySrc{}, apierr.NoSuchBucket.With("BucketName", bucket)
		}
		src.bucket, src.ap = ap.Bucket, ap
	}
	return src, nil
}

func (c *call) copySourceARN(raw, arnPath string) (copySrc, error) {
	bad := apierr.InvalidArgument.WithMessage("Invalid copy source object key").
		With("ArgumentName", "x-amz-copy-source").With("ArgumentValue", raw)
	f := strings.SplitN(arnPath, ":", 6)
	if len(f) != 6 || f[2] != "s3" || c.h.control == nil {
		return copySrc{}, bad
	}
	name, key, ok := strings.Cut(strings.TrimPrefix(f[5], "accesspoint/"), "/object/")
	if !ok || !strings.HasPrefix(f[5], "accesspoint/") || key == "" {
		return copySrc{}, bad
	}
	ap, found := c.h.control.ByName(f[4], name)
	if !found {
		return copySrc{}, control.ErrNoSuchAP.With("AccessPointName", name)
	}
	vid := ""
	if _, q, has := strings.Cut(raw, "?"); has {
		if v, err := url.ParseQuery(q); err == nil {
			vid = v.Get("versionId")
		}
	}
	return copySrc{bucket: ap.Bucket, key: key, vid: vid, ap: ap}, nil
}

// authorizeCopySource checks read access to the source of a copy: part of
// the single authorization path, before the handler runs. It uses its own
// condition keys, so nothing of the destination's authorization (its
// access point above all) carries over.
func (c *call) authorizeCopySource() error {
	s, err := c.resolveCopySource()
	if err != nil {
		return err
	}
	src, err := c.h.eng.Bucket(c.ctx, s.bucket)
	if err != nil {
		return err
	}
	if s.ap != nil {
		if src.Owner != s.ap.BucketAccount {
			return apierr.AccessDenied
		}
		if err := c.checkOrigin(s.ap); err != nil {
			return err
		}
	}
	if err := checkExpectedOwner(c.r.Header.Get("X-Amz-Source-Expected-Bucket-Owner"), src); err != nil {
		return err
	}
	action := "s3:GetObject"
	if s.vid != "" {
		action = "s3:GetObjectVersion"
	}
	resource := "arn:aws:s3:::" + s.bucket + "/" + s.key
	if s.ap != nil {
		resource = s.ap.ARN() + "/object/" + s.key
	}
	return c.authorizeVia(c.sourceContext(), src, s.ap, action, resource)
}

func (c *call) copySource() (engine.CopySource, error) {
	s, err := c.resolveCopySource()
	if err != nil {
		return engine.CopySource{}, err
	}
	return engine.CopySource{Bucket: s.bucket, Key: s.key, VersionID: s.vid, Cond: readConditions(c.r.Header, "X-Amz-Copy-Source-")}, nil
}

func directive(v, name string) (replace bool, err error) {
	switch v {
	case "", "COPY":
		return false, nil
	case "REPLACE":
		return true, nil
	}
	return false, apierr.InvalidArgument.WithMessage("Unknown "+name+" directive.").With("ArgumentName", name).With("ArgumentValue", v)
}

func copyObject(c *call) error {
	src, err := c.copySource()
	if err != nil {
		return err
	}
	h := c.r.Header
	in := &engine.CopyInput{Src: src, Bucket: c.bucket, Key: c.key, Owner: c.bkt.Owner, Cond: writeConditions(h)}
	if in.ReplaceMetadata, err = directive(h.Get("X-Amz-Metadata-Directive"), "x-amz-metadata-directive"); err != nil {
		return err
	}
	if in.ReplaceTags, err = directive(h.Get("X-Amz-Tagging-Directive"), "x-amz-tagging-directive"); err != nil {
		return err
	}
	if in.Attrs, err = objectAttrs(h, in.ReplaceTags); err != nil {
		return err
	}
	if in.Owner, err = c.objectWriteACL(h, &in.Attrs); err != nil {
		return err
	}
	in.StorageClassChanged = h.Get("X-Amz-Storage-Class") != ""
	if v := h.Get("X-Amz-Checksum-Algorithm"); v != "" {
		a, ok := checksum.Parse(v)
		if !ok {
			return apierr.InvalidRequest.WithMessage("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
		in.Checksum = a
	}
	if in.Src.Keys, err = c.readKeys(hCopySSEC); err != nil {
		return err
	}
	if in.Keys, err = c.writeKeys(); err != nil {
		return err
	}
	in.EncryptionChanged = h.Get(hSSE) != "" || in.Keys.CustomerKey != nil
	out, err := c.h.eng.CopyObject(c.ctx, in)
	if err != nil {
		return err
	}
	hdr := c.w.Header()
	setSSEHeaders(hdr, &out.Encryption, in.Keys.CustomerKey)
	if out.VersionID != "" {
		hdr.Set("X-Amz-Version-Id", out.VersionID)
	}
	if out.SourceVersionID != "" {
		hdr.Set("X-Amz-Copy-Source-Version-Id", out.SourceVersionID)
	}
	res := &s3xml.CopyObjectResult{ETag: quote(out.ETag), LastModified: out.Modified, ChecksumType: out.Checksum.Type}
	res.Checksums.Set(out.Checksum.Algorithm, out.Checksum.Value)
	return c.xml(res)
}
