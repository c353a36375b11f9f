package s3api

import (
	"net/http"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

const metaPrefix = "X-Amz-Meta-"

// storage classes S3 accepts on writes.
var storageClasses = map[string]bool{
	"STANDARD": true, "REDUCED_REDUNDANCY": true, "STANDARD_IA": true, "ONEZONE_IA": true,
	"INTELLIGENT_TIERING": true, "GLACIER": true, "DEEP_ARCHIVE": true, "GLACIER_IR": true,
	"OUTPOSTS": true, "SNOW": true, "EXPRESS_ONEZONE": true, "FSX_OPENZFS": true,
}

// objectAttrs reads the attributes a write stores: standard headers, user
// metadata, tags and storage class.
// errObjectLock answers requests that ask for Object Lock, which Coffer
// does not enforce and so must not accept.
var errObjectLock = apierr.NotImplemented.WithMessage("Object Lock is not supported")

func objectAttrs(h http.Header, withTags bool) (engine.ObjectAttrs, error) {
	var a engine.ObjectAttrs
	for _, k := range []string{"X-Amz-Object-Lock-Mode", "X-Amz-Object-Lock-Retain-Until-Date", "X-Amz-Object-Lock-Legal-Hold"} {
		if h.Get(k) != "" {
			return a, errObjectLock
		}
	}
	a.Headers = meta.Headers{
		ContentType:        h.Get("Content-Type"),
		ContentEncoding:    stripAWSChunked(h.Get("Content-Encoding")),
		ContentDisposition: h.Get("Content-Disposition"),
		ContentLanguage:    h.Get("Content-Language"),
		CacheControl:       h.Get("Cache-Control"),
		Expires:            h.Get("Expires"),
	}
	if a.Headers.ContentType == "" {
		a.Headers.ContentType = "binary/octet-stream"
	}
	for name, vals := range h {
		if len(name) > len(metaPrefix) && strings.EqualFold(name[:len(metaPrefix)], metaPrefix) {
			a.Meta = append(a.Meta, meta.KV{Name: strings.ToLower(name[len(metaPrefix):]), Value: strings.Join(vals, ",")})
		}
	}
	sortKV(a.Meta)
	if sc := h.Get("X-Amz-Storage-Class"); sc != "" {
		if !storageClasses[sc] {
			return a, apierr.InvalidStorageClass.With("StorageClassRequested", sc)
		}
		a.StorageClass = sc
	}
	if withTags {
		if v, ok := h["X-Amz-Tagging"]; ok {
			tags, err := s3xml.ParseTaggingHeader(strings.Join(v, "&"))
			if err != nil {
				return a, err
			}
			a.Tags = tagsFromXML(tags)
		}
	}
	return a, nil
}

func sortKV(kv []meta.KV) {
	for i := 1; i < len(kv); i++ {
		for j := i; j > 0 && kv[j].Name < kv[j-1].Name; j-- {
			kv[j], kv[j-1] = kv[j-1], kv[j]
		}
	}
}

// stripAWSChunked removes the aws-chunked coding, which describes the
// transfer framing, not the object.
func stripAWSChunked(v string) string {
	if !strings.Contains(v, "aws-chunked") {
		return v
	}
	var keep []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" && p != "aws-chunked" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ",")
}

// requestChecksum reads which additional checksum a write carries: a value
// header, or an algorithm whose value comes in the aws-chunked trailer.
func (c *call) requestChecksum() (engine.ChecksumInput, error) {
	var in engine.ChecksumInput
	h := c.r.Header
	found := 0
	for _, a := range checksum.Algorithms() {
		if v := h.Get(a.HeaderName()); v != "" {
			found++
			in.Algorithm, in.Value = a, v
			if err := checksum.ValidateBase64(a, v); err != nil {
				return in, err
			}
		}
	}
	if found > 1 {
		return in, apierr.InvalidRequest.WithMessage("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
	}
	if t := h.Get("X-Amz-Trailer"); t != "" {
		a, ok := checksum.ParseHeader(strings.ToLower(strings.TrimSpace(t)))
		if !ok {
			return in, apierr.InvalidRequest.WithMessage("The value specified in the x-amz-trailer header is not supported")
		}
		if found > 0 && a != in.Algorithm {
			return in, apierr.InvalidRequest.WithMessage("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
		}
		in.Algorithm = a
		if c.auth.Trailer != nil {
			name := a.HeaderName()
			tr := c.auth.Trailer
			in.Trailer = func() string { return tr(name) }
		}
	}
	alg := h.Get("X-Amz-Sdk-Checksum-Algorithm")
	if alg == "" {
		alg = h.Get("X-Amz-Checksum-Algorithm")
	}
	if alg != "" {
		a, ok := checksum.Parse(alg)
		if !ok {
			return in, apierr.InvalidRequest.WithMessage("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
		if in.Algorithm != checksum.None && in.Algorithm != a {
			return in, apierr.InvalidRequest.WithMessage("Value for x-amz-sdk-checksum-algorithm header is invalid.")
		}
		in.Algorithm = a
	}
	return in, nil
}

// payload reads what a write says of its body: its size and its
// additional checksum.
func (c *call) payload() (int64, engine.ChecksumInput, error) {
	size, err := c.contentLength()
	if err != nil {
		return 0, engine.ChecksumInput{}, err
	}
	ck, err := c.requestChecksum()
	return size, ck, err
}

// contentLength is the payload size of a write: the decoded length of an
// aws-chunked body, else Content-Length, which S3 requires.
func (c *call) contentLength() (int64, error) {
	if c.auth.DecodedLength >= 0 {
		return c.auth.DecodedLength, nil
	}
	if c.r.ContentLength < 0 {
		return 0, apierr.MissingContentLength
	}
	return c.r.ContentLength, nil
}

func parseHTTPTime(v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return time.Time{}
	}
	return t
}

func readConditions(h http.Header, prefix string) engine.Conditions {
	return engine.Conditions{
		IfMatch:           h.Get(prefix + "If-Match"),
		IfNoneMatch:       h.Get(prefix + "If-None-Match"),
		IfModifiedSince:   parseHTTPTime(h.Get(prefix + "If-Modified-Since")),
		IfUnmodifiedSince: parseHTTPTime(h.Get(prefix + "If-Unmodified-Since")),
	}
}

// setObjectHeaders writes the headers that describe a version.
func setObjectHeaders(hdr http.Header, v *meta.Version, versionID string) {
	hdr.Set("ETag", quote(v.ETag))
	hdr.Set("Last-Modified", httpTime(v.Modified))
	hdr.Set("Accept-Ranges", "bytes")
	if versionID != "" {
		hdr.Set("X-Amz-Version-Id", versionID)
	}
	set := func(k, val string) {
		if val != "" {
			hdr.Set(k, val)
		}
	}
	set("Content-Type", v.Headers.ContentType)
	set("Content-Encoding", v.Headers.ContentEncoding)
	set("Content-Disposition", v.Headers.ContentDisposition)
	set("Content-Language", v.Headers.ContentLanguage)
	set("Cache-Control", v.Headers.CacheControl)
	set("Expires", v.Headers.Expires)
	for _, kv := range v.Meta {
		hdr["X-Amz-Meta-"+kv.Name] = []string{kv.Value}
	}
	if len(v.Tags) > 0 {
		hdr.Set("X-Amz-Tagging-Count", itoa(int64(len(v.Tags))))
	}
	if v.StorageClass != "" && v.StorageClass != "STANDARD" {
		hdr.Set("X-Amz-Storage-Class", v.StorageClass)
	}
}

// setChecksumHeaders writes a write's checksum result headers.
func setChecksumHeaders(hdr http.Header, ck meta.Checksum) {
	a, ok := checksum.Parse(ck.Algorithm)
	if !ok || ck.Value == "" {
		return
	}
	hdr.Set(a.HeaderName(), ck.Value)
	if ck.Type != "" {
		hdr.Set("X-Amz-Checksum-Type", ck.Type)
	}
}
